package dev.kotae.twoway.boundary;

import com.amazonaws.services.lambda.runtime.events.CloudFormationCustomResourceEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kotae.CloudFormationResponses;
import dev.kotae.LocalStandIns;
import dev.kotae.aws.TwoWayChannels;
import dev.kotae.standins.Fault;
import dev.kotae.standins.LocalLambdaContext;
import dev.kotae.standins.Origination;
import dev.kotae.standins.SmsSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The custom resource's whole life against the SMS simulator, with CloudFormation's response URL on loopback. */
class TwoWayChannelHandlerTest {

    private static final String NUMBER_ID = "phone-0123456789abcdef0123456789abcdef";
    private static final String TOPIC = "arn:aws:sns:ap-northeast-1:123456789012:Kotae-InboundTopic";
    private static final String ROLE = "arn:aws:iam::123456789012:role/Kotae-TwoWayChannelRole";
    private static final String SOMEONE_ELSES_TOPIC = "arn:aws:sns:ap-northeast-1:123456789012:someone-elses-topic";

    private SmsSimulator simulator;
    private TwoWayChannelHandler handler;
    private CloudFormationResponses cloudFormation;
    private List<JsonNode> responses;
    private final List<Duration> waited = new ArrayList<>();

    @BeforeEach
    void start() {
        var standIns = LocalStandIns.start();
        simulator = standIns.simulator;
        simulator.reset();
        simulator.register(Origination.phoneNumber(NUMBER_ID, "+815012345678"));
        handler = new TwoWayChannelHandler(new TwoWayChannels(standIns.sms, waited::add));
        cloudFormation = new CloudFormationResponses();
    }

    @AfterEach
    void stop() {
        cloudFormation.close();
    }

