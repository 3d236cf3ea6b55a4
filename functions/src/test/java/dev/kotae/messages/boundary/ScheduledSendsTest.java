package dev.kotae.messages.boundary;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kotae.InboundEvents;
import dev.kotae.LocalStandIns;
import dev.kotae.MutableClock;
import dev.kotae.Wiring;
import dev.kotae.conversations.boundary.InboundMessageHandler;
import dev.kotae.settings.FunctionVariable;
import dev.kotae.settings.KotaeSettings;
import dev.kotae.standins.Fault;
import dev.kotae.standins.LocalLambdaContext;
import dev.kotae.standins.SmsSimulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import static dev.kotae.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scheduled sends through the handlers, on the stand-ins: booked by {@code POST /messages} with a
 * {@code sendAt}, fired by the EventBridge Scheduler stand-in through Lambda's asynchronous invocation
 * when the test's clock reaches it, canceled by {@code DELETE /messages/{messageId}}.
 */
class ScheduledSendsTest {

    private static final String BOOK_EVENT = "events/send-message-scheduled.json";
    /** The event's sendAt, 2026-12-05T09:00:00+09:00. */
    private static final Instant SEND_AT = Instant.parse("2026-12-05T00:00:00Z");
    private static final String OTHER_CALLER = "arn:aws:sts::123456789012:assumed-role/ops/alice";

