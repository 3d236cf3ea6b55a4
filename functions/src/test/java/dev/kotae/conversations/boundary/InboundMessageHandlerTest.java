package dev.kotae.conversations.boundary;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kotae.InboundEvents;
import dev.kotae.LocalStandIns;
import dev.kotae.MutableClock;
import dev.kotae.Wiring;
import dev.kotae.messages.boundary.DeliveryStatusHandler;
import dev.kotae.messages.boundary.GetMessageHandler;
import dev.kotae.messages.boundary.SendMessageHandler;
import dev.kotae.settings.FunctionVariable;
import dev.kotae.standins.AcceptedMessage;
import dev.kotae.standins.EventBusRecorder;
import dev.kotae.standins.Fault;
import dev.kotae.standins.LocalLambdaContext;
import dev.kotae.standins.SmsSimulator;
import dev.kotae.standins.TableStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.kotae.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replies arriving as SQS events (SQS record → SNS envelope → End User Messaging payload), handled
 * against DynamoDB Local, the SMS simulator and the EventBridge recorder. Conversations are opened
 * through the real send API, as an application would.
 */
class InboundMessageHandlerTest {

    private static final String PERSON = "+819012345678";
    private static final String PHONE_NUMBER_ID = LocalStandIns.PHONE_NUMBER_ID;
    private static final Instant SNS_TIME = Instant.parse("2026-11-22T03:20:00Z");

    private static LocalStandIns standIns;
    private static SmsSimulator simulator;
    private static EventBusRecorder eventBus;

    private MutableClock clock;
    private Map<String, String> environment;
    private InboundMessageHandler inbound;
    private SendMessageHandler send;
    private GetConversationsHandler conversations;
    private EventRelayHandler relay;
    private DeliveryStatusHandler delivery;
    private GetMessageHandler messages;
    private TableStream stream;

    @BeforeAll
    static void startStandIns() {
        standIns = LocalStandIns.start();
        simulator = standIns.simulator;
        eventBus = standIns.eventBus;
    }

    @BeforeEach
    void freshState() {
        clock = new MutableClock(SNS_TIME.minus(Duration.ofMinutes(5)));
        environment = standIns.freshDeployment();
        wire();
    }

    private void wire() {
        var wiring = Wiring.from(environment, clock);
        inbound = new InboundMessageHandler(wiring);
        send = new SendMessageHandler(wiring);
        conversations = new GetConversationsHandler(wiring);
        relay = new EventRelayHandler(wiring);
        stream = standIns.stream(environment);
        delivery = new DeliveryStatusHandler(wiring);
        // The real clock: an automatic answer made on the test's clock, days ago, must still read ACCEPTED.
        messages = new GetMessageHandler(wiring.messageStore(), Clock.systemUTC());
    }

