package dev.kotae;

import dev.kotae.conversations.boundary.GetConversationsHandler;
import dev.kotae.conversations.boundary.InboundMessageHandler;
import dev.kotae.messages.boundary.CancelMessageHandler;
import dev.kotae.messages.boundary.DeliveryStatusHandler;
import dev.kotae.messages.boundary.ScheduledSendHandler;
import dev.kotae.messages.boundary.GetMessageHandler;
import dev.kotae.messages.boundary.SendMessageHandler;
import dev.kotae.platform.Priming;
import dev.kotae.platform.Settings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Priming runs before SnapStart's snapshot, at every deploy: it must never send an SMS, write to the
 * table or publish an event. Functions that only write prime their writes with a check that fails.
 */
class SnapStartPrimingTest {

    private static final String SMS_READ = "PinpointSmsVoiceV2.DescribePhoneNumbers";

    private final LocalStandIns standIns = LocalStandIns.start();
    private Map<String, String> environment;
    private Wiring wiring;

    @BeforeEach
    void deploy() {
        environment = standIns.freshDeployment();
        wiring = Wiring.from(environment, Clock.systemUTC());
    }

    @Test
    void sendPrimesItsWritePathAndTheSmsClientWithoutWritingOrSending() {
        var handler = new SendMessageHandler(wiring);

        assertThat(primingCalls(handler::prime)).containsExactly("DynamoDb.TransactWriteItems", SMS_READ);
    }

    @Test
    void inboundPrimesWithoutWritingOrSending() {
        var handler = new InboundMessageHandler(wiring);

        assertThat(primingCalls(handler::prime)).containsExactly("DynamoDb.Query", "DynamoDb.TransactWriteItems",
                SMS_READ);
    }

    @Test
    void readHandlersPrimeWithOneReadAndTheStatusHandlerWithOneCheck() {
        assertThat(primingCalls(new GetMessageHandler(wiring)::prime)).containsExactly("DynamoDb.Query");
        assertThat(primingCalls(new GetConversationsHandler(wiring)::prime)).containsExactly("DynamoDb.Query");
        assertThat(primingCalls(new DeliveryStatusHandler(wiring)::prime))
                .containsExactly("DynamoDb.TransactWriteItems");
    }

    @Test
    void theScheduledSendPrimesLikeTheSendAndTheCancelWithOneRead() {
        assertThat(primingCalls(new ScheduledSendHandler(wiring)::prime))
                .containsExactly("DynamoDb.TransactWriteItems", SMS_READ);
        assertThat(primingCalls(new CancelMessageHandler(wiring)::prime)).containsExactly("DynamoDb.Query");
    }

    @Test
    void aMissingOriginationIdentityIsReportedWithoutFailingTheDeploy() {
        var misconfigured = new HashMap<>(environment);
        misconfigured.put(Settings.ORIGINATION_IDENTITY, "phone-00000000000000000000000000000000");
        var handler = new SendMessageHandler(Wiring.from(misconfigured, Clock.systemUTC()));

        assertThatCode(handler::prime).doesNotThrowAnyException();
    }

    /** The AWS calls {@code priming} made, after checking it sent, wrote and published nothing. */
    private java.util.List<String> primingCalls(Runnable priming) {
        var calls = AwsCallCounter.during(() -> Priming.run(priming));
        assertThat(standIns.simulator.outbox()).isEmpty();
        assertThat(standIns.eventBus.events()).isEmpty();
        assertThat(standIns.dynamo.scan(r -> r.tableName(environment.get(Settings.TABLE_NAME))).count()).isZero();
        return calls;
    }
}