    private final LocalStandIns standIns = LocalStandIns.start();
    private final SmsSimulator simulator = standIns.simulator;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));
    private Map<String, String> environment;
    private SendMessageHandler send;
    private GetMessageHandler get;
    private CancelMessageHandler cancel;
    private ScheduledSendHandler firing;

    @BeforeEach
    void deploy() {
        simulator.reset();
        standIns.scheduler.reset();
        standIns.lambda.reset();
        deploy(Map.of());
    }

    /** The scheduled-send function's alias, as its schedules name it and as it finds itself invoked. */
    private String target() {
        return environment.get(FunctionVariable.SCHEDULED_SEND_TARGET_ARN.name());
    }

    private void deploy(Map<String, String> context) {
        var withOptOuts = new HashMap<>(context);
        withOptOuts.put(KotaeSettings.DEFAULT_COUNTRY, "JP");
        environment = standIns.deployment(withOptOuts);
        var wiring = Wiring.from(environment, clock);
        send = new SendMessageHandler(wiring);
        get = new GetMessageHandler(wiring);
        cancel = new CancelMessageHandler(wiring);
        firing = new ScheduledSendHandler(wiring);
        standIns.lambda.register(target(), input -> firing.fire(input, target()));
    }

    @Test
    void aMessageWithSendAtIsScheduledNotSent() {
        var receipt = json(book());

        assertThat(receipt.get("status").asText()).isEqualTo("SCHEDULED");
        assertThat(receipt.get("sendAt").asText()).isEqualTo("2026-12-05T00:00:00Z");
        assertThat(receipt.has("conversation")).as("a conversation opens when the message is sent").isFalse();
        var messageId = receipt.get("messageId").asText();
        assertThat(message(messageId).get("status").asText()).isEqualTo("SCHEDULED");
        var schedule = standIns.scheduler.schedules().stream()
                .filter(candidate -> candidate.name().equals(messageId)).findFirst().orElseThrow();
        assertThat(schedule.at()).isEqualTo(SEND_AT);
        assertThat(schedule.group()).isEqualTo(environment.get(FunctionVariable.SCHEDULE_GROUP_NAME.name()));
        assertThat(schedule.input()).as("the body lives in the schedule").contains("Reply CONFIRM to confirm.");
        assertThat(schedule.kmsKeyArn()).as("encrypted with the stack's key")
                .isEqualTo(environment.get(FunctionVariable.SCHEDULE_INPUT_KEY_ARN.name())).startsWith("arn:aws:kms:");
        assertThat(standIns.dynamo.scan(scan -> scan.tableName(environment.get(FunctionVariable.TABLE_NAME.name()))).items())
                .as("and nowhere in the table").isNotEmpty()
                .allSatisfy(item -> assertThat(item.toString()).doesNotContain("Reply CONFIRM"));
        assertThat(simulator.outbox()).isEmpty();
    }

    @Test
    void aFullDayIsRefusedAtBookingAndOtherDaysStillSend() {
        deploy(Map.of(KotaeSettings.CALLER_DAILY_LIMIT, "1"));
        book();

        var sameDay = send.handleRequest(withoutKey(withBody(body -> body)), LocalLambdaContext.invoking("send"));
        var today = send.handleRequest(withoutKey(withBody(body -> body.without("sendAt"))),
                LocalLambdaContext.invoking("send"));

        assertThat(sameDay.getStatusCode()).isEqualTo(429);
        assertThat(json(sameDay).at("/error/code").asText()).isEqualTo("CALLER_QUOTA_EXCEEDED");
        assertThat(json(sameDay).at("/error/message").asText()).contains("2026-12-05");
        assertThat(today.getStatusCode()).as("today's count is apart from the 5th's").isEqualTo(202);
    }

    @Test
    void aDryRunIsHeldAndValidatedWhenDue() {
        var messageId = json(book(withBody(body -> body.put("dryRun", true)))).get("messageId").asText();

        clock.advance(Duration.between(clock.instant(), SEND_AT));
        standIns.runDue(clock.instant());

        assertThat(message(messageId).get("status").asText()).isEqualTo("DRY_RUN");
        assertThat(simulator.outbox()).isEmpty();
    }

    @Test
    void aCountryNoLongerAllowedWhenDueIsRefusedThen() {
        var messageId = json(book()).get("messageId").asText();
        var usOnly = new HashMap<>(environment);
        usOnly.put(FunctionVariable.ALLOWED_COUNTRIES.name(), "US");

        clock.advance(Duration.between(clock.instant(), SEND_AT));
        new ScheduledSendHandler(Wiring.from(usOnly, clock)).fire(scheduleInput(messageId), target());

        assertThat(simulator.outbox()).isEmpty();
        var refused = message(messageId);
        assertThat(refused.get("status").asText()).isEqualTo("FAILED");
        assertThat(refused.at("/error/code").asText()).isEqualTo("DESTINATION_NOT_ALLOWED");
    }

    @Test
    void aBookingWhoseScheduleCannotBeCreatedIsRefusedAndFreesItsKey() {
        var broken = new HashMap<>(environment);
        broken.put(FunctionVariable.SCHEDULE_GROUP_NAME.name(), "no-such-group");

        var refused = new SendMessageHandler(Wiring.from(broken, clock)).handleRequest(
                EventLoader.loadApiGatewayRestEvent(BOOK_EVENT), LocalLambdaContext.invoking("send"));
        var retried = book();

        assertThat(refused.getStatusCode()).isEqualTo(500);
        assertThat(json(refused).at("/error/message").asText()).contains("schedule group does not exist");
        assertThat(json(retried).get("status").asText()).as("the key was released").isEqualTo("SCHEDULED");
        assertThat(standIns.scheduler.schedules()).hasSize(1);
    }

    @Test
    void aScheduledMessageIsSentWhenDueAndItsConversationCountsFromThen() {
        var messageId = json(book()).get("messageId").asText();

        clock.advance(Duration.between(clock.instant(), SEND_AT).minusSeconds(1));
        standIns.runDue(clock.instant());
        assertThat(simulator.outbox()).as("not before its time").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        standIns.runDue(clock.instant());

        assertThat(simulator.outbox()).hasSize(1);
        var sent = message(messageId);
        assertThat(sent.get("status").asText()).isEqualTo("SENT");
        assertThat(sent.get("sendAt").asText()).isEqualTo("2026-12-05T00:00:00Z");
        assertThat(sent.at("/conversation/expiresAt").asText()).isEqualTo("2026-12-06T00:00:00Z");
        assertThat(standIns.scheduler.schedules()).as("the schedule deletes itself after completion")
                .noneMatch(schedule -> schedule.name().equals(messageId));
    }

    @Test
    void aScheduleThatFiresTwiceSendsOnce() {
        var messageId = json(book()).get("messageId").asText();
        var input = scheduleInput(messageId);
        clock.advance(Duration.between(clock.instant(), SEND_AT));

        firing.fire(input, target());
        firing.fire(input, target());

        assertThat(simulator.outbox()).hasSize(1);
        assertThat(message(messageId).get("status").asText()).isEqualTo("SENT");
    }

    @Test
    void anOptOutRecordedAfterBookingRefusesTheSend() {
        var messageId = json(book()).get("messageId").asText();
        new InboundMessageHandler(Wiring.from(environment, clock)).handleRequest(InboundEvents.load("inbound-stop.json"),
                LocalLambdaContext.invoking("inbound"));
        simulator.reset();

        clock.advance(Duration.between(clock.instant(), SEND_AT));
        standIns.runDue(clock.instant());

        assertThat(simulator.outbox()).isEmpty();
        var refused = message(messageId);
        assertThat(refused.get("status").asText()).isEqualTo("FAILED");
        assertThat(refused.at("/error/code").asText()).isEqualTo("RECIPIENT_OPTED_OUT");
    }

    @Test
    void aThrottledFiringIsRetriedByLambdaAndSendsOnce() {
        var messageId = json(book()).get("messageId").asText();
        // The SMS client tries three times before the function gives up.
        simulator.injectFault("SendTextMessage", Fault.THROTTLE, 3);

        clock.advance(Duration.between(clock.instant(), SEND_AT));
        standIns.runDue(clock.instant());
        var waiting = message(messageId);
        clock.advance(Duration.ofMinutes(1));
        standIns.runDue(clock.instant());

        assertThat(waiting.get("status").asText()).isEqualTo("SCHEDULED");
        assertThat(waiting.at("/error/code").asText()).isEqualTo("THROTTLED");
        assertThat(simulator.outbox()).hasSize(1);
        assertThat(message(messageId).get("status").asText()).isEqualTo("SENT");
    }

    @Test
    void aMessageNoFiringCouldSendByItsDeadlineReadsFailed() {
        var messageId = json(book()).get("messageId").asText();

        clock.advance(Duration.between(clock.instant(), SEND_AT.plus(Duration.ofHours(2))));
        var missed = message(messageId);
        firing.fire(scheduleInput(messageId), target());

        assertThat(missed.get("status").asText()).isEqualTo("FAILED");
        assertThat(missed.at("/error/code").asText()).isEqualTo("SEND_DEADLINE_PASSED");
        assertThat(simulator.outbox()).as("a late firing sends nothing").isEmpty();
        assertThat(message(messageId).at("/error/code").asText()).isEqualTo("SEND_DEADLINE_PASSED");
    }

    @Test
    void aCanceledMessageIsNeverSent() {
        var messageId = json(book()).get("messageId").asText();

        var canceled = cancel(messageId, null);

        assertThat(canceled.getStatusCode()).isEqualTo(200);
        assertThat(json(canceled).get("status").asText()).isEqualTo("CANCELED");
        assertThat(standIns.scheduler.schedules()).noneMatch(schedule -> schedule.name().equals(messageId));
        clock.advance(Duration.between(clock.instant(), SEND_AT));
        standIns.runDue(clock.instant());
        assertThat(simulator.outbox()).isEmpty();
        assertThat(message(messageId).get("status").asText()).isEqualTo("CANCELED");
    }

    @Test
    void aMessageNoLongerScheduledCannotBeCanceled() {
        var messageId = json(book()).get("messageId").asText();
        cancel(messageId, null);

        var again = cancel(messageId, null);

        assertThat(again.getStatusCode()).isEqualTo(409);
        assertThat(json(again).at("/error/code").asText()).isEqualTo("MESSAGE_NOT_CANCELABLE");
        assertThat(json(again).at("/error/message").asText()).contains("CANCELED");
    }

    @Test
    void onlyTheBookersPrincipalMayCancel() {
        var messageId = json(book()).get("messageId").asText();

        var refused = cancel(messageId, OTHER_CALLER);

        assertThat(refused.getStatusCode()).isEqualTo(403);
        assertThat(json(refused).at("/error/code").asText()).isEqualTo("CANCEL_NOT_ALLOWED");
        assertThat(message(messageId).get("status").asText()).isEqualTo("SCHEDULED");
    }

    @Test
    void aPrincipalGrantedCancelAnyMayCancelAnyonesMessage() {
        deploy(Map.of(KotaeSettings.CALLERS, "{\"arn:aws:iam::123456789012:role/ops\": [\"send\", \"cancelAny\"]}"));
        var messageId = json(book()).get("messageId").asText();

        var canceled = cancel(messageId, OTHER_CALLER);

        assertThat(canceled.getStatusCode()).isEqualTo(200);
        assertThat(message(messageId).get("status").asText()).isEqualTo("CANCELED");
    }

    @Test
    void aRetriedBookingWithItsIdempotencyKeyBooksOnce() {
        var first = json(book());
        var retry = json(book());

        assertThat(retry).isEqualTo(first);
        assertThat(standIns.scheduler.schedules()).filteredOn(schedule -> schedule.group().equals(
                environment.get(FunctionVariable.SCHEDULE_GROUP_NAME.name()))).hasSize(1);
    }

    @Test
    void theEventsScheduleInputIsWhatABookingWrites() throws Exception {
        var messageId = json(book()).get("messageId").asText();
        var documented = json(Files.readString(Path.of("../events/scheduled-send.json"), StandardCharsets.UTF_8));

        var written = json(scheduleInput(messageId));

        assertThat(written.at("/request")).isEqualTo(documented.at("/request"));
        assertThat(fieldNames(written)).isEqualTo(fieldNames(documented));
    }

    private static java.util.List<String> fieldNames(JsonNode node) {
        var names = new java.util.ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private String scheduleInput(String messageId) {
        return standIns.scheduler.schedules().stream().filter(schedule -> schedule.name().equals(messageId))
                .findFirst().orElseThrow().input();
    }

    private APIGatewayProxyResponseEvent book() {
        return book(EventLoader.loadApiGatewayRestEvent(BOOK_EVENT));
    }

    private APIGatewayProxyResponseEvent book(APIGatewayProxyRequestEvent event) {
        var response = send.handleRequest(event, LocalLambdaContext.invoking("send"));
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
        return response;
    }

    /** The booking event with its body changed. */
    private static APIGatewayProxyRequestEvent withBody(UnaryOperator<ObjectNode> change) {
        var event = EventLoader.loadApiGatewayRestEvent(BOOK_EVENT);
        event.setBody(change.apply((ObjectNode) json(event.getBody())).toString());
        return event;
    }

    private static APIGatewayProxyRequestEvent withoutKey(APIGatewayProxyRequestEvent event) {
        event.getHeaders().remove("Idempotency-Key");
        event.getMultiValueHeaders().remove("Idempotency-Key");
        return event;
    }

    private APIGatewayProxyResponseEvent cancel(String messageId, String asCaller) {
        var event = EventLoader.loadApiGatewayRestEvent("events/cancel-message.json");
        event.setPathParameters(Map.of("messageId", messageId));
        if (asCaller != null) {
            event.getRequestContext().getIdentity().setUserArn(asCaller);
        }
        return cancel.handleRequest(event, LocalLambdaContext.invoking("cancel"));
    }

    private JsonNode message(String messageId) {
        var event = new APIGatewayProxyRequestEvent().withPathParameters(Map.of("messageId", messageId));
        return json(get.handleRequest(event, LocalLambdaContext.invoking("get")));
    }
}