    @Test
    void anAnswerIsRecordedWithItsDecisionAndReadsSentOnceEndUserMessagingReportsIt() {
        handle(InboundEvents.load("inbound-help.json"));
        var answer = lastReply();
        var answerId = answer.context().get("kotaeMessageId");
        assertThat(message(answerId).get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(message(answerId).get("caller").asText()).isEqualTo("kotae:inbound");

        var response = delivery.handleRequest(InboundEvents.withPayload(InboundEvents.load("delivery-successful.json"),
                payload -> {
                    payload.put("messageId", answer.messageId());
                    ((ObjectNode) payload.get("context")).put("kotaeMessageId", answerId);
                }), LocalLambdaContext.invoking("status"));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(message(answerId).get("status").asText()).isEqualTo("SENT");
        assertThat(message(answerId).get("providerMessageId").asText()).isEqualTo(answer.messageId());
    }

    @Test
    void confirmsTheConversationThePersonAnswersAndSaysSo() {
        var providerId = openConversation("appt-123", 86400);

        var response = handle(InboundEvents.withPayload(InboundEvents.load("inbound-confirm.json"),
                payload -> payload.put("previousPublishedMessageId", providerId)));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(lastReply().messageBody()).isEqualTo("Sakura Clinic: Confirmed: appt-123. Thank you.");
        assertThat(lastReply().destinationPhoneNumber()).isEqualTo(PERSON);
        assertThat(lastReply().originationIdentity()).isEqualTo(PHONE_NUMBER_ID);
        var state = conversationStates();
        assertThat(state.get("conversations").get(0).get("state").asText()).isEqualTo("CONFIRMED");
        assertThat(state.get("conversations").get(0).get("answeredWith").asText()).isEqualTo("CONFIRM");
        assertThat(publishedEvents()).singleElement().satisfies(event -> {
            assertThat(event.detailType()).isEqualTo("ConversationConfirmed");
            assertThat(event.source()).isEqualTo("kotae");
            assertThat(event.eventBusName()).isEqualTo("kotae-events");
            assertThat(json(event.detail()).get("reference").asText()).isEqualTo("appt-123");
            assertThat(json(event.detail()).get("phoneNumber").asText()).isEqualTo(PERSON);
        });
    }

    @Test
    void withoutAPreviousMessageIdTheLatestOpenConversationIsConfirmed() {
        openConversation("older", 86400);
        clock.advance(Duration.ofSeconds(1));
        openConversation("newer", 86400);

        handle(InboundEvents.withPayload(InboundEvents.load("inbound-confirm.json"),
                payload -> payload.remove("previousPublishedMessageId")));

        assertThat(lastReply().messageBody()).contains("newer");
        var states = conversationStates().get("conversations");
        assertThat(states.get(0).get("reference").asText()).isEqualTo("newer");
        assertThat(states.get(0).get("state").asText()).isEqualTo("CONFIRMED");
        assertThat(states.get(1).get("state").asText()).isEqualTo("OPEN");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"CONFIRM", "confirm", "Yes!", "y", "はい", "確認", "はい、お願いします", "ＹＥＳ"})
    void everyConfirmSynonymConfirms(String text) {
        openConversation("appt-1", 86400);

        handle(InboundEvents.saying("inbound-confirm.json", text, UUID.randomUUID().toString()));

        assertThat(conversationStates().get("conversations").get(0).get("state").asText()).isEqualTo("CONFIRMED");
        assertThat(publishedEvents()).extracting(EventBusRecorder.RecordedEvent::detailType)
                .containsExactly("ConversationConfirmed");
    }

    @Test
    void fullWidthInputIsRead() {
        openConversation("appt-1", 86400);

        handle(InboundEvents.load("inbound-fullwidth-confirm.json"));

        assertThat(conversationStates().get("conversations").get(0).get("state").asText()).isEqualTo("CONFIRMED");
    }

    @Test
    void aJapaneseKeywordIsAnsweredInJapanese() {
        openConversation("予約A", 86400);

        handle(InboundEvents.saying("inbound-confirm.json", "はい", UUID.randomUUID().toString()));

        assertThat(lastReply().messageBody()).isEqualTo("Sakura Clinic: 予約A を確認しました。ありがとうございます。");
    }

    @Test
    void aConversationPastItsExpiryIsNotConfirmedEvenBeforeDynamoDbDeletesIt() {
        openConversation("appt-1", 60);
        clock.advance(Duration.ofMinutes(2));

        handle(InboundEvents.saying("inbound-confirm.json", "CONFIRM", UUID.randomUUID().toString()));

        assertThat(lastReply().messageBody()).isEqualTo("Sakura Clinic: There is nothing waiting for your confirmation.");
        assertThat(conversationStates().get("conversations").get(0).get("state").asText()).isEqualTo("EXPIRED");
        assertThat(publishedEvents()).isEmpty();
    }

