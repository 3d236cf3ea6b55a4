package dev.kotae.infra;

import dev.kotae.settings.KotaeSettings;
import dev.kotae.settings.OriginationIdentity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InboundPipelineTemplateTest {

    private static final String SMS = "sms-voice.amazonaws.com";
    /** End User Messaging may act for the stack's own number only (confused-deputy guard). */
    private static final Map<String, Object> FROM_OUR_SMS_RESOURCES = Map.of(
            "StringEquals", Map.of("aws:SourceAccount", Synthesized.ACCOUNT),
            "ArnLike", Map.of("aws:SourceArn", Synthesized.arn("sms-voice", "phone-number/" + Synthesized.PHONE_NUMBER_ID)));

    private static Synthesized synthesized;

    @BeforeAll
    static void synthesizeOnce() {
        synthesized = Synthesized.withContext(Map.of(KotaeSettings.OPT_OUT_LIST, "kotae-opt-outs",
                KotaeSettings.INBOUND_MAX_CONCURRENCY, "4"));
    }

    @Test
    void onlyEndUserMessagingFromThisAccountMayPublishToTheEncryptedTopic() {
        synthesized.template().hasResourceProperties("AWS::SNS::Topic", Map.of("KmsMasterKeyId", Match.anyValue()));
        var statements = new Capture();
        synthesized.template().hasResourceProperties("AWS::SNS::TopicPolicy", Map.of(
                "PolicyDocument", Map.of("Statement", statements, "Version", "2012-10-17"),
                "Topics", List.of(Map.of("Ref", Match.stringLikeRegexp("InboundChannelTopic.*")))));

        @SuppressWarnings("unchecked")
        var all = (List<Map<String, Object>>) (List<?>) statements.asArray();
        var allows = all.stream().filter(s -> "Allow".equals(s.get("Effect"))).toList();
        assertThat(allows).singleElement().satisfies(allow -> {
            assertThat(allow.get("Principal")).isEqualTo(Map.of("Service", SMS));
            assertThat(allow.get("Action")).isEqualTo("sns:Publish");
            assertThat(allow.get("Condition")).isEqualTo(FROM_OUR_SMS_RESOURCES);
        });
        assertThat(all).anySatisfy(deny -> {
            assertThat(deny.get("Effect")).isEqualTo("Deny");
            assertThat(deny.get("Condition")).isEqualTo(Map.of("Bool", Map.of("aws:SecureTransport", "false")));
        });
    }

    @Test
    void theKeyRotatesAndLetsEndUserMessagingEncryptForThisAccountOnly() {
        synthesized.template().hasResourceProperties("AWS::KMS::Key", Map.of(
                "EnableKeyRotation", true,
                "KeyPolicy", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Principal", Map.of("Service", SMS),
                        "Action", List.of("kms:Decrypt", "kms:GenerateDataKey*"),
                        "Condition", FROM_OUR_SMS_RESOURCES)))))));
    }

    @Test
    void theQueueKeepsTheEnvelopeOutlastsTheFunctionAndDeadLettersAfterFiveReceives() {
        synthesized.template().hasResourceProperties("AWS::SNS::Subscription", Map.of(
                "Protocol", "sqs", "RawMessageDelivery", false));
        var inboundTimeout = Math.max(((Number) functionWithHandler("InboundMessageHandler").get("Timeout")).intValue(),
                ((Number) functionWithHandler("DeliveryStatusHandler").get("Timeout")).intValue());
        // The two channels' queues; the batch queue has its own test (BatchSendsTemplateTest).
        var queues = synthesized.template().findResources("AWS::SQS::Queue",
                Map.of("Properties", Map.of("RedrivePolicy", Match.anyValue())));
        var channels = queues.entrySet().stream().filter(queue -> !queue.getKey().startsWith("BatchSends"))
                .map(java.util.Map.Entry::getValue).toList();
        assertThat(channels).hasSize(2).allSatisfy(queue -> {
            var properties = properties(queue);
            assertThat(((Number) properties.get("VisibilityTimeout")).intValue()).isGreaterThanOrEqualTo(6 * inboundTimeout);
            assertThat(((Map<?, ?>) properties.get("RedrivePolicy")).get("maxReceiveCount")).isEqualTo(5);
            assertThat(properties.get("KmsMasterKeyId")).isNotNull();
        });
        // With the event relay's failure queue, the event bus's dead-letter queue, the scheduled sends' failure
        // queue and the batch queue with its dead-letter queue: every one encrypted with a key of the stack's.
        synthesized.template().resourceCountIs("AWS::SQS::Queue", 9);
        synthesized.template().allResourcesProperties("AWS::SQS::Queue", Map.of("KmsMasterKeyId", Match.anyValue()));
        synthesized.template().allResourcesProperties("AWS::SQS::QueuePolicy", Map.of("PolicyDocument", Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny", "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))),
                "Version", "2012-10-17")));
    }

    @Test
    void theInboundAliasReadsTheQueueWithPartialBatchResponsesAndBoundedConcurrency() {
        var aliases = synthesized.template().findResources("AWS::Lambda::Alias").keySet();
        var target = new Capture();
        synthesized.template().hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "ScalingConfig", Map.of("MaximumConcurrency", 4),
                "BatchSize", 10,
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("InboundChannelQueue.*"), "Arn")),
                "FunctionName", target));
        assertThat(String.valueOf(target.asObject())).contains(":live")
                .contains("Ref=" + aliases.stream().filter(id -> id.startsWith("InboundFunction")).findFirst().orElseThrow());
    }

    /** As the two-way documentation shows it: the service does not document sending aws:SourceArn when assuming it. */
    @Test
    void theTwoWayRoleTrustsEndUserMessagingForThisAccountOnlyAsDocumented() {
        synthesized.template().hasResourceProperties("AWS::IAM::Role", Map.of("AssumeRolePolicyDocument", Map.of(
                "Statement", List.of(Map.of(
                        "Action", "sts:AssumeRole",
                        "Effect", "Allow",
                        "Principal", Map.of("Service", SMS),
                        "Condition", Map.of("StringEquals", Map.of("aws:SourceAccount", Synthesized.ACCOUNT)))),
                "Version", "2012-10-17")));
        assertThat(synthesized.template().findResources("AWS::IAM::Role").values().stream().map(String::valueOf)
                .filter(role -> role.contains(SMS))).singleElement().asString().doesNotContain("aws:SourceArn");
    }

    @Test
    void aNumberWhoseRepliesGoElsewhereIsTakenOverOnlyWhenTheDeploymentSaysSo() {
        var takingOver = Synthesized.withContext(Map.of(KotaeSettings.TAKE_OVER_TWO_WAY_CHANNEL, "true"));

        takingOver.template().hasResourceProperties("Custom::KotaeTwoWayChannel", Map.of(
                InboundPipeline.TAKE_OVER_TWO_WAY_CHANNEL, "true"));
    }

    @Test
    void theStackPointsTheNumberAtTheTopicThroughTheCustomResource() {
        synthesized.template().hasResourceProperties("Custom::KotaeTwoWayChannel", Map.of(
                "OriginationIdentity", Synthesized.PHONE_NUMBER_ID,
                "TopicArn", Map.of("Ref", Match.anyValue()),
                "RoleArn", Map.of("Fn::GetAtt", Match.anyValue()),
                "SelfManagedOptOuts", "true",
                InboundPipeline.TAKE_OVER_TWO_WAY_CHANNEL, "false",
                // Minutes, not CloudFormation's default hour, when the function cannot answer.
                "ServiceTimeout", "300",
                "ServiceToken", Match.anyValue()));
        synthesized.template().hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Action", List.of("sms-voice:DescribePhoneNumbers", "sms-voice:UpdatePhoneNumber"))),
                        Match.objectLike(Map.of("Action", "iam:PassRole")))),
                "Version", "2012-10-17")));
    }

    @Test
    void theInboundFunctionKnowsItsBrandAndOptOutListAndPublishesNothingItself() {
        var variables = (Map<?, ?>) ((Map<?, ?>) functionWithHandler("InboundMessageHandler").get("Environment")).get("Variables");

        assertThat(variables.get("BRAND_NAME")).isEqualTo("Sakura Clinic");
        assertThat(variables.get("HELP_CONTACT")).isEqualTo("help@example.com");
        assertThat(variables.get("SELF_MANAGED_OPT_OUTS")).isEqualTo("true");
        assertThat(variables.get("OPT_OUT_LIST_NAME")).isEqualTo("kotae-opt-outs");
        assertThat(variables.get("EVENT_BUS_NAME")).isNull();
        synthesized.template().hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of(
                "Statement", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Action", List.of("sms-voice:DeleteOptedOutNumber",
                                "sms-voice:PutOptedOutNumber"))))),
                "Version", "2012-10-17")));
        // Its events leave through the table's stream (EventRelayTemplateTest): one policy may put events.
        assertThat(synthesized.policiesAllowing("events:PutEvents")).isOne();
    }

    @Test
    void keywordOverridesReachTheSendFunctionTooWhichRefusesToAwaitThem() {
        var overridden = Synthesized.withContext(Map.of(KotaeSettings.KEYWORDS,
                "{\"keywords\": {\"HELP\": [\"SUPPORT\"]}}"));

        for (var handler : List.of("SendMessageHandler", "InboundMessageHandler")) {
            overridden.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "Handler", Match.stringLikeRegexp(".*" + handler + ".*"),
                    "Environment", Map.of("Variables", Match.objectLike(Map.of(
                            "KEYWORD_OVERRIDES", "{\"keywords\":{\"HELP\":[\"SUPPORT\"]}}")))));
        }
    }

    @Test
    void aPoolRepliesFromTheReceivingNumberAndIsSetUpAsAPool() {
        var pool = Synthesized.withContext(Map.of(KotaeSettings.ORIGINATION_IDENTITY, "pool-0123abcd"));

        pool.template().hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Action", List.of("sms-voice:DescribePools", "sms-voice:UpdatePool"))))),
                "Version", "2012-10-17")));
        pool.template().hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Action", "sms-voice:SendTextMessage",
                        "Resource", Match.arrayWith(List.of(Synthesized.arn("sms-voice", "phone-number/*"))))))),
                "Version", "2012-10-17")));
        // SnapStart priming describes the pool it sends from: in each of the five sending functions' policies.
        pool.template().resourcePropertiesCountIs("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Action", "sms-voice:DescribePools",
                        "Resource", Synthesized.arn("sms-voice", "pool/pool-0123abcd"))))),
                "Version", "2012-10-17")), 5);
    }

    private static Map<String, Object> functionWithHandler(String handlerClass) {
        return synthesized.template().findResources("AWS::Lambda::Function").values().stream()
                .map(InboundPipelineTemplateTest::properties)
                .filter(p -> String.valueOf(p.get("Handler")).contains(handlerClass))
                .findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Object resource) {
        return (Map<String, Object>) ((Map<String, Object>) resource).get("Properties");
    }
}
