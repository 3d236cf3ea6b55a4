package dev.kotae;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.kotae.consent.boundary.GetRecipientHandler;
import dev.kotae.conversations.boundary.EventRelayHandler;
import dev.kotae.conversations.boundary.GetConversationsHandler;
import dev.kotae.conversations.boundary.InboundMessageHandler;
import dev.kotae.messages.boundary.CancelMessageHandler;
import dev.kotae.messages.boundary.DeliveryStatusHandler;
import dev.kotae.messages.boundary.GetMessageHandler;
import dev.kotae.messages.boundary.PageMessageHandler;
import dev.kotae.messages.boundary.PageMySendsHandler;
import dev.kotae.messages.boundary.PagePreviewHandler;
import dev.kotae.messages.boundary.PageSendHandler;
import dev.kotae.messages.boundary.ScheduledSendHandler;
import dev.kotae.messages.boundary.SendMessageHandler;
import dev.kotae.platform.environment.PageSettings;
import dev.kotae.platform.priming.Priming;
import dev.kotae.settings.FunctionVariable;
import dev.kotae.standins.LocalLambdaContext;
import dev.kotae.web.boundary.PageHandler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Priming runs before SnapStart's snapshot, at every deploy: it must never send an SMS, write to the
 * table or publish an event. The send, inbound, delivery status and relay functions serve their
 * canonical event as a first request, whose every call is marshalled and signed while only those that write
 * nothing (reads, transactions of checks alone) are transmitted; the others load their paths with a read, a
 * check that fails, or a write that never leaves the process.
 */
class SnapStartPrimingTest {

    private static final String SMS_READ = "PinpointSmsVoiceV2.DescribePhoneNumbers";

    private final LocalStandIns standIns = LocalStandIns.start();
    private Map<String, String> environment;
    private Wiring wiring;
    /** Of the last {@link #primingCalls}, those a stand-in answered: priming's own answers left out. */
    private List<String> transmitted = List.of();

    @BeforeEach
    void deploy() {
        environment = standIns.freshDeployment();
        wiring = Wiring.from(environment, Clock.systemUTC());
    }

    /**
     * Priming serves the canonical event as a first request: every call a real request makes is marshalled
     * and signed (the interceptor counts it), and only the reads leave the process.
     */
    @Test
    void sendPrimesEveryCallARealSendMakesAndSendsNothing() {
        var handler = new SendMessageHandler(wiring);

        var primed = primingCalls(handler::prime);
        var served = AwsCallCounter.during(() -> handler.handleRequest(
                EventLoader.loadApiGatewayRestEvent("events/send-message.json"), LocalLambdaContext.invoking("send")));

        assertThat(served).containsExactly("DynamoDb.TransactWriteItems", "PinpointSmsVoiceV2.SendTextMessage",
                "DynamoDb.PutItem");
        assertThat(primed).isEqualTo(withIdentityCheck(served));
    }

    /** The send page's send restores primed as the signed API's does: the same calls, nothing sent or written. */
    @Test
    void thePagesSendPrimesEveryCallARealSendMakesAndSendsNothing() {
        var handler = new PageSendHandler(wiring);

        var primed = primingCalls(handler::prime);
        var served = AwsCallCounter.during(() -> handler.handleRequest(
                EventLoader.loadApiGatewayHttpEvent("events/page-send-message.json"), LocalLambdaContext.invoking("page-send")));

        // The page always sends an Idempotency-Key: the record completes the key in the same transaction.
        assertThat(served).containsExactly("DynamoDb.TransactWriteItems", "PinpointSmsVoiceV2.SendTextMessage",
                "DynamoDb.TransactWriteItems");
        assertThat(primed).isEqualTo(withIdentityCheck(served));
    }

    @Test
    void inboundPrimesEveryCallARealAnswerMakesAndSendsNothing() {
        var handler = new InboundMessageHandler(wiring);

        var primed = primingCalls(handler::prime);
        var served = AwsCallCounter.during(() -> handler.handleRequest(InboundEvents.load("inbound-help.json"),
                LocalLambdaContext.invoking("inbound")));

        assertThat(served).containsExactly("DynamoDb.Query", "DynamoDb.TransactWriteItems",
                "PinpointSmsVoiceV2.SendTextMessage");
        assertThat(primed).isEqualTo(withIdentityCheck(served));
    }

