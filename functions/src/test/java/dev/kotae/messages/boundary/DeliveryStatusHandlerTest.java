package dev.kotae.messages.boundary;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kotae.InboundEvents;
import dev.kotae.LocalStandIns;
import dev.kotae.Wiring;
import dev.kotae.messages.control.DeliveryMetrics;
import dev.kotae.messages.control.DeliveryService;
import dev.kotae.standins.LocalLambdaContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

import static dev.kotae.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Delivery events (SQS record → SNS envelope → End User Messaging event) against DynamoDB Local. */
class DeliveryStatusHandlerTest {

    private final ByteArrayOutputStream metrics = new ByteArrayOutputStream();
    private DeliveryStatusHandler handler;
    private SendMessageHandler send;
    private GetMessageHandler messages;

    @BeforeEach
    void freshTable() {
        var standIns = LocalStandIns.start();
        standIns.simulator.reset();
        var wiring = Wiring.from(standIns.deployment(Map.of()), Clock.systemUTC());
        handler = new DeliveryStatusHandler(new DeliveryService(wiring.messageStore(),
                new DeliveryMetrics(new PrintStream(metrics, true, StandardCharsets.UTF_8), Clock.systemUTC(), "Kotae-staging")));
        send = new SendMessageHandler(wiring);
        messages = new GetMessageHandler(wiring);
    }

    @Test
    void aDeliveredEventMovesTheMessageToDelivered() {
        var id = sentMessageId();

        var response = deliver("delivery-delivered.json", id);

        assertThat(response.getBatchItemFailures()).isEmpty();
        var record = message(id);
        assertThat(record.get("delivery").get("status").asText()).isEqualTo("DELIVERED");
        assertThat(record.get("delivery").get("eventType").asText()).isEqualTo("TEXT_DELIVERED");
        assertThat(record.get("deliveryHistory")).hasSize(1);
        assertThat(metrics.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().satisfies(line -> {
            var emf = json(line);
            assertThat(emf.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").toString())
                    .isEqualTo("[[\"Stack\"]]");
            assertThat(emf.get("Stack").asText()).isEqualTo("Kotae-staging");
            assertThat(emf.get("DeliveredMessages").asInt()).isEqualTo(1);
        });
    }

    @Test
    void aLateSuccessfulEventNeverMovesDeliveredBackButJoinsTheHistory() {
        var id = sentMessageId();

        deliver("delivery-delivered.json", id);
        deliver("delivery-successful.json", id);

        var record = message(id);
        assertThat(record.get("delivery").get("status").asText()).isEqualTo("DELIVERED");
        assertThat(record.get("deliveryHistory")).extracting(step -> step.get("eventType").asText())
                .containsExactly("TEXT_SUCCESSFUL", "TEXT_DELIVERED");
    }

    @Test
    void aFailureIsRecordedWithItsTypeAndCountedOnceHoweverOftenItArrives() {
        var id = sentMessageId();

        deliver("delivery-failed.json", id);
        deliver("delivery-failed.json", id);

        var delivery = message(id).get("delivery");
        assertThat(delivery.get("status").asText()).isEqualTo("FAILED");
        assertThat(delivery.get("eventType").asText()).isEqualTo("TEXT_CARRIER_UNREACHABLE");
        assertThat(delivery.get("description").asText()).isEqualTo("The destination carrier is unreachable");
        assertThat(message(id).get("deliveryHistory")).hasSize(1);
        var lines = metrics.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).singleElement().satisfies(line -> {
            var emf = json(line);
            assertThat(emf.get("_aws").get("CloudWatchMetrics").get(0).get("Namespace").asText()).isEqualTo("Kotae");
            assertThat(emf.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").toString())
                    .isEqualTo("[[\"Stack\",\"EventType\"],[\"Stack\"]]");
            assertThat(emf.get("Stack").asText()).isEqualTo("Kotae-staging");
            assertThat(emf.get("EventType").asText()).isEqualTo("TEXT_CARRIER_UNREACHABLE");
            assertThat(emf.get("FailedDeliveries").asInt()).isEqualTo(1);
        });
    }

    @Test
    void aFailureAfterDeliveryDoesNotUndoIt() {
        var id = sentMessageId();

        deliver("delivery-delivered.json", id);
        deliver("delivery-failed.json", id);

        assertThat(message(id).get("delivery").get("status").asText()).isEqualTo("DELIVERED");
        assertThat(metrics.toString(StandardCharsets.UTF_8)).doesNotContain("FailedDeliveries");
    }

    @Test
    void anEventForAMessageKotaeDidNotSendIsIgnored() {
        var response = deliver("delivery-delivered.json", "00000000-0000-4000-8000-000000000000");

        assertThat(response.getBatchItemFailures()).isEmpty();
    }

    @Test
    void anEventWithoutKotaesIdIsIgnored() {
        var event = InboundEvents.withPayload(EventLoader.loadSQSEvent("events/delivery-delivered.json"), e -> e.remove("context"));

        assertThat(handler.handleRequest(event, LocalLambdaContext.invoking("status")).getBatchItemFailures()).isEmpty();
    }

    /** Epoch milliseconds are a JSON integer: text or a fraction is not read as some other time. */
    @ParameterizedTest
    @ValueSource(strings = {"\"1795988302028\"", "1795988302028.5", "18446744073709551616"})
    void anEventTimestampThatIsNotEpochMillisecondsIsAMalformedRecord(String timestamp) {
        var event = InboundEvents.withPayload(EventLoader.loadSQSEvent("events/delivery-delivered.json"),
                e -> e.set("eventTimestamp", json(timestamp)));

        assertThat(handler.handleRequest(event, LocalLambdaContext.invoking("status")).getBatchItemFailures()).hasSize(1);
    }

    @Test
    void aRecordThatIsNotADeliveryEventFailsAlone() {
        var event = EventLoader.loadSQSEvent("events/delivery-delivered.json");
        event.getRecords().get(0).setBody("{\"Type\": \"Notification\", \"Message\": \"{}\", \"Timestamp\": \"2026-11-22T03:20:05Z\"}");

        var response = handler.handleRequest(event, LocalLambdaContext.invoking("status"));

        assertThat(response.getBatchItemFailures()).hasSize(1);
    }

    private String sentMessageId() {
        var response = send.handleRequest(EventLoader.loadApiGatewayRestEvent("events/send-message.json"),
                LocalLambdaContext.invoking("send"));
        assertThat(response.getStatusCode()).isEqualTo(202);
        return json(response).get("messageId").asText();
    }

    private SQSBatchResponse deliver(String file, String kotaeMessageId) {
        var event = InboundEvents.withPayload(EventLoader.loadSQSEvent("events/" + file),
                e -> ((ObjectNode) e.get("context")).put("kotaeMessageId", kotaeMessageId));
        return handler.handleRequest(event, LocalLambdaContext.invoking("status"));
    }

    private JsonNode message(String id) {
        var event = EventLoader.loadApiGatewayRestEvent("events/get-message.json").withPathParameters(Map.of("messageId", id));
        var response = messages.handleRequest(event, LocalLambdaContext.invoking("get"));
        assertThat(response.getStatusCode()).isEqualTo(200);
        return json(response);
    }
}
