package dev.kotae.batches.boundary;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kotae.LocalStandIns;
import dev.kotae.MutableClock;
import dev.kotae.Wiring;
import dev.kotae.consent.control.ConsentService;
import dev.kotae.batches.entity.BatchEntry;
import dev.kotae.messages.boundary.GetMessageHandler;
import dev.kotae.settings.FunctionVariable;
import dev.kotae.settings.KotaeSettings;
import dev.kotae.standins.AcceptedMessage;
import dev.kotae.standins.Fault;
import dev.kotae.standins.LocalLambdaContext;
import dev.kotae.standins.SmsSimulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static dev.kotae.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batches through their handlers, on the stand-ins: {@code POST /batches} queues the valid entries on
 * the SQS stand-in, the sender reads them as Lambda's event source hands them over, and
 * {@code GET /batches/{batchId}} counts what became of each.
 */
class BatchesTest {

    private static final String CREATE_EVENT = "events/create-batch.json";
    private static final String CALLER = "arn:aws:sts::123456789012:assumed-role/billing-service/billing-service";
    private static final String OTHER_CALLER = "arn:aws:sts::123456789012:assumed-role/ops/alice";

    private final LocalStandIns standIns = LocalStandIns.start();
    private final SmsSimulator simulator = standIns.simulator;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));
    private Map<String, String> environment;
    private Wiring wiring;
    private CreateBatchHandler create;
    private GetBatchHandler get;
    private CancelBatchHandler cancel;
    private BatchSendHandler sender;
    /** The consent function's, as a sign-up form's system records consent through it. */
    private ConsentService consent;

    @BeforeEach
    void deploy() {
        simulator.reset();
        standIns.scheduler.reset();
        deploy(Map.of());
    }

    private void deploy(Map<String, String> context) {
        var settings = new HashMap<>(context);
        settings.put(KotaeSettings.DEFAULT_COUNTRY, "JP");
        settings.putIfAbsent(KotaeSettings.MESSAGES_PER_SECOND, "50");
        var deployment = standIns.deploy(settings);
        environment = deployment.batches();
        wiring = Wiring.from(environment, clock);
        consent = Wiring.from(deployment.consent(), clock).consentService();
        create = new CreateBatchHandler(wiring);
        get = new GetBatchHandler(wiring);
        cancel = new CancelBatchHandler(wiring);
        sender = new BatchSendHandler(wiring);
    }

    @Test
    void theValidEntriesAreQueuedAndTheOthersRefusedByIndex() {
        var answer = json(create());

        assertThat(answer.get("status").asText()).isEqualTo("QUEUED");
        assertThat(answer.get("accepted").asInt()).isEqualTo(3);
        assertThat(refusals(answer.get("rejected"))).containsExactly(
                "2 DUPLICATE_ENTRY to", "3 INVALID_PHONE_NUMBER to", "5 INVALID_BODY body");
        assertThat(answer.at("/rejected/0/error/message").asText()).contains("Entry 0");
        assertThat(queued()).isEqualTo(3);
        assertThat(standIns.dynamo.scan(scan -> scan.tableName(environment.get(FunctionVariable.TABLE_NAME.name()))).items())
                .as("the bodies wait on the queue only").isNotEmpty()
                .allSatisfy(item -> assertThat(item.toString()).doesNotContain("ご予約"));
        assertThat(simulator.outbox()).as("nothing is sent by the API").isEmpty();
    }

    @Test
    void theSenderSendsEachEntryOnceAndTheCountsAddUp() {
        var batchId = json(create()).get("batchId").asText();

        drain();

        assertThat(simulator.outbox()).extracting(AcceptedMessage::destinationPhoneNumber)
                .containsExactlyInAnyOrder("+819012345678", "+819023456789", "+14254147755");
        var progress = progress(batchId);
        assertThat(progress.at("/counts/sent").asInt()).isEqualTo(3);
        assertThat(progress.at("/counts/queued").asInt()).isZero();
        assertThat(progress.at("/counts/rejected").asInt()).isEqualTo(3);
        assertThat(progress.get("failures")).isEmpty();
        assertThat(progress.has("lastSentAt")).isTrue();
        assertThat(progress.has("lastSendExpectedAt")).as("nothing waits").isFalse();
        var entry = message(BatchEntry.messageId(batchId, 4));
        assertThat(entry.get("status").asText()).isEqualTo("SENT");
        assertThat(entry.get("caller").asText()).isEqualTo(CALLER);
        var contexts = simulator.outbox().stream().map(AcceptedMessage::context).toList();
        assertThat(contexts).allSatisfy(context -> assertThat(context).containsKey("kotaeMessageId"))
                .anySatisfy(context -> assertThat(context).containsEntry("appointment", "appt-104"));
    }

    @Test
    void aQueueMessageDeliveredTwiceSendsOnce() {
        create();
        purgeQueue();
        var event = EventLoader.loadSQSEvent("events/batch-send.json");

        var first = sender.send(event, farAway());
        var second = sender.send(event, farAway());

        assertThat(first.getBatchItemFailures()).isEmpty();
        assertThat(second.getBatchItemFailures()).isEmpty();
        assertThat(simulator.outbox()).hasSize(2);
    }

    @Test
    void aRetriedRequestAnswersTheSameBatchAndQueuesNothingMore() {
        var first = json(create());
        var retry = json(create());
        var reused = create.handleRequest(withBody(body -> {
            ((ArrayNode) body.get("messages")).remove(4);
            return body;
        }), context());

        assertThat(retry.get("batchId").asText()).isEqualTo(first.get("batchId").asText());
        assertThat(retry.get("rejected")).isEqualTo(first.get("rejected"));
        assertThat(queued()).isEqualTo(3);
        assertThat(reused.getStatusCode()).isEqualTo(422);
        assertThat(json(reused).at("/error/code").asText()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    void anEntryForAnOptedOutNumberIsRecordedRefusedAndNotSent() {
        var batchId = json(create()).get("batchId").asText();
        wiring.messageStore().recordOptOut("+819023456789", clock.instant());

        drain();

        assertThat(simulator.outbox()).extracting(AcceptedMessage::destinationPhoneNumber)
                .doesNotContain("+819023456789").hasSize(2);
        var progress = progress(batchId);
        assertThat(progress.at("/counts/optedOut").asInt()).isEqualTo(1);
        assertThat(progress.at("/counts/sent").asInt()).isEqualTo(2);
        assertThat(progress.at("/failedByCode/RECIPIENT_OPTED_OUT").asInt()).isEqualTo(1);
        assertThat(progress.at("/failures/0/index").asInt()).isEqualTo(1);
        assertThat(message(BatchEntry.messageId(batchId, 1)).at("/error/code").asText()).isEqualTo("RECIPIENT_OPTED_OUT");
    }

    /**
     * A marketing batch reaches only the numbers that consent: the others are refused by index, as a single send
     * would be, and count nothing against the day; a consent withdrawn before an entry's turn refuses it then.
     */
    @Test
    void aMarketingBatchWithMixedConsentSendsOnlyToThoseWhoConsent() {
        deploy(Map.of(KotaeSettings.CALLER_DAILY_LIMIT, "3", KotaeSettings.PROMOTIONAL_FOOTER, FOOTER));
        consent.grant("+819012345678", "web-form", "signed up for offers", "arn:aws:iam::123456789012:role/signup");
        consent.grant("+14254147755", "web-form", "signed up for offers", "arn:aws:iam::123456789012:role/signup");
        var marketing = withBody(body -> body.put("type", "PROMOTIONAL"));

        var answer = json(create(marketing));
        consent.revoke("+14254147755", "arn:aws:iam::123456789012:role/signup");
        drain();

        assertThat(answer.get("accepted").asInt()).isEqualTo(2);
        assertThat(refusals(answer.get("rejected"))).containsExactly("1 CONSENT_REQUIRED to", "2 DUPLICATE_ENTRY to",
                "3 INVALID_PHONE_NUMBER to", "5 INVALID_BODY body");
        assertThat(simulator.outbox()).extracting(AcceptedMessage::destinationPhoneNumber).containsExactly("+819012345678");
        var progress = progress(answer.get("batchId").asText());
        assertThat(progress.at("/failedByCode/CONSENT_REQUIRED").asInt()).as("withdrawn before its turn").isEqualTo(1);
        // Two were counted (the limit of 3 left room for one more): the refused entry cost nothing.
        var another = withoutKey(withBody(body -> {
            body.set("messages", json("[{\"to\": \"+819012345678\", \"body\": \"x\"}]"));
            return body;
        }));
        assertThat(create(another).getStatusCode()).isEqualTo(202);
    }

    /**
     * A marketing batch at night: each entry due in its recipient's night waits in a schedule of its own until the
     * night ends there (Tokyo at 08:00, Seattle at 08:00 its time), and goes then; nothing is sent in the night.
     */
    @Test
    void aMarketingBatchAtNightSendsEachEntryWhenItsRecipientsNightEnds() {
        deploy(Map.of(KotaeSettings.PROMOTIONAL_FOOTER, FOOTER));
        consent.grant("+819012345678", "web-form", "signed up for offers", "arn:aws:iam::123456789012:role/signup");
        consent.grant("+14254147755", "web-form", "signed up for offers", "arn:aws:iam::123456789012:role/signup");
        // 23:00 in Tokyo, 06:00 in Seattle.
        clock.advance(Duration.between(clock.instant(), Instant.parse("2026-11-28T14:00:00Z")));

        var answer = json(create(withBody(body -> body.put("type", "PROMOTIONAL"))));
        var batchId = answer.get("batchId").asText();

        assertThat(answer.get("accepted").asInt()).isEqualTo(2);
        assertThat(queued()).as("nothing joins the queue in the night").isZero();
        assertThat(standIns.scheduler.schedules().stream().filter(schedule -> schedule.name().startsWith(batchId)))
                .extracting(schedule -> schedule.at()).containsExactlyInAnyOrder(
                        Instant.parse("2026-11-28T16:00:00Z"), Instant.parse("2026-11-28T23:00:00Z"));
        var seattleMorning = Instant.parse("2026-11-28T16:00:00Z");
        clock.advance(Duration.between(clock.instant(), seattleMorning));
        standIns.runDue(seattleMorning);
        drain();
        assertThat(simulator.outbox()).extracting(AcceptedMessage::destinationPhoneNumber).containsExactly("+14254147755");
        var tokyoMorning = Instant.parse("2026-11-28T23:00:00Z");
        clock.advance(Duration.between(clock.instant(), tokyoMorning));
        standIns.runDue(tokyoMorning);
        drain();
        assertThat(simulator.outbox()).extracting(AcceptedMessage::destinationPhoneNumber)
                .containsExactly("+14254147755", "+819012345678");
    }

    /**
     * A marketing entry queued in the evening whose turn comes after 21:00 (a long batch at the number's pace, or a
     * backlog) is not sent then: it waits in a schedule of its own until the morning, and goes then.
     */
    @Test
    void aMarketingEntryWhoseTurnComesAtNightWaitsForTheMorning() {
        deploy(Map.of(KotaeSettings.PROMOTIONAL_FOOTER, FOOTER));
        consent.grant("+819012345678", "web-form", "signed up for offers", "arn:aws:iam::123456789012:role/signup");
        // 20:59:30 in Tokyo: the entry is queued, as it is still day there.
        clock.advance(Duration.between(clock.instant(), Instant.parse("2026-11-28T11:59:30Z")));
        var answer = json(create(withBody(body -> body.put("type", "PROMOTIONAL"))));
        var entry = BatchEntry.messageId(answer.get("batchId").asText(), 0);

        clock.advance(Duration.ofSeconds(35));
        drain();

        assertThat(simulator.outbox()).as("nothing in the night").isEmpty();
        var tokyoMorning = Instant.parse("2026-11-28T23:00:00Z");
        assertThat(standIns.scheduler.schedules()).filteredOn(schedule -> schedule.name().startsWith(entry + "-"))
                .extracting(schedule -> schedule.at()).containsExactly(tokyoMorning);
        clock.advance(Duration.between(clock.instant(), tokyoMorning));
        standIns.runDue(tokyoMorning);
        drain();
        assertThat(simulator.outbox()).extracting(AcceptedMessage::destinationPhoneNumber).contains("+819012345678");
        assertThat(message(entry).get("status").asText()).isEqualTo("SENT");
    }

    /** The appointment texts of events/create-batch.json sent as marketing: the footer says who sends them and how to stop. */
    private static final String FOOTER = "Kotae: reply STOP to stop";

    /**
     * A marketing batch's bodies that do not say who sends them and how to stop get the deployment's footer, and
     * without one each is refused by its index, as a single send would be.
     */
    @Test
    void aMarketingBatchsBodiesGetTheFooterOrAreRefusedWithoutOne() {
        consent.grant("+819012345678", "web-form", "signed up", "arn:aws:iam::123456789012:role/signup");

        var refused = json(create(withBody(body -> body.put("type", "PROMOTIONAL"))));
        deploy(Map.of(KotaeSettings.PROMOTIONAL_FOOTER, FOOTER));
        consent.grant("+819012345678", "web-form", "signed up", "arn:aws:iam::123456789012:role/signup");
        create(withoutKey(withBody(body -> body.put("type", "PROMOTIONAL"))));
        drain();

        assertThat(refusals(refused.get("rejected"))).contains("0 INVALID_BODY body", "1 INVALID_BODY body");
        assertThat(refused.get("accepted").asInt()).isZero();
        assertThat(simulator.outbox()).extracting(AcceptedMessage::messageBody).singleElement().satisfies(sms ->
                assertThat(sms).startsWith("明日10:00のご予約").endsWith("\n" + FOOTER));
    }

    /** A retry of the same marketing batch with the same key is the same request, whatever consent changed since. */
    @Test
    void aRetriedMarketingBatchIsTheSameRequestAfterAConsentChanged() {
        deploy(Map.of(KotaeSettings.PROMOTIONAL_FOOTER, FOOTER));
        var marketing = withBody(body -> body.put("type", "PROMOTIONAL"));
        var first = json(create(marketing));
        consent.grant("+819023456789", "paper", "signed form 2026-11-28", "arn:aws:iam::123456789012:role/desk");

        var again = create(withBody(body -> body.put("type", "PROMOTIONAL")));

        assertThat(again.getStatusCode()).isEqualTo(202);
        assertThat(json(again).get("batchId").asText()).isEqualTo(first.get("batchId").asText());
    }

    @Test
    void aThrottledEntryGoesBackOnTheQueueAndIsSentLaterNeverFailed() {
        var batchId = json(create()).get("batchId").asText();
        // The SDK tries a throttled call three times: these throttle one entry's whole turn.
        simulator.injectFault("SendTextMessage", Fault.THROTTLE, 3);

        drain();

        assertThat(simulator.outbox()).hasSize(3);
        var progress = progress(batchId);
        assertThat(progress.at("/counts/sent").asInt()).isEqualTo(3);
        assertThat(progress.at("/counts/failed").asInt()).isZero();
    }

    @Test
    void anEntryNoLongerAllowedWhenItsTurnComesIsRefusedThen() {
        var batchId = json(create()).get("batchId").asText();
        var japanOnly = new HashMap<>(environment);
        japanOnly.put(FunctionVariable.ALLOWED_COUNTRIES.name(), "JP");
        sender = new BatchSendHandler(Wiring.from(japanOnly, clock));

        drain();

        assertThat(simulator.outbox()).extracting(AcceptedMessage::destinationPhoneNumber)
                .containsExactlyInAnyOrder("+819012345678", "+819023456789");
        assertThat(message(BatchEntry.messageId(batchId, 4)).at("/error/code").asText())
                .isEqualTo("DESTINATION_NOT_ALLOWED");
        assertThat(progress(batchId).at("/counts/failed").asInt()).isEqualTo(1);
    }

    @Test
    void aCanceledBatchSendsNothingMore() {
        var batchId = json(create()).get("batchId").asText();

        var answer = cancel.handleRequest(batchEvent("events/cancel-batch.json", batchId, CALLER), context());
        drain();

        assertThat(answer.getStatusCode()).isEqualTo(200);
        assertThat(json(answer).get("status").asText()).isEqualTo("CANCELED");
        assertThat(json(answer).at("/counts/canceled").asInt()).isEqualTo(3);
        assertThat(simulator.outbox()).isEmpty();
        assertThat(progress(batchId).at("/counts/canceled").asInt()).isEqualTo(3);
    }

    /** The sender reads the batch before its entries; a cancel landing after that read still stops them. */
    @Test
    void aCancelRacingTheSenderStillStopsItsEntry() {
        var batchId = json(create()).get("batchId").asText();
        cancel.handleRequest(batchEvent("events/cancel-batch.json", batchId, CALLER), context());

        var outcome = wiring.entrySends().sendEntry(BatchEntry.messageId(batchId, 1), batchId,
                dev.kotae.messages.entity.SendRequest.of("+819023456789", "明日11:30のご予約です。"), CALLER);

        assertThat(outcome).isEqualTo(dev.kotae.messages.control.EntrySends.EntrySent.BATCH_CANCELED);
        assertThat(simulator.outbox()).isEmpty();
    }

    /** An invocation without a hand-over's time left takes nothing: an entry taken then killed would read UNKNOWN. */
    @Test
    void anInvocationNearItsEndPutsItsEntriesBackUntaken() {
        var batchId = json(create()).get("batchId").asText();
        purgeQueue();

        var answer = sender.send(EventLoader.loadSQSEvent("events/batch-send.json"), clock.instant().plusSeconds(5));

        assertThat(answer.getBatchItemFailures()).isEmpty();
        assertThat(simulator.outbox()).isEmpty();
        assertThat(queued()).as("both entries back on the queue").isEqualTo(2);
        assertThat(progress(batchId).at("/counts/queued").asInt()).isEqualTo(3);
    }

    @Test
    void onlyItsSenderMayCancelABatch() {
        var batchId = json(create()).get("batchId").asText();

        var answer = cancel.handleRequest(batchEvent("events/cancel-batch.json", batchId, OTHER_CALLER), context());

        assertThat(answer.getStatusCode()).isEqualTo(403);
        assertThat(json(answer).at("/error/code").asText()).isEqualTo("CANCEL_NOT_ALLOWED");
    }

    @Test
    void anUnknownBatchIsNotFound() {
        var answer = get.handleRequest(EventLoader.loadApiGatewayRestEvent("events/get-batch.json"), context());
        var malformed = get.handleRequest(batchEvent("events/get-batch.json", "not-a-batch", CALLER), context());

        assertThat(answer.getStatusCode()).isEqualTo(404);
        assertThat(json(answer).at("/error/code").asText()).isEqualTo("BATCH_NOT_FOUND");
        assertThat(malformed.getStatusCode()).isEqualTo(404);
    }

    @Test
    void aBatchLargerThanTheCallersDayIsRefusedWhole() {
        deploy(Map.of(KotaeSettings.CALLER_DAILY_LIMIT, "2"));

        var answer = create.handleRequest(EventLoader.loadApiGatewayRestEvent(CREATE_EVENT), context());

        assertThat(answer.getStatusCode()).isEqualTo(429);
        assertThat(json(answer).at("/error/code").asText()).isEqualTo("CALLER_QUOTA_EXCEEDED");
        assertThat(json(answer).at("/error/field").asText()).isEqualTo("messages");
        assertThat(queued()).isZero();
    }

    @Test
    void aBatchCountsAgainstTheCallersDayAtOnce() {
        deploy(Map.of(KotaeSettings.CALLER_DAILY_LIMIT, "4"));
        create();

        var second = create.handleRequest(withoutKey(EventLoader.loadApiGatewayRestEvent(CREATE_EVENT)), context());

        assertThat(second.getStatusCode()).isEqualTo(429);
        assertThat(second.getHeaders()).containsKey("Retry-After");
        assertThat(queued()).isEqualTo(3);
    }

    @Test
    void theSharedOptionsAreCheckedOnceForTheWholeBatch() {
        var answer = create.handleRequest(withBody(body -> body.put("type", "URGENT")), context());
        var past = create.handleRequest(withBody(body -> body.put("sendAt", "2026-11-27T09:00:00+09:00")), context());

        assertThat(answer.getStatusCode()).isEqualTo(400);
        assertThat(json(answer).at("/error/code").asText()).isEqualTo("INVALID_MESSAGE_TYPE");
        assertThat(past.getStatusCode()).isEqualTo(400);
        assertThat(json(past).at("/error/code").asText()).isEqualTo("INVALID_SEND_AT");
        assertThat(queued()).isZero();
    }

    @Test
    void aBatchSentLaterWaitsInOneSchedulePerEntryAndJoinsTheQueueThen() {
        var sendAt = Instant.parse("2026-11-28T09:00:00Z");
        var answer = json(create(withBody(body -> body.put("sendAt", "2026-11-28T18:00:00+09:00"))));
        var batchId = answer.get("batchId").asText();

        assertThat(answer.get("status").asText()).isEqualTo("SCHEDULED");
        assertThat(answer.get("sendAt").asText()).isEqualTo(sendAt.toString());
        assertThat(queued()).as("nothing on the queue before sendAt").isZero();
        var schedules = standIns.scheduler.schedules().stream()
                .filter(schedule -> schedule.name().startsWith(batchId)).toList();
        assertThat(schedules).hasSize(3).allSatisfy(schedule -> {
            assertThat(schedule.at()).isEqualTo(sendAt);
            assertThat(schedule.targetArn()).isEqualTo(environment.get(FunctionVariable.SCHEDULED_SEND_TARGET_ARN.name()))
                    .startsWith("arn:aws:sqs:");
            assertThat(schedule.input()).contains("\"batchId\":\"" + batchId + "\"");
        });
        var waiting = progress(batchId);
        assertThat(waiting.at("/counts/scheduled").asInt()).isEqualTo(3);
        assertThat(Instant.parse(waiting.get("lastSendExpectedAt").asText())).isAfter(sendAt);

        clock.advance(Duration.between(clock.instant(), sendAt));
        standIns.runDue(sendAt);
        drain();

        assertThat(simulator.outbox()).hasSize(3);
        assertThat(progress(batchId).at("/counts/sent").asInt()).isEqualTo(3);
    }

    @Test
    void aBatchSentLaterAndCanceledSendsNothingWhenItsTimeComes() {
        var sendAt = Instant.parse("2026-11-28T09:00:00Z");
        var batchId = json(create(withBody(body -> body.put("sendAt", sendAt.toString())))).get("batchId").asText();

        var answer = cancel.handleRequest(batchEvent("events/cancel-batch.json", batchId, CALLER), context());
        clock.advance(Duration.between(clock.instant(), sendAt));
        standIns.runDue(sendAt);
        drain();

        assertThat(json(answer).at("/counts/canceled").asInt()).isEqualTo(3);
        assertThat(simulator.outbox()).isEmpty();
    }

    /** Its schedules go with it: none is left to fire at sendAt, and a second cancel deletes nothing more. */
    @Test
    void cancelingABatchSentLaterDeletesItsSchedules() {
        var batchId = json(create(withBody(body -> body.put("sendAt", "2026-11-28T09:00:00Z")))).get("batchId").asText();
        assertThat(standIns.scheduler.schedules()).hasSize(3);

        cancel.handleRequest(batchEvent("events/cancel-batch.json", batchId, CALLER), context());
        cancel.handleRequest(batchEvent("events/cancel-batch.json", batchId, CALLER), context());

        assertThat(standIns.scheduler.schedules()).isEmpty();
        assertThat(standIns.scheduler.calls("DeleteSchedule")).isEqualTo(3);
    }

    @Test
    void aBatchSentLaterCountsAgainstTheDayItGoesOut() {
        deploy(Map.of(KotaeSettings.CALLER_DAILY_LIMIT, "4"));
        create(withBody(body -> body.put("sendAt", "2026-12-05T09:00:00+09:00")));

        var sameDay = create.handleRequest(withoutKey(withBody(body -> body.put("sendAt", "2026-12-05T18:00:00+09:00"))),
                context());
        var today = create.handleRequest(withoutKey(EventLoader.loadApiGatewayRestEvent(CREATE_EVENT)), context());

        assertThat(sameDay.getStatusCode()).isEqualTo(429);
        assertThat(json(sameDay).at("/error/message").asText()).contains("2026-12-05");
        assertThat(today.getStatusCode()).isEqualTo(202);
    }

    private APIGatewayProxyResponseEvent create() {
        return create(EventLoader.loadApiGatewayRestEvent(CREATE_EVENT));
    }

    private APIGatewayProxyResponseEvent create(APIGatewayProxyRequestEvent event) {
        var response = create.handleRequest(event, context());
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
        return response;
    }

    private JsonNode progress(String batchId) {
        var response = get.handleRequest(batchEvent("events/get-batch.json", batchId, CALLER), context());
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return json(response);
    }

    private JsonNode message(String messageId) {
        var event = EventLoader.loadApiGatewayRestEvent("events/get-message.json");
        event.setPathParameters(Map.of("messageId", messageId));
        var response = new GetMessageHandler(wiring).handleRequest(event, context());
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return json(response);
    }

    /**
     * Hands the queue's entries to the sender as Lambda's event source would, ten at a time, deleting
     * what it did not report failed, until none is left (those put back with a delay included).
     */
    private void drain() {
        var queueUrl = environment.get(FunctionVariable.BATCH_QUEUE_URL.name());
        var deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            var messages = standIns.sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages();
            if (messages.isEmpty()) {
                if (queued() == 0) {
                    return;
                }
                continue;
            }
            var event = new SQSEvent();
            var records = new ArrayList<SQSEvent.SQSMessage>();
            for (var message : messages) {
                var record = new SQSEvent.SQSMessage();
                record.setMessageId(message.messageId());
                record.setBody(message.body());
                records.add(record);
            }
            event.setRecords(records);
            var failed = sender.send(event, farAway()).getBatchItemFailures().stream()
                    .map(failure -> failure.getItemIdentifier()).toList();
            var done = messages.stream().filter(message -> !failed.contains(message.messageId()))
                    .map(message -> DeleteMessageBatchRequestEntry.builder().id(message.messageId())
                            .receiptHandle(message.receiptHandle()).build()).toList();
            if (!done.isEmpty()) {
                standIns.sqs.deleteMessageBatch(d -> d.queueUrl(queueUrl).entries(done));
            }
        }
        throw new AssertionError("the batch queue did not drain in 30 s");
    }

    /** Entries on the queue: waiting, delayed or being handled. */
    private int queued() {
        var attributes = standIns.sqs.getQueueAttributes(a -> a.queueUrl(environment.get(FunctionVariable.BATCH_QUEUE_URL.name()))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }

    private void purgeQueue() {
        standIns.sqs.purgeQueue(p -> p.queueUrl(environment.get(FunctionVariable.BATCH_QUEUE_URL.name())));
    }

    /** An invocation's end, by the sender's clock (the handler counts it from the context's remaining time). */
    private Instant farAway() {
        return clock.instant().plus(Duration.ofMinutes(1));
    }

    private static LocalLambdaContext context() {
        return LocalLambdaContext.invoking("batches");
    }

    private static List<String> refusals(JsonNode rejected) {
        var refusals = new ArrayList<String>();
        rejected.forEach(entry -> refusals.add(entry.get("index").asInt() + " " + entry.at("/error/code").asText() + " "
                + entry.at("/error/field").asText()));
        return refusals;
    }

    private static APIGatewayProxyRequestEvent batchEvent(String file, String batchId, String caller) {
        var event = EventLoader.loadApiGatewayRestEvent(file);
        event.setPathParameters(Map.of("batchId", batchId));
        event.getRequestContext().getIdentity().setUserArn(caller);
        return event;
    }

    private static APIGatewayProxyRequestEvent withBody(UnaryOperator<ObjectNode> change) {
        var event = EventLoader.loadApiGatewayRestEvent(CREATE_EVENT);
        event.setBody(change.apply((ObjectNode) json(event.getBody())).toString());
        return event;
    }

    private static APIGatewayProxyRequestEvent withoutKey(APIGatewayProxyRequestEvent event) {
        event.getHeaders().remove("Idempotency-Key");
        return event;
    }
}