    /**
     * Their roles may not read, so each transmits one call of its own that writes nothing, and the restored function
     * finds its connection's classes loaded: the delivery status a transaction of one failing check, the relay a
     * description of its bus.
     */
    @Test
    void theDeliveryStatusAndTheRelayPrimeEveryCallTheirRequestsMakeAndWriteOrPublishNothing() {
        var status = new DeliveryStatusHandler(wiring);
        var relay = new EventRelayHandler(wiring);
        var primedStatus = primingCalls(status::prime);
        var transmittedByStatus = transmitted;
        var primedRelay = primingCalls(relay::prime);
        var transmittedByRelay = transmitted;
        var servedRelay = AwsCallCounter.during(() -> relay.handleRequest(
                EventLoader.loadDynamoDbEvent("events/table-stream-decisions.json"), LocalLambdaContext.invoking("relay")));

        // Priming's record succeeds, as for a message the table holds: the delivery's transaction, then the
        // message's provider id (the path a real delivery of a sent message takes; for the canonical event's
        // message, which no table holds, the transaction's condition stops a real request after one call). Then
        // the check, refused by the table.
        assertThat(primedStatus).containsExactly("DynamoDb.TransactWriteItems", "DynamoDb.UpdateItem",
                "DynamoDb.TransactWriteItems");
        assertThat(servedRelay).containsExactly("EventBridge.PutEvents");
        assertThat(primedRelay).containsExactly("EventBridge.PutEvents", "EventBridge.DescribeEventBus");
        assertThat(transmittedByStatus).containsExactly("DynamoDb.TransactWriteItems");
        assertThat(transmittedByRelay).containsExactly("EventBridge.DescribeEventBus");
    }

    /** As a missing origination identity: the snapshot is taken, and the version's init log says why events will not go out. */
    @Test
    void aMissingEventBusIsReportedWithoutFailingTheDeploy() {
        var misconfigured = new HashMap<>(environment);
        misconfigured.put(FunctionVariable.EVENT_BUS_NAME.name(), "kotae-no-such-bus");
        var relay = new EventRelayHandler(Wiring.from(misconfigured, Clock.systemUTC()));
        var wellConfigured = new EventRelayHandler(wiring);

        var reported = Logged.during(() -> assertThatCode(relay::prime).doesNotThrowAnyException());
        var quiet = Logged.during(wellConfigured::prime);

        assertThat(reported.lines()).anySatisfy(line -> assertThat(line).contains("\"level\":\"ERROR\"")
                .contains("does not know the event bus"));
        assertThat(quiet).doesNotContain("does not know the event bus");
    }

    private static List<String> withIdentityCheck(List<String> served) {
        var calls = new ArrayList<>(served);
        calls.add(SMS_READ);
        return calls;
    }

    @Test
    void readHandlersPrimeWithOneRead() {
        assertThat(primingCalls(new GetMessageHandler(wiring)::prime)).containsExactly("DynamoDb.Query");
        assertThat(primingCalls(new GetConversationsHandler(wiring)::prime)).containsExactly("DynamoDb.Query");
        assertThat(primingCalls(new GetRecipientHandler(wiring)::prime)).containsExactly("DynamoDb.GetItem", "DynamoDb.Query");
        assertThat(primingCalls(new PageMessageHandler(wiring)::prime)).containsExactly("DynamoDb.Query");
        // A person with no sends yet: the list's query, and nothing to read beside it.
        assertThat(primingCalls(new PageMySendsHandler(wiring)::prime)).containsExactly("DynamoDb.Query");
    }

    /** The page's preview reads a message as a send would and calls nothing: priming loads the parser and the number's rules. */
    @Test
    void thePagesPreviewPrimesWithoutACall() {
        var handler = new PagePreviewHandler(wiring);
        var logged = Logged.during(() -> assertThat(primingCalls(handler::prime)).isEmpty());

        assertThat(logged).doesNotContain("\"level\":\"ERROR\"").doesNotContain("sample preview was refused");
    }

