package dev.kotae;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.kotae.conversations.boundary.InboundMessageHandler;
import dev.kotae.conversations.boundary.InboundSettings;
import dev.kotae.messages.boundary.SendMessageHandler;
import dev.kotae.platform.Settings;
import dev.kotae.standins.LocalLambdaContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AWS calls per operation are deterministic, so they are pinned here: a change that adds a call
 * to the send or reply path (latency, cost, a new way to fail) shows up as a failing test.
 */
class AwsCallBudgetTest {

    private SendMessageHandler send;
    private InboundMessageHandler inbound;

    @BeforeEach
    void wire() {
        var environment = LocalStandIns.start().freshDeployment();
        var wiring = new Wiring(Settings.from(environment), Clock.systemUTC());
        send = new SendMessageHandler(wiring.sendRequestParser(), wiring.messageService());
        inbound = new InboundMessageHandler(wiring.inboundService(InboundSettings.from(environment)));
    }

    @Test
    void aSendTakesThreeCalls() {
        var calls = AwsCallCounter.during(() -> send.handleRequest(
                EventLoader.loadApiGatewayRestEvent("events/send-message.json"), LocalLambdaContext.invoking("send")));

        assertThat(calls).containsExactly("DynamoDb.TransactWriteItems", "PinpointSmsVoiceV2.SendTextMessage",
                "DynamoDb.PutItem");
    }

    @Test
    void aSendThatOpensAConversationTakesThreeCalls() {
        var calls = AwsCallCounter.during(() -> send.handleRequest(
                EventLoader.loadApiGatewayRestEvent("events/send-message-expect-reply.json"),
                LocalLambdaContext.invoking("send")));

        assertThat(calls).containsExactly("DynamoDb.TransactWriteItems", "PinpointSmsVoiceV2.SendTextMessage",
                "DynamoDb.TransactWriteItems");
    }

    @Test
    void aHelpReplyTakesSixCalls() {
        var calls = AwsCallCounter.during(() -> inbound.handleRequest(InboundEvents.load("inbound-help.json"),
                LocalLambdaContext.invoking("inbound")));

        assertThat(calls).containsExactly(
                "DynamoDb.Query",                       // the number's state, conversations and marker
                "DynamoDb.TransactWriteItems",          // decision and marker
                "DynamoDb.TransactWriteItems",          // the answer recorded, its idempotency key claimed
                "PinpointSmsVoiceV2.SendTextMessage",
                "DynamoDb.TransactWriteItems",          // the answer's outcome
                "DynamoDb.UpdateItem");                 // the marker settled (HELP has no event to publish)
    }

    @Test
    void aStopTakesEightCalls() {
        var calls = AwsCallCounter.during(() -> inbound.handleRequest(InboundEvents.load("inbound-stop.json"),
                LocalLambdaContext.invoking("inbound")));

        assertThat(calls).containsExactly("DynamoDb.Query", "DynamoDb.TransactWriteItems",
                "DynamoDb.TransactWriteItems", "PinpointSmsVoiceV2.SendTextMessage", "DynamoDb.TransactWriteItems",
                "PinpointSmsVoiceV2.PutOptedOutNumber", "EventBridge.PutEvents", "DynamoDb.UpdateItem");
    }
}