    @Test
    void createPointsTheNumberAtKotaeAndDeletePutsBackWhatItHad() {
        simulator.register(Origination.phoneNumber(NUMBER_ID, "+815012345678")
                .withTwoWay(true, SOMEONE_ELSES_TOPIC, "arn:aws:iam::123456789012:role/someone-elses-role"));
        var create = event("Create", null);
        create.getResourceProperties().put(TwoWayChannelHandler.TAKE_OVER, "true");

        handle(create);
        var created = responses.get(0);
        assertThat(created.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(created.get("RequestId").asText()).isEqualTo("5f3e1c2a-9d8b-4c7a-8e6f-1a2b3c4d5e6f");
        assertThat(simulator.origination(NUMBER_ID)).hasValueSatisfying(number -> {
            assertThat(number.twoWayEnabled()).isTrue();
            assertThat(number.twoWayChannelArn()).isEqualTo(TOPIC);
            assertThat(number.twoWayChannelRole()).isEqualTo(ROLE);
            assertThat(number.selfManagedOptOutsEnabled()).isTrue();
        });

        handle(event("Delete", created.get("PhysicalResourceId").asText()));

        assertThat(responses.get(1).get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(simulator.origination(NUMBER_ID)).hasValueSatisfying(number -> {
            assertThat(number.twoWayEnabled()).isTrue();
            assertThat(number.twoWayChannelArn()).isEqualTo(SOMEONE_ELSES_TOPIC);
            assertThat(number.twoWayChannelRole()).isEqualTo("arn:aws:iam::123456789012:role/someone-elses-role");
            assertThat(number.selfManagedOptOutsEnabled()).isFalse();
        });
    }

    /** Replies that go to another channel are not taken away from it unless the deployment says so. */
    @Test
    void aNumberWhoseRepliesGoElsewhereIsNotTakenOverUnlessTheSettingSaysSo() {
        simulator.register(Origination.phoneNumber(NUMBER_ID, "+815012345678").withTwoWay(true, SOMEONE_ELSES_TOPIC, null));

        handle(event("Create", null));

        assertThat(responses.get(0).get("Status").asText()).isEqualTo("FAILED");
        assertThat(responses.get(0).get("Reason").asText()).contains("already sends its replies to " + SOMEONE_ELSES_TOPIC)
                .contains("kotae:takeOverTwoWayChannel=true").contains("with two-way off: its channel has no role");
        assertThat(simulator.calls("UpdatePhoneNumber")).isZero();
    }

    /**
     * Two-way that had no role cannot be put back as it was: End User Messaging cannot remove the role Kotae
     * set (a 20-character minimum), which the stack deletes. It is turned off, and the stack's event says so.
     */
    @Test
    void deleteTurnsTwoWayOffWhereItHadNoRoleAndSaysSo() {
        simulator.register(Origination.phoneNumber(NUMBER_ID, "+815012345678").withTwoWay(true, SOMEONE_ELSES_TOPIC, null));
        var create = event("Create", null);
        create.getResourceProperties().put(TwoWayChannelHandler.TAKE_OVER, "true");
        handle(create);

        handle(event("Delete", responses.get(0).get("PhysicalResourceId").asText()));

        assertThat(responses.get(1).get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(responses.get(1).get("Reason").asText()).contains("Two-way turned off on " + NUMBER_ID)
                .contains(SOMEONE_ELSES_TOPIC);
        assertThat(simulator.origination(NUMBER_ID).orElseThrow().twoWayEnabled()).isFalse();
    }

    /** A role created moments before may not be usable by End User Messaging yet: tried again for about 30 s. */
    @Test
    void aChannelNotYetReachableIsTriedAgainForAboutHalfAMinute() {
        simulator.injectFault("UpdatePhoneNumber", Fault.CHANNEL_NOT_REACHABLE, 3);

        handle(event("Create", null));

        assertThat(responses.get(0).get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(simulator.origination(NUMBER_ID).orElseThrow().twoWayEnabled()).isTrue();
        assertThat(waited).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));

        simulator.injectFault("UpdatePhoneNumber", Fault.CHANNEL_NOT_REACHABLE, 100);
        waited.clear();
        handle(event("Update", responses.get(0).get("PhysicalResourceId").asText()));

        assertThat(responses.get(1).get("Status").asText()).isEqualTo("FAILED");
        assertThat(responses.get(1).get("Reason").asText()).contains("still cannot reach the two-way channel")
                .contains("after 31 s");
        assertThat(waited.stream().mapToLong(Duration::toSeconds).sum()).isEqualTo(31);
    }

    @Test
    void anUpdateOfTheSameNumberKeepsWhatToRestore() {
        handle(event("Create", null));
        var physicalId = responses.get(0).get("PhysicalResourceId").asText();
        var update = event("Update", physicalId);
        update.getResourceProperties().put("SelfManagedOptOuts", "false");

        handle(update);

        assertThat(responses.get(1).get("PhysicalResourceId").asText()).isEqualTo(physicalId);
        assertThat(simulator.origination(NUMBER_ID).orElseThrow().selfManagedOptOutsEnabled()).isFalse();
        handle(event("Delete", physicalId));
        assertThat(simulator.origination(NUMBER_ID).orElseThrow().twoWayEnabled()).isFalse();
    }

    @Test
    void anUpdateToAnotherNumberTakesItOverUnderANewId() {
        simulator.register(Origination.phoneNumber("phone-other", "+815099999999"));
        handle(event("Create", null));
        var update = event("Update", responses.get(0).get("PhysicalResourceId").asText());
        update.getResourceProperties().put("OriginationIdentity", "phone-other");

        handle(update);

        assertThat(responses.get(1).get("PhysicalResourceId").asText())
                .isNotEqualTo(responses.get(0).get("PhysicalResourceId").asText());
        assertThat(simulator.origination("phone-other").orElseThrow().twoWayEnabled()).isTrue();
    }

    @Test
    void aPoolIsHandledLikeANumber() {
        simulator.register(Origination.pool("pool-abc"));
        var create = event("Create", null);
        create.getResourceProperties().put("OriginationIdentity", "pool-abc");

        handle(create);

        assertThat(responses.get(0).get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(simulator.origination("pool-abc").orElseThrow().twoWayChannelArn()).isEqualTo(TOPIC);
    }

    @Test
    void anUnknownNumberFailsTheStackWithAReason() {
        var create = event("Create", null);
        create.getResourceProperties().put("OriginationIdentity", "phone-missing");

        handle(create);

        assertThat(responses.get(0).get("Status").asText()).isEqualTo("FAILED");
        assertThat(responses.get(0).get("Reason").asText()).contains("phone-missing");
    }

    @Test
    void aNumberInAPoolFailsTheStackNamingThePoolToConfigureInstead() {
        simulator.register(Origination.phoneNumber(NUMBER_ID, "+815012345678").inPool("pool-clinic"));

        handle(event("Create", null));

        assertThat(responses.get(0).get("Status").asText()).isEqualTo("FAILED");
        assertThat(responses.get(0).get("Reason").asText())
                .contains(NUMBER_ID + " belongs to pool-clinic").contains("kotae:originationIdentity=pool-clinic");
        assertThat(simulator.calls("UpdatePhoneNumber")).isZero();
    }

    @Test
    void aNumberWithoutTwoWayInItsCountryFailsTheStackNamingTheFix() {
        simulator.register(Origination.phoneNumber(NUMBER_ID, "+815012345678").withoutTwoWayCapability());

        handle(event("Create", null));

        assertThat(responses.get(0).get("Status").asText()).isEqualTo("FAILED");
        assertThat(responses.get(0).get("Reason").asText()).contains("offers no two-way SMS for " + NUMBER_ID)
                .contains("TWO_WAY_NOT_SUPPORTED_IN_COUNTRY").contains("Pick a two-way capable number");
        assertThat(simulator.origination(NUMBER_ID).orElseThrow().twoWayEnabled()).isFalse();
    }

    @Test
    void deletingWhenTheNumberHasSinceJoinedAPoolSucceedsAndLeavesThePoolsSettings() {
        handle(event("Create", null));
        simulator.register(simulator.origination(NUMBER_ID).orElseThrow().inPool("pool-clinic"));

        handle(event("Delete", responses.get(0).get("PhysicalResourceId").asText()));

        assertThat(responses.get(1).get("Status").asText()).isEqualTo("SUCCESS");
        // Found by reading the number first, not by an update the service refuses with an error it does not document.
        assertThat(simulator.calls("UpdatePhoneNumber")).isEqualTo(1);
    }

    @Test
    void deletingAfterAFailedCreateSucceedsAndChangesNothing() {
        handle(event("Delete", "5f3e1c2a-9d8b-4c7a-8e6f-1a2b3c4d5e6f"));

        assertThat(responses.get(0).get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(simulator.calls("UpdatePhoneNumber")).isZero();
    }

    private void handle(CloudFormationCustomResourceEvent event) {
        handler.handleRequest(event, LocalLambdaContext.invoking("two-way"));
        responses = cloudFormation.all();
    }

    private CloudFormationCustomResourceEvent event(String type, String physicalId) {
        return cloudFormation.event("events/two-way-channel-create.json", type, physicalId);
    }
}
