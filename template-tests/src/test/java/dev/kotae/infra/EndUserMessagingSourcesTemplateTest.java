package dev.kotae.infra;

import dev.kotae.settings.KotaeSettings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End User Messaging publishes to Kotae's topics, and uses their keys, only when it acts for Kotae's
 * own resources: the number for replies, the stack's configuration set for delivery events.
 */
class EndUserMessagingSourcesTemplateTest {

    private static final String PHONE_NUMBER_ARN = Synthesized.arn("sms-voice", "phone-number/" + Synthesized.PHONE_NUMBER_ID);
    private static final String CONFIGURATION_SET_ARN = Synthesized.arn("sms-voice", "configuration-set/Kotae-delivery");

    @Test
    void theTopicsAndTheirKeysAcceptTheServiceForTheNumberAndTheConfigurationSetOnly() {
        var synthesized = Synthesized.withContext(Map.of());

        assertThat(sourceArns(synthesized, "AWS::SNS::TopicPolicy"))
                .containsExactlyInAnyOrder(PHONE_NUMBER_ARN, CONFIGURATION_SET_ARN);
        assertThat(sourceArns(synthesized, "AWS::KMS::Key"))
                .containsExactlyInAnyOrder(PHONE_NUMBER_ARN, CONFIGURATION_SET_ARN);
    }

    /** A pool's replies arrive on its numbers; the user guide documents no source narrower than the account's. */
    @Test
    void aPoolsRepliesAreAcceptedFromTheAccountsSmsResources() {
        var synthesized = Synthesized.withContext(Map.of(KotaeSettings.ORIGINATION_IDENTITY, "pool-0123abcd"));

        assertThat(sourceArns(synthesized, "AWS::SNS::TopicPolicy"))
                .containsExactlyInAnyOrder(Synthesized.arn("sms-voice", "*"), CONFIGURATION_SET_ARN);
    }

    /** The aws:SourceArn of every statement that lets End User Messaging act on resources of this type. */
    @SuppressWarnings("unchecked")
    private static List<Object> sourceArns(Synthesized synthesized, String type) {
        var document = type.equals("AWS::KMS::Key") ? "KeyPolicy" : "PolicyDocument";
        return synthesized.template().findResources(type).values().stream()
                .map(resource -> (Map<String, Object>) Synthesized.properties(resource).get(document))
                .filter(Objects::nonNull)
                .flatMap(policy -> ((List<Map<String, Object>>) policy.get("Statement")).stream())
                .filter(statement -> Map.of("Service", SmsEventChannel.SMS_SERVICE).equals(statement.get("Principal")))
                .map(statement -> ((Map<String, Map<String, Object>>) statement.get("Condition")).get("ArnLike")
                        .get("aws:SourceArn"))
                .toList();
    }
}
