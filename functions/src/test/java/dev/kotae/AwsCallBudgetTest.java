package dev.kotae;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.kotae.conversations.boundary.EventRelayHandler;
import dev.kotae.conversations.boundary.InboundMessageHandler;
import dev.kotae.messages.boundary.CancelMessageHandler;
import dev.kotae.messages.boundary.ScheduledSendHandler;
import dev.kotae.messages.boundary.SendMessageHandler;
import dev.kotae.settings.FunctionVariable;
import dev.kotae.standins.LocalLambdaContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AWS calls per operation are deterministic, so they are pinned here: a change that adds a call
 * to the send or reply path (latency, cost, a new way to fail) shows up as a failing test.
 */
class AwsCallBudgetTest {

    /** A week before the reminder in events/send-message-scheduled.json is due. */
    private static final java.time.Clock BEFORE_THE_REMINDER =
            java.time.Clock.fixed(java.time.Instant.parse("2026-11-28T00:00:00Z"), java.time.ZoneOffset.UTC);

    private final LocalStandIns standIns = LocalStandIns.start();
    private Map<String, String> environment;
    private SendMessageHandler send;
    private InboundMessageHandler inbound;
    private EventRelayHandler relay;

    @BeforeEach
    void wire() {
        environment = standIns.freshDeployment();
        wire(environment);
    }

    private void withoutOptOutList() {
        var fresh = standIns.freshDeployment();
        fresh.remove(FunctionVariable.OPT_OUT_LIST_NAME.name());
        wire(fresh);
    }

