package dev.kotae.infra;

import dev.kotae.settings.KotaeSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Delivery tracking, encryption at rest and monitoring, as the template declares them. */
class OperationsTemplateTest {

    private static Synthesized synthesized;

    @BeforeAll
    static void synthesizeOnce() {
        synthesized = Synthesized.withContext(Map.of(KotaeSettings.ALARM_EMAIL, "oncall@example.com",
                KotaeSettings.MONTHLY_SPEND_BUDGET, "250", KotaeSettings.SENT_PARTS_PER_HOUR, "400"));
    }

    @Test
    void theStacksConfigurationSetPublishesEveryTextEventToTheDeliveryTopic() {
        synthesized.template().hasResourceProperties("AWS::SMSVOICE::ConfigurationSet", Map.of(
                "ConfigurationSetName", "Kotae-delivery",
                "EventDestinations", List.of(Map.of(
                        "EventDestinationName", "kotae-delivery-status",
                        "Enabled", true,
                        "MatchingEventTypes", List.of("TEXT_ALL"),
                        "SnsDestination", Map.of("TopicArn", Map.of("Ref", Match.stringLikeRegexp("DeliveryChannelTopic.*")))))));
        synthesized.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.kotae.messages.boundary.SendMessageHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of("CONFIGURATION_SET_NAME", "Kotae-delivery")))));
    }

    @Test
    void theStatusFunctionReadsItsQueueThroughItsAlias() {
        // Inbound queue, delivery queue, batch queue, table stream.
        synthesized.template().resourceCountIs("AWS::Lambda::EventSourceMapping", 4);
        synthesized.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.kotae.messages.boundary.DeliveryStatusHandler::handleRequest"));
        synthesized.template().allResourcesProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "FunctionResponseTypes", List.of("ReportBatchItemFailures")));
    }

    @Test
    void aConfigurationSetNamedInTheSettingsIsUsedAsIsWithoutDeliveryTracking() {
        var own = Synthesized.withContext(Map.of(KotaeSettings.CONFIGURATION_SET, "existing-set"));

        own.template().resourceCountIs("AWS::SMSVOICE::ConfigurationSet", 0);
        own.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.kotae.messages.boundary.SendMessageHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of("CONFIGURATION_SET_NAME", "existing-set")))));
    }

    @Test
    void theTableIsEncryptedWithARotatingCustomerManagedKey() {
        synthesized.template().hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "SSESpecification", Map.of("SSEEnabled", true, "SSEType", "KMS", "KMSMasterKeyId", Match.anyValue())));
        synthesized.template().allResourcesProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
        synthesized.template().allResourcesProperties("AWS::SNS::Topic", Map.of("KmsMasterKeyId", Match.anyValue()));
        synthesized.template().allResourcesProperties("AWS::SQS::Queue", Map.of("KmsMasterKeyId", Match.anyValue()));
    }

    @Test
    void everyFunctionHasAnErrorAndAThrottleAlarm() {
        var functions = synthesized.template().findResources("AWS::Lambda::Function").size();
        var alarms = synthesized.template().findResources("AWS::CloudWatch::Alarm").values();

        assertThat(alarms.stream().filter(alarm -> "Errors".equals(properties(alarm).get("MetricName")))).hasSize(functions);
        assertThat(alarms.stream().filter(alarm -> "Throttles".equals(properties(alarm).get("MetricName")))).hasSize(functions);
    }

    @Test
    void theQueuesApiDeliveriesAndSpendAreWatched() {
        var metrics = synthesized.template().findResources("AWS::CloudWatch::Alarm").values().stream()
                .map(alarm -> String.valueOf(properties(alarm).get("MetricName")))
                .toList();

        assertThat(metrics).contains("ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage",
                "5XXError", "FailedDeliveries", "TextMessageMonthlySpend");
        // Both channels' dead-letter queues, the event relay's failure queue, the event bus's dead-letter queue,
        // the scheduled sends' failure queue and the batch queue's dead-letter queue.
        assertThat(metrics.stream().filter("ApproximateNumberOfMessagesVisible"::equals)).hasSize(6);
        assertThat(metrics).contains("IteratorAge");
        synthesized.template().hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "TextMessageMonthlySpend", "Namespace", "AWS/SMSVoice", "Statistic", "Maximum",
                "Threshold", 250));
        // The rate of spend, which can page before the month's total does.
        synthesized.template().hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "NumberOfTextMessagePartsSent", "Namespace", "AWS/SMSVoice", "Statistic", "Sum",
                "Period", 3600, "Threshold", 400, "ComparisonOperator", "GreaterThanThreshold",
                "AlarmDescription", Match.stringLikeRegexp(".*docs/operations.md#runbook-spend-rate")));
        synthesized.template().hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "ComparisonOperator", "LessThanThreshold", "Threshold", 90,
                "Metrics", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Expression",
                                "IF((delivered + failed) >= 10, 100 * delivered / (delivered + failed))")),
                        Match.objectLike(Map.of("Id", "delivered", "MetricStat", Match.objectLike(Map.of(
                                "Metric", Map.of("Namespace", "Kotae", "MetricName", "DeliveredMessages",
                                        "Dimensions", List.of(Map.of("Name", "Stack", "Value", "Kotae")))))))))));
    }

    /**
     * EventBridge Scheduler's failures that no dead-letter queue of Kotae's sees: a firing given up on, and
     * one its dead-letter queue refused. Both lose a scheduled message's input.
     */
    @Test
    void theScheduleGroupsLostFiringsAreAlarmedAndItsThrottlesGraphed() {
        for (var metric : List.of("InvocationDroppedCount", "InvocationsFailedToBeSentToDeadLetterCount")) {
            synthesized.template().hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                    "MetricName", metric, "Namespace", "AWS/Scheduler", "Statistic", "Sum", "Threshold", 1,
                    "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                    "Dimensions", List.of(Map.of("Name", "ScheduleGroup", "Value", Match.anyValue())),
                    "AlarmDescription", Match.stringLikeRegexp(".*docs/operations.md#runbook-schedule.*")));
        }
        var body = String.valueOf(synthesized.template().findResources("AWS::CloudWatch::Dashboard").values());
        assertThat(body).contains("AWS/Scheduler", "InvocationThrottleCount");
    }

    /**
     * A spend alarm whose AWS/SMSVoice series is never written must not read OK for ever: missing data is
     * INSUFFICIENT_DATA, which the dashboard's status widget shows.
     */
    @Test
    void theSpendAlarmsShowWhenTheirDataIsMissing() {
        for (var metric : List.of("TextMessageMonthlySpend", "NumberOfTextMessagePartsSent")) {
            synthesized.template().hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                    "MetricName", metric, "TreatMissingData", "missing"));
        }
        var spendAlarms = synthesized.template().findResources("AWS::CloudWatch::Alarm").entrySet().stream()
                .filter(alarm -> List.of("TextMessageMonthlySpend", "NumberOfTextMessagePartsSent")
                        .contains(String.valueOf(properties(alarm.getValue()).get("MetricName"))))
                .map(Map.Entry::getKey).toList();
        var body = String.valueOf(synthesized.template().findResources("AWS::CloudWatch::Dashboard").values());
        assertThat(spendAlarms).hasSize(2).allSatisfy(alarm -> assertThat(body).contains(alarm));
        assertThat(body).contains("INSUFFICIENT_DATA means AWS/SMSVoice wrote nothing");
    }

    @Test
    void everyAlarmExplainsItselfAndNotifiesTheOneAlarmTopic() {
        var alarms = synthesized.template().findResources("AWS::CloudWatch::Alarm").values();

        assertThat(alarms).allSatisfy(alarm -> {
            var properties = properties(alarm);
            assertThat(String.valueOf(properties.get("AlarmDescription"))).contains(Monitoring.RUNBOOK);
            assertThat(String.valueOf(properties.get("AlarmActions"))).contains("MonitoringAlarmTopic");
        });
        synthesized.template().hasResourceProperties("AWS::SNS::Subscription", Map.of(
                "Protocol", "email", "Endpoint", "oncall@example.com"));
        synthesized.template().resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    }

    /** Without End User Messaging's service-linked role, AWS/SMSVoice stays empty: the dashboard shows it beside Kotae's own counts. */
    @Test
    void theDashboardShowsEndUserMessagingsMetricsBesideKotaesOwnAndWhatAnEmptyGraphMeans() {
        var body = String.valueOf(synthesized.template().findResources("AWS::CloudWatch::Dashboard").values());

        assertThat(body).contains("AWS/SMSVoice", "NumberOfTextMessagePartsDelivered", "TextMessageMonthlySpend",
                "DeliveredMessages", "FailedDeliveries", "AWSServiceRoleForSMSVoice",
                "create-service-linked-role --aws-service-name sms-voice.amazonaws.com");
    }

    @Test
    void everyRunbookEntryTheAlarmsNameIsInTheOperationsGuide() throws Exception {
        var guide = Files.readString(Path.of("../docs/operations.md"));
        var entries = synthesized.template().findResources("AWS::CloudWatch::Alarm").values().stream()
                .map(alarm -> String.valueOf(properties(alarm).get("AlarmDescription")))
                .map(description -> description.substring(description.indexOf("#runbook-") + 1))
                .distinct()
                .toList();

        assertThat(entries).isNotEmpty().allSatisfy(anchor ->
                assertThat(guide).as("docs/operations.md heading for " + anchor).contains("<a id=\"" + anchor + "\"></a>"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Object resource) {
        return (Map<String, Object>) ((Map<String, Object>) resource).get("Properties");
    }
}