    /** The page itself reads nothing: priming serves its document once, loading the event's reading and the answer. */
    @Test
    void thePageServesItsDocumentWithoutACall() {
        var page = new PageHandler(new PageSettings("https://acme-kotae.auth.ap-northeast-1.amazoncognito.com",
                "5n7ei2example0clientid00000"));
        var logged = Logged.during(() -> assertThat(primingCalls(page::prime)).isEmpty());

        assertThat(logged).doesNotContain("\"level\":\"ERROR\"");
    }

    /** The scheduled send's role may not read the table either: its check reaches it, and its identity is described. */
    @Test
    void theScheduledSendPrimesLikeTheSendAndTheCancelWithOneRead() {
        var scheduled = primingCalls(new ScheduledSendHandler(wiring)::prime);

        assertThat(scheduled).containsExactly(SMS_READ, "DynamoDb.TransactWriteItems");
        assertThat(transmitted).isEqualTo(scheduled);
        assertThat(primingCalls(new CancelMessageHandler(wiring)::prime)).containsExactly("DynamoDb.Query");
    }

    /** The sample's number is one the deployment may send to, so priming takes the send path, not a refusal. */
    @Test
    void aDeploymentWithoutADefaultCountryThatSendsOnlyToTheUsPrimesTheWholeSendPath() {
        var usOnly = new HashMap<>(environment);
        usOnly.remove(FunctionVariable.DEFAULT_COUNTRY.name());
        usOnly.put(FunctionVariable.ALLOWED_COUNTRIES.name(), "US");
        var handler = new SendMessageHandler(Wiring.from(usOnly, Clock.systemUTC()));

        assertThat(primingCalls(handler::prime)).containsExactly("DynamoDb.TransactWriteItems",
                "PinpointSmsVoiceV2.SendTextMessage", "DynamoDb.PutItem", SMS_READ);
    }

    /** The deploy goes on (a snapshot is taken), and the version's init log says why every send will be refused. */
    @Test
    void aMissingOriginationIdentityIsReportedWithoutFailingTheDeploy() {
        var misconfigured = new HashMap<>(environment);
        misconfigured.put(FunctionVariable.ORIGINATION_IDENTITY.name(), "phone-00000000000000000000000000000000");
        var handler = new SendMessageHandler(Wiring.from(misconfigured, Clock.systemUTC()));
        var wellConfigured = new SendMessageHandler(Wiring.from(environment, Clock.systemUTC()));

        var reported = Logged.during(() -> assertThatCode(handler::prime).doesNotThrowAnyException());
        var quiet = Logged.during(wellConfigured::prime);

        assertThat(reported.lines()).anySatisfy(line -> assertThat(line).contains("\"level\":\"ERROR\"")
                .contains("does not know the origination identity").contains("every send will be refused"));
        assertThat(quiet).doesNotContain("does not know the origination identity");
    }

    /**
     * The AWS calls {@code priming} made, by priming's own interceptor (the global test counter agrees),
     * after checking that no send, write or publish reached the stand-ins: not even as a refused call (a
     * refused check may: it writes nothing).
     */
    private List<String> primingCalls(Runnable priming) {
        var sendsBefore = standIns.simulator.calls("SendTextMessage");
        var putsBefore = standIns.eventBus.calls("PutEvents");
        var calls = new ArrayList<String>();
        var counted = AwsCallCounter.during(() ->
                transmitted = AwsCallCounter.transmittedDuring(() -> calls.addAll(Priming.run(priming))));
        assertThat(calls).isEqualTo(counted);
        assertThat(standIns.simulator.calls("SendTextMessage")).isEqualTo(sendsBefore);
        assertThat(standIns.eventBus.calls("PutEvents")).isEqualTo(putsBefore);
        assertThat(standIns.simulator.outbox()).isEmpty();
        assertThat(standIns.eventBus.events()).isEmpty();
        assertThat(standIns.dynamo.scan(r -> r.tableName(environment.get(FunctionVariable.TABLE_NAME.name()))).count()).isZero();
        return List.copyOf(calls);
    }
}