    private void wire(Map<String, String> deployment) {
        var wiring = Wiring.from(deployment, Clock.systemUTC());
        send = new SendMessageHandler(wiring);
        inbound = new InboundMessageHandler(wiring);
        relay = new EventRelayHandler(wiring);
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
    void aBookingTakesTwoCallsAndOneMoreForItsIdempotencyKey() {
        standIns.scheduler.reset();
        var booking = EventLoader.loadApiGatewayRestEvent("events/send-message-scheduled.json");
        var withoutKey = EventLoader.loadApiGatewayRestEvent("events/send-message-scheduled.json");
        withoutKey.getHeaders().remove("Idempotency-Key");
        withoutKey.getMultiValueHeaders().remove("Idempotency-Key");
        var send = new SendMessageHandler(Wiring.from(environment, BEFORE_THE_REMINDER));

        var calls = AwsCallCounter.during(() -> send.handleRequest(booking, LocalLambdaContext.invoking("send")));
        var callsWithoutKey = AwsCallCounter.during(() -> send.handleRequest(withoutKey,
                LocalLambdaContext.invoking("send")));

        assertThat(calls).containsExactly("DynamoDb.TransactWriteItems", "Scheduler.CreateSchedule", "DynamoDb.PutItem");
        assertThat(callsWithoutKey).containsExactly("DynamoDb.TransactWriteItems", "Scheduler.CreateSchedule");
    }

    @Test
    void aFiringTakesThreeCallsAndACancelThree() {
        standIns.scheduler.reset();
        var wiring = Wiring.from(environment, BEFORE_THE_REMINDER);
        var send = new SendMessageHandler(wiring);
        var toFire = TestJson.json(send.handleRequest(EventLoader.loadApiGatewayRestEvent(
                "events/send-message-scheduled.json"), LocalLambdaContext.invoking("send"))).get("messageId").asText();
        var withoutKey = EventLoader.loadApiGatewayRestEvent("events/send-message-scheduled.json");
        withoutKey.getHeaders().remove("Idempotency-Key");
        withoutKey.getMultiValueHeaders().remove("Idempotency-Key");
        var toCancel = TestJson.json(send.handleRequest(withoutKey, LocalLambdaContext.invoking("send")))
                .get("messageId").asText();
        var input = standIns.scheduler.schedules().stream().filter(schedule -> schedule.name().equals(toFire))
                .findFirst().orElseThrow().input();
        var firing = new ScheduledSendHandler(Wiring.from(environment,
                java.time.Clock.fixed(java.time.Instant.parse("2026-12-05T00:00:00Z"), java.time.ZoneOffset.UTC)));
        var cancel = EventLoader.loadApiGatewayRestEvent("events/cancel-message.json");
        cancel.setPathParameters(Map.of("messageId", toCancel));

        var firingCalls = AwsCallCounter.during(() -> firing.fire(input,
                environment.get(FunctionVariable.SCHEDULED_SEND_TARGET_ARN.name())));
        var cancelCalls = AwsCallCounter.during(() -> new CancelMessageHandler(wiring).handleRequest(cancel,
                LocalLambdaContext.invoking("cancel")));

        // Take it (with the opt-out check), send, record it sent with the conversation it opens.
        assertThat(firingCalls).containsExactly("DynamoDb.TransactWriteItems", "PinpointSmsVoiceV2.SendTextMessage",
                "DynamoDb.TransactWriteItems");
        assertThat(cancelCalls).containsExactly("DynamoDb.Query", "DynamoDb.UpdateItem", "Scheduler.DeleteSchedule");
    }

    @Test
    void aBatchTakesThreeCallsToQueueAndThreePerEntryToSend() {
        var batches = standIns.deploy(Map.of(dev.kotae.settings.KotaeSettings.DEFAULT_COUNTRY, "JP")).batches();
        var wiring = Wiring.from(batches, Clock.systemUTC());
        var create = new dev.kotae.batches.boundary.CreateBatchHandler(wiring);
        var sender = new dev.kotae.batches.boundary.BatchSendHandler(wiring);

        var createCalls = AwsCallCounter.during(() -> create.handleRequest(
                EventLoader.loadApiGatewayRestEvent("events/create-batch.json"), LocalLambdaContext.invoking("create")));
        var sendCalls = AwsCallCounter.during(() -> sender.send(EventLoader.loadSQSEvent("events/batch-send.json"),
                java.time.Instant.now().plusSeconds(60)));

        // The batch (with its refused entries and the quota) at once, its three entries in one call, QUEUED.
        assertThat(createCalls).containsExactly("DynamoDb.TransactWriteItems", "Sqs.SendMessageBatch",
                "DynamoDb.UpdateItem");
        // The batch read and the pace reserved once for both entries; each entry taken, sent, and recorded with
        // the conversation it opens.
        assertThat(sendCalls).containsExactly("DynamoDb.Query", "DynamoDb.UpdateItem",
                "DynamoDb.TransactWriteItems", "PinpointSmsVoiceV2.SendTextMessage", "DynamoDb.TransactWriteItems",
                "DynamoDb.TransactWriteItems", "PinpointSmsVoiceV2.SendTextMessage", "DynamoDb.TransactWriteItems");
    }

    /** Read the number, commit decision, answer record and events together, send. */
    private static final List<String> KEYWORD_ANSWER = List.of("DynamoDb.Query", "DynamoDb.TransactWriteItems",
            "PinpointSmsVoiceV2.SendTextMessage");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"inbound-help.json", "inbound-confirm.json", "inbound-start.json"})
    void aKeywordAnswerTakesThreeCalls(String event) {
        send.handleRequest(EventLoader.loadApiGatewayRestEvent("events/send-message-expect-reply.json"),
                LocalLambdaContext.invoking("send"));

        var calls = AwsCallCounter.during(() -> inbound.handleRequest(InboundEvents.load(event),
                LocalLambdaContext.invoking("inbound")));

        assertThat(calls).isEqualTo(KEYWORD_ANSWER);
    }

    @Test
    void aStopTakesThreeCallsAndOneMoreForTheProvidersOptOutList() {
        var calls = AwsCallCounter.during(() -> inbound.handleRequest(InboundEvents.load("inbound-stop.json"),
                LocalLambdaContext.invoking("inbound")));
        withoutOptOutList();
        var callsWithoutList = AwsCallCounter.during(() -> inbound.handleRequest(
                InboundEvents.load("inbound-stop.json"), LocalLambdaContext.invoking("inbound")));

        // The confirmation must go out before the number joins a list that would refuse it.
        assertThat(calls).containsExactly("DynamoDb.Query", "DynamoDb.TransactWriteItems",
                "PinpointSmsVoiceV2.SendTextMessage", "PinpointSmsVoiceV2.PutOptedOutNumber");
        assertThat(callsWithoutList).isEqualTo(KEYWORD_ANSWER);
    }

    @Test
    void theEventsOfABatchOfDecisionsLeaveInOnePutEvents() {
        for (var keyword : List.of("STOP", "START", "STOP")) {
            inbound.handleRequest(InboundEvents.saying("inbound-stop.json", keyword, UUID.randomUUID().toString()),
                    LocalLambdaContext.invoking("inbound"));
        }
        var streamed = standIns.stream(environment).poll();

        var calls = AwsCallCounter.during(() -> relay.handleRequest(streamed, LocalLambdaContext.invoking("relay")));

        assertThat(calls).containsExactly("EventBridge.PutEvents");
        assertThat(standIns.eventBus.events()).hasSize(3);
    }
}
