package dev.kotae.conversations.boundary;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import dev.kotae.AwsCallCounter;
import dev.kotae.LocalStandIns;
import dev.kotae.Wiring;
import dev.kotae.aws.AwsClients;
import dev.kotae.aws.EventBridgeConversationEvents;
import dev.kotae.conversations.control.ConversationEvents;
import dev.kotae.conversations.control.EventRelay;
import dev.kotae.conversations.entity.Decision.DomainEvent;
import dev.kotae.standins.EventBusRecorder;
import dev.kotae.standins.LocalLambdaContext;
import dev.kotae.store.DynamoCommittedEvents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static dev.kotae.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The table's stream to the event bus: each new decision's events once, nothing else, never skipping one. */
class EventRelayHandlerTest {

    private static final String EVENT = "events/table-stream-decisions.json";

    private final LocalStandIns standIns = LocalStandIns.start();
    private EventBusRecorder eventBus;
    private EventRelayHandler relay;

    @BeforeEach
    void wire() {
        var environment = standIns.freshDeployment();
        eventBus = standIns.eventBus;
        relay = new EventRelayHandler(Wiring.from(environment, Clock.systemUTC()));
    }

    @ParameterizedTest
    @Event(value = EVENT, type = DynamodbEvent.class)
    void publishesTheEventsOfNewDecisionsOnlyInOneCall(DynamodbEvent event) {
        var calls = AwsCallCounter.during(() -> assertThat(relay(event).getBatchItemFailures()).isEmpty());

        // The message record and the marker's later update (an answer to retry) publish nothing.
        assertThat(calls).containsExactly("EventBridge.PutEvents");
        assertThat(eventBus.events()).extracting(EventBusRecorder.RecordedEvent::detailType)
                .containsExactly("ConversationConfirmed", "RecipientOptedOut");
        assertThat(eventBus.events()).allSatisfy(published -> {
            assertThat(published.source()).isEqualTo("kotae");
            assertThat(published.eventBusName()).isEqualTo("kotae-events");
        });
        assertThat(json(eventBus.events().get(0).detail()).get("reference").asText()).isEqualTo("appt-123");
    }

    @ParameterizedTest
    @Event(value = EVENT, type = DynamodbEvent.class)
    void whenEventBridgeRefusesAnEntryLambdaRetriesFromTheFirstUnpublishedRecord(DynamodbEvent event) {
        eventBus.rejectNextEntries(1);

        var response = relay(event);

        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("100000000000000000001");
    }

    @Test
    void moreThanTenEventsGoOutTenToACall() {
        var calls = AwsCallCounter.during(() -> assertThat(relay(decisions(25)).getBatchItemFailures()).isEmpty());

        assertThat(calls).hasSize(3);
        assertThat(eventBus.events()).hasSize(25);
    }

    @Test
    void aFailedCallReportsItsFirstRecordAndStopsThere() {
        var eventBridge = new EventBridgeConversationEvents(AwsClients.eventBridge(standIns.http), "kotae-events");
        var calls = new AtomicInteger();
        var failingSecondCall = new EventRelayHandler(new EventRelay(new ConversationEvents() {
            @Override
            public void publish(List<DomainEvent> toPublish) {
                if (calls.incrementAndGet() == 2) {
                    eventBus.rejectNextEntries(toPublish.size());
                }
                eventBridge.publish(toPublish);
            }

            @Override
            public boolean busExists() {
                return eventBridge.busExists();
            }
        }), new DynamoCommittedEvents());

        var response = failingSecondCall.handleRequest(decisions(25), LocalLambdaContext.invoking("relay"));

        // Records 1 to 10 are out; Lambda delivers 11 onwards again, so nothing after a failure is skipped.
        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("11");
        assertThat(calls).hasValue(2);
        assertThat(eventBus.events()).hasSize(10);
    }

    @Test
    void anUnreadableMarkerFailsWhereItStandsAfterThoseBeforeItArePublished() {
        var event = decisions(3);
        event.getRecords().get(1).getDynamodb().getNewImage().put("events", new AttributeValue().withL(List.of(
                new AttributeValue().withM(Map.of("detailType", new AttributeValue().withS("RecipientOptedOut"))))));

        var response = relay(event);

        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("2");
        assertThat(eventBus.events()).singleElement()
                .satisfies(published -> assertThat(published.detail()).contains("\"inboundMessageId\":\"1\""));
    }

    private StreamsEventResponse relay(DynamodbEvent event) {
        return relay.handleRequest(event, LocalLambdaContext.invoking("relay"));
    }

    private static DynamodbEvent decisions(int count) {
        var event = new DynamodbEvent();
        event.setRecords(IntStream.rangeClosed(1, count).mapToObj(EventRelayHandlerTest::decision).toList());
        return event;
    }

    private static DynamodbEvent.DynamodbStreamRecord decision(int sequence) {
        var record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("INSERT");
        record.setDynamodb(new StreamRecord().withSequenceNumber(Integer.toString(sequence)).withNewImage(new HashMap<>(Map.of(
                "sk", new AttributeValue().withS("INBOUND#" + sequence),
                "events", new AttributeValue().withL(List.of(new AttributeValue().withM(Map.of(
                        "detailType", new AttributeValue().withS("RecipientOptedOut"),
                        "detail", new AttributeValue().withS("{\"inboundMessageId\":\"" + sequence + "\"}")))))))));
        return record;
    }
}