    @Test
    void confirmWithNothingOpenSaysThereIsNothingToConfirm() {
        handle(InboundEvents.load("inbound-confirm.json"));

        assertThat(simulator.outbox()).singleElement().satisfies(reply -> assertThat(reply.messageBody())
                .isEqualTo("Sakura Clinic: There is nothing waiting for your confirmation."));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "STOP, EN", "stop please, EN", "STOPALL, EN", "unsubscribe, EN", "CANCEL, EN", "END, EN", "QUIT, EN",
            "OPTOUT, EN", "opt-out, EN", "REVOKE, EN", "ＳＴＯＰ, EN", "停止, JA", "配信停止してください, JA", "ストップ, JA"})
    void everyStopSynonymOptsOutClosesConversationsAndRepliesOnce(String text, String language) {
        openConversation("appt-1", 86400);

        handle(InboundEvents.saying("inbound-stop.json", text, UUID.randomUUID().toString()));

        var state = conversationStates();
        assertThat(state.get("optedOut").asBoolean()).isTrue();
        assertThat(state.get("conversations").get(0).get("state").asText()).isEqualTo("CLOSED");
        assertThat(lastReply().messageBody()).startsWith(language.equals("JA")
                ? "Sakura Clinic: 配信を停止しました" : "Sakura Clinic: You are unsubscribed");
        assertThat(simulator.isOptedOut(SmsSimulator.DEFAULT_OPT_OUT_LIST, PERSON)).isTrue();
        assertThat(publishedEvents()).extracting(EventBusRecorder.RecordedEvent::detailType)
                .containsExactly("RecipientOptedOut");
    }

    /** The event file as End User Messaging would send it for 停止, full-width and all. */
    @Test
    void aJapaneseStopAsDeliveredOptsOutAndIsAnsweredInJapanese() {
        handle(InboundEvents.load("inbound-japanese-stop.json"));

        assertThat(conversationStates().get("optedOut").asBoolean()).isTrue();
        assertThat(lastReply().messageBody()).startsWith("Sakura Clinic: 配信を停止しました");
    }

    @Test
    void afterStopTheSendApiRefusesTheNumber() {
        handle(InboundEvents.load("inbound-stop.json"));
        var sentBefore = simulator.calls("SendTextMessage");

        var response = send.handleRequest(EventLoader.loadApiGatewayRestEvent("events/send-message.json"),
                LocalLambdaContext.invoking("send"));

        assertThat(response.getStatusCode()).isEqualTo(409);
        assertThat(simulator.calls("SendTextMessage")).isEqualTo(sentBefore);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"START, EN", "unstop, EN", "再開, JA"})
    void everyStartSynonymOptsBackIn(String text, String language) {
        handle(InboundEvents.load("inbound-stop.json"));

        handle(InboundEvents.withTimestamp(InboundEvents.saying("inbound-start.json", text, UUID.randomUUID().toString()),
                SNS_TIME.plusSeconds(60)));

        assertThat(conversationStates().get("optedOut").asBoolean()).isFalse();
        assertThat(simulator.isOptedOut(SmsSimulator.DEFAULT_OPT_OUT_LIST, PERSON)).isFalse();
        assertThat(lastReply().messageBody()).startsWith(language.equals("JA")
                ? "Sakura Clinic: 配信を再開しました" : "Sakura Clinic: You are subscribed again");
        assertThat(publishedEvents()).extracting(EventBusRecorder.RecordedEvent::detailType)
                .containsExactly("RecipientOptedOut", "RecipientOptedIn");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"HELP, EN", "info, EN", "ヘルプ, JA"})
    void everyHelpSynonymIsAnsweredWithBrandContactAndHowToStop(String text, String language) {
        handle(InboundEvents.saying("inbound-help.json", text, UUID.randomUUID().toString()));

        assertThat(lastReply().messageBody()).startsWith("Sakura Clinic:").contains("help@example.com")
                .contains(language.equals("JA") ? "通信料" : "Msg & data rates may apply")
                .contains(language.equals("JA") ? "停止" : "Reply STOP");
    }

    @Test
    void helpIsAnsweredEvenAfterStop() {
        environment.put(FunctionVariable.OPT_OUT_LIST_NAME.name(), "");
        wire();
        handle(InboundEvents.load("inbound-stop.json"));

        handle(InboundEvents.load("inbound-help.json"));

        assertThat(lastReply().messageBody()).contains("help@example.com");
    }

    /** The answer's MaxPrice is the whole answer's: the deployment's ceiling per part times its parts. */
    @Test
    void anAutomaticAnswerCarriesTheDeploymentsPriceCeiling() {
        environment.put(FunctionVariable.MAX_PRICE_PER_PART.name(), "0.08");
        wire();

        handle(InboundEvents.load("inbound-help.json"));

        var reply = lastReply();
        assertThat(new java.math.BigDecimal(reply.maxPrice()))
                .isEqualByComparingTo(new java.math.BigDecimal("0.08").multiply(java.math.BigDecimal.valueOf(reply.parts())));
    }

    /** A person abroad may always STOP; the confirmation obeys the destination rules and is not retried. */
    @Test
    void aStopFromACountryKotaeMayNotSendToIsRecordedAndNotAnswered() {
        environment.put(FunctionVariable.ALLOWED_COUNTRIES.name(), "US");
        wire();

        var response = handle(InboundEvents.load("inbound-stop.json"));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(conversationStates().get("optedOut").asBoolean()).isTrue();
        assertThat(simulator.outbox()).isEmpty();
    }

    @Test
    void anOptedOutSenderGetsNoAnswerToConfirm() {
        openConversation("appt-1", 86400);
        handle(InboundEvents.load("inbound-stop.json"));
        var repliesBefore = simulator.outbox().size();

        handle(InboundEvents.load("inbound-confirm.json"));

        assertThat(simulator.outbox()).hasSize(repliesBefore);
        assertThat(conversationStates().get("conversations").get(0).get("state").asText()).isEqualTo("CLOSED");
    }

    @Test
    void aStartOlderThanTheStopAlreadyRecordedChangesNothing() {
        handle(InboundEvents.load("inbound-stop.json"));
        var repliesBefore = simulator.outbox().size();

        handle(InboundEvents.withTimestamp(InboundEvents.load("inbound-start.json"), SNS_TIME.minusSeconds(30)));

        assertThat(conversationStates().get("optedOut").asBoolean()).isTrue();
        assertThat(simulator.outbox()).hasSize(repliesBefore);
        assertThat(publishedEvents()).extracting(EventBusRecorder.RecordedEvent::detailType)
                .containsExactly("RecipientOptedOut");
    }

    /** START at t+40 s while opted in, then its older STOP at t+20 s arrives: the newest word is START. */
    @Test
    void aStopOlderThanAStartThatChangedNothingChangesNothing() {
        handle(InboundEvents.withTimestamp(InboundEvents.load("inbound-start.json"), SNS_TIME.plusSeconds(40)));
        var repliesBefore = simulator.outbox().size();

        handle(InboundEvents.withTimestamp(InboundEvents.load("inbound-stop.json"), SNS_TIME.plusSeconds(20)));

        assertThat(conversationStates().get("optedOut").asBoolean()).isFalse();
        assertThat(simulator.isOptedOut(SmsSimulator.DEFAULT_OPT_OUT_LIST, PERSON)).isFalse();
        assertThat(simulator.outbox()).hasSize(repliesBefore);
        assertThat(publishedEvents()).isEmpty();
    }

    /** The same two words in the order they were sent: STOP at t+20 s, then START at t+40 s opts back in. */
    @Test
    void aStartNewerThanTheStopOptsBackInWhicheverArrivesFirst() {
        handle(InboundEvents.withTimestamp(InboundEvents.load("inbound-stop.json"), SNS_TIME.plusSeconds(20)));

        handle(InboundEvents.withTimestamp(InboundEvents.load("inbound-start.json"), SNS_TIME.plusSeconds(40)));

        assertThat(conversationStates().get("optedOut").asBoolean()).isFalse();
        assertThat(publishedEvents()).extracting(EventBusRecorder.RecordedEvent::detailType)
                .containsExactly("RecipientOptedOut", "RecipientOptedIn");
    }

    /** STOP, then a later repeated STOP: a START sent between them, arriving last, is older than the newest STOP. */
    @Test
    void aStartOlderThanARepeatedStopChangesNothing() {
        handle(InboundEvents.withTimestamp(InboundEvents.load("inbound-stop.json"), SNS_TIME));
        handle(InboundEvents.withTimestamp(InboundEvents.saying("inbound-stop.json", "STOP", UUID.randomUUID().toString()),
                SNS_TIME.plusSeconds(60)));

        handle(InboundEvents.withTimestamp(InboundEvents.load("inbound-start.json"), SNS_TIME.plusSeconds(30)));

        assertThat(conversationStates().get("optedOut").asBoolean()).isTrue();
        assertThat(conversationStates().get("optedOutAt").asText()).isEqualTo(SNS_TIME.toString());
    }

    @Test
    void optedOutAtIsWhenThePersonSentStopNotWhenKotaeReadIt() {
        handle(InboundEvents.withTimestamp(InboundEvents.load("inbound-stop.json"), SNS_TIME.minusSeconds(3600)));

        assertThat(conversationStates().get("optedOutAt").asText()).isEqualTo(SNS_TIME.minusSeconds(3600).toString());
    }

    @Test
    void theSameMessageDeliveredTwiceInOneBatchIsAnsweredOnce() {
        openConversation("appt-1", 86400);

        var response = handle(InboundEvents.load("inbound-duplicate.json"));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(simulator.outbox()).hasSize(2);
        assertThat(lastReply().messageBody()).contains("Confirmed: appt-1");
        assertThat(publishedEvents()).hasSize(1);
    }

    @Test
    void aRedeliveredMessageChangesNothingAndIsNotAnsweredAgain() {
        handle(InboundEvents.load("inbound-stop.json"));
        var calls = simulator.calls("SendTextMessage");

        handle(InboundEvents.load("inbound-stop.json"));

        assertThat(simulator.calls("SendTextMessage")).isEqualTo(calls);
        assertThat(publishedEvents()).hasSize(1);
    }

    @Test
    void aPoisonRecordFailsAloneAndItsNeighboursAreAnswered() {
        var response = handle(InboundEvents.load("inbound-batch-with-poison.json"));

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("1b2c3d4e-0000-4000-8000-000000000002");
        assertThat(simulator.outbox()).extracting(AcceptedMessage::destinationPhoneNumber)
                .containsExactlyInAnyOrder("+819011112222", "+819033334444");
    }

    /** A payload that could mean two things (STOP or CONFIRM?) is a malformed record: it fails, to reach the DLQ. */
    @Test
    void aPayloadWithAMemberGivenTwiceFailsAloneAndChangesNothing() {
        var event = InboundEvents.load("inbound-stop.json");
        var record = event.getRecords().get(0);
        var envelope = (ObjectNode) json(record.getBody());
        envelope.put("Message", envelope.get("Message").asText()
                .replaceFirst("\"messageBody\"\\s*:", "\"messageBody\": \"CONFIRM\", \"messageBody\":"));
        record.setBody(envelope.toString());
        assertThat(record.getBody()).contains("CONFIRM");

        var response = handle(event);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(record.getMessageId());
        assertThat(conversationStates().get("optedOut").asBoolean()).isFalse();
        assertThat(simulator.outbox()).isEmpty();
    }

    @Test
    void freeTextIsStoredAndGetsOneHintPerConversation() {
        openConversation("appt-1", 86400);

        handle(InboundEvents.load("inbound-text.json"));
        handle(InboundEvents.saying("inbound-text.json", "Hello?", UUID.randomUUID().toString()));

        var replies = simulator.outbox().subList(1, simulator.outbox().size());
        assertThat(replies).singleElement().satisfies(hint -> assertThat(hint.messageBody())
                .isEqualTo("Sakura Clinic: Reply CONFIRM to confirm, or STOP to unsubscribe."));
        assertThat(conversationStates().get("conversations").get(0).get("lastTextAt").asText()).isNotBlank();
        assertThat(conversationStates().get("conversations").get(0).get("state").asText()).isEqualTo("OPEN");
    }

    @Test
    void freeTextWithNothingOpenIsNotAnswered() {
        var response = handle(InboundEvents.load("inbound-text.json"));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(simulator.outbox()).isEmpty();
    }

    @Test
    void whenEndUserMessagingAnswersStopKotaeDoesNotAnswerAgain() {
        environment.put(FunctionVariable.SELF_MANAGED_OPT_OUTS.name(), "false");
        wire();

        handle(InboundEvents.load("inbound-stop.json"));

        assertThat(conversationStates().get("optedOut").asBoolean()).isTrue();
        assertThat(simulator.outbox()).isEmpty();
        assertThat(publishedEvents()).hasSize(1);
    }

    @Test
    void anOptInTheProviderRefusesWithin30DaysIsLoggedNotFatal() {
        handle(InboundEvents.load("inbound-stop.json"));
        handle(InboundEvents.withTimestamp(InboundEvents.saying("inbound-start.json", "START", "start-1"),
                SNS_TIME.plusSeconds(60)));
        handle(InboundEvents.withTimestamp(InboundEvents.saying("inbound-stop.json", "STOP", "stop-2"),
                SNS_TIME.plusSeconds(120)));

        var response = handle(InboundEvents.withTimestamp(InboundEvents.saying("inbound-start.json", "START", "start-2"),
                SNS_TIME.plusSeconds(180)));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(conversationStates().get("optedOut").asBoolean()).isFalse();
        assertThat(simulator.isOptedOut(SmsSimulator.DEFAULT_OPT_OUT_LIST, PERSON)).isTrue();
    }

    @Test
    void aThrottledReplyIsRetriedByRedeliveryAndSentOnce() {
        openConversation("appt-1", 86400);
        simulator.injectFault("SendTextMessage", Fault.THROTTLE, 3);

        var first = handle(InboundEvents.load("inbound-confirm.json"));
        var redelivered = handle(InboundEvents.load("inbound-confirm.json"));

        var deliveredOnceMore = handle(InboundEvents.load("inbound-confirm.json"));

        assertThat(first.getBatchItemFailures()).hasSize(1);
        assertThat(redelivered.getBatchItemFailures()).isEmpty();
        assertThat(deliveredOnceMore.getBatchItemFailures()).isEmpty();
        assertThat(simulator.outbox()).hasSize(2);
        assertThat(message(lastReply().context().get("kotaeMessageId")).get("status").asText()).isEqualTo("SENT");
        assertThat(conversationStates().get("conversations").get(0).get("state").asText()).isEqualTo("CONFIRMED");
        assertThat(publishedEvents()).hasSize(1);
    }

    /** Sends an appointment reminder waiting for CONFIRM; returns End User Messaging's message id. */
    private String openConversation(String reference, int ttlSeconds) {
        var event = EventLoader.loadApiGatewayRestEvent("events/send-message-expect-reply.json")
                .withBody("{\"to\": \"" + PERSON + "\", \"body\": \"Reply CONFIRM\", \"expectReply\": "
                        + "{\"keywords\": [\"CONFIRM\"], \"ttlSeconds\": " + ttlSeconds + ", \"reference\": \"" + reference + "\"}}");
        var response = send.handleRequest(event, LocalLambdaContext.invoking("send"));
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
        return lastReply().messageId();
    }

    /** What the bus holds once the table's stream so far is relayed, as the event relay function does. */
    private List<EventBusRecorder.RecordedEvent> publishedEvents() {
        var response = relay.handleRequest(stream.poll(), LocalLambdaContext.invoking("relay"));
        assertThat(response.getBatchItemFailures()).isEmpty();
        return eventBus.events();
    }

    private JsonNode message(String messageId) {
        var response = messages.handleRequest(EventLoader.loadApiGatewayRestEvent("events/get-message.json")
                .withPathParameters(Map.of("messageId", messageId)), LocalLambdaContext.invoking("get"));
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return json(response.getBody());
    }

    private SQSBatchResponse handle(SQSEvent event) {
        return inbound.handleRequest(event, LocalLambdaContext.invoking("inbound"));
    }

    private JsonNode conversationStates() {
        var response = conversations.handleRequest(EventLoader.loadApiGatewayRestEvent("events/get-conversations.json"),
                LocalLambdaContext.invoking("conversations"));
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return json(response.getBody());
    }

    private static AcceptedMessage lastReply() {
        List<AcceptedMessage> outbox = simulator.outbox();
        assertThat(outbox).isNotEmpty();
        return outbox.get(outbox.size() - 1);
    }
}
