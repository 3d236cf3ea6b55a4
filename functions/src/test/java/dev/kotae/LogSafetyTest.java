package dev.kotae;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kotae.conversations.boundary.InboundMessageHandler;
import dev.kotae.messages.boundary.DeliveryStatusHandler;
import dev.kotae.messages.boundary.GetMessageHandler;
import dev.kotae.messages.boundary.SendMessageHandler;
import dev.kotae.standins.Fault;
import dev.kotae.standins.LocalLambdaContext;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.kotae.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every handler through its common and failing scenarios and reads everything they logged:
 * no message body and no full phone number may appear, and every send and keyword action leaves
 * an audit line with the number masked.
 */
class LogSafetyTest {

    private static final String PERSON = "+819012345678";
    private static final List<String> SECRETS = List.of(
            "7hQ-42xe", "482913", "明日10:00", "Can we move it to 11", "はい、お願いします",
            PERSON, "819012345678", "09012345678", "9012345678", "+815012345678", "815012345678");

    @Test
    void noBodyOrFullNumberReachesTheLogAndEveryActionIsAudited() {
        var standIns = LocalStandIns.start();
        var environment = standIns.freshDeployment();
        var wiring = Wiring.from(environment, Clock.systemUTC());
        var send = new SendMessageHandler(wiring);
        var get = new GetMessageHandler(wiring);
        var inbound = new InboundMessageHandler(wiring);
        var status = new DeliveryStatusHandler(wiring);

        var log = Logged.during(() -> {
            var sent = send.handleRequest(EventLoader.loadApiGatewayRestEvent("events/send-message.json"),
                    LocalLambdaContext.invoking("send"));
            var messageId = json(sent).get("messageId").asText();
            send.handleRequest(EventLoader.loadApiGatewayRestEvent("events/send-message-expect-reply.json"),
                    LocalLambdaContext.invoking("send"));
            standIns.simulator.injectFault("SendTextMessage", Fault.SERVER_ERROR, 1);
            send.handleRequest(EventLoader.loadApiGatewayRestEvent("events/send-message-idempotent.json"),
                    LocalLambdaContext.invoking("send"));
            send.handleRequest(EventLoader.loadApiGatewayRestEvent("events/send-message.json")
                    .withBody("{\"to\": \"09012345678x\", \"body\": \"482913\"}"), LocalLambdaContext.invoking("send"));
            get.handleRequest(EventLoader.loadApiGatewayRestEvent("events/get-message.json")
                    .withPathParameters(Map.of("messageId", messageId)), LocalLambdaContext.invoking("get"));
            for (var text : List.of("はい、お願いします", "Can we move it to 11?", "HELP", "STOP", "START")) {
                inbound.handleRequest(InboundEvents.saying("inbound-text.json", text, UUID.randomUUID().toString()),
                        LocalLambdaContext.invoking("inbound"));
            }
            inbound.handleRequest(InboundEvents.load("inbound-batch-with-poison.json"), LocalLambdaContext.invoking("inbound"));
            status.handleRequest(InboundEvents.withPayload(EventLoader.loadSQSEvent("events/delivery-failed.json"),
                    event -> ((ObjectNode) event.get("context")).put("kotaeMessageId", messageId)),
                    LocalLambdaContext.invoking("status"));
        });

        assertThat(SECRETS).allSatisfy(secret -> assertThat(log).as("the log must not contain " + secret).doesNotContain(secret));
        assertThat(log).contains("Audit send: message").contains("+81******5678").contains("by kotae:inbound")
                .contains("Audit keyword: CONFIRMED")
                .contains("Audit keyword: OPTED_OUT").contains("Audit keyword: OPTED_IN");
    }
}
