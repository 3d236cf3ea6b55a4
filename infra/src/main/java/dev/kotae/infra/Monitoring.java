package dev.kotae.infra;

import dev.kotae.settings.AlarmThresholds;
import dev.kotae.sms.SmsMetrics;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.scheduler.IScheduleGroup;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Platform engineers learn about failures before users do. Every alarm notifies one encrypted topic (with
 * an e-mail subscription when configured), and each description names its runbook entry. Each construct
 * raises the alarms on what it owns, in its own scope ({@link #raise}): a function on its errors and
 * throttles, a dead-letter queue on a message arriving. What is stack-wide ({@link #overview}) stays here:
 * the delivery alarms on the status function's counts, the spend alarms on End User Messaging's, and a
 * dashboard of sends, replies, failures, spend and queue depth.
 */
public final class Monitoring extends Construct {

    static final String RUNBOOK = "Runbook: docs/operations.md#runbook-";
    static final String CLOUDWATCH = "cloudwatch.amazonaws.com";
    static final Duration FIVE_MINUTES = Duration.minutes(5);
    /** What the status function writes (functions' {@code DeliveryMetrics}): namespace, dimension, metrics. */
    static final String NAMESPACE = "Kotae";
    static final String STACK_DIMENSION = "Stack";
    static final String DELIVERED_MESSAGES = "DeliveredMessages";
    static final String FAILED_DELIVERIES = "FailedDeliveries";
    static final String SMS_METRICS_NOTE = "**End User Messaging metrics empty while Deliveries shows traffic, or the"
            + " spend alarms in INSUFFICIENT_DATA?** The account lacks the service-linked role AWSServiceRoleForSMSVoice,"
            + " without which End User Messaging writes no AWS/SMSVoice metrics and the spend alarms see nothing (an hour"
            + " with no SMS sent reads INSUFFICIENT_DATA too). Create it once per account:"
            + " `aws iam create-service-linked-role --aws-service-name sms-voice.amazonaws.com`"
            + " (docs/operations.md, runbook: monthly spend).";
    /** Fewer final delivery events than this in an hour say nothing about a delivery rate. */
    static final int MIN_FINAL_EVENTS = 10;

    private final Topic alarmTopic;
    private final AlarmThresholds thresholds;
    private final List<IQueue> deadLetterQueues = new ArrayList<>();
    private final List<Alarm> spendAlarms = new ArrayList<>();
    private Dashboard dashboard;

    /** The alarm topic, first: every construct after it raises its alarms here. */
    public Monitoring(Construct scope, String id, AlarmThresholds thresholds, Optional<String> email) {
        super(scope, id);
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        var key = Keys.deletedWithStack(this, "Key", "Kotae: encrypts the alarm alarmTopic");
        var stack = Stack.of(this);
        // Amazon SNS Developer Guide, "Key management" (compatibility with AWS services): CloudWatch needs
        // Decrypt and GenerateDataKey* on a customer-managed key to publish to an encrypted alarmTopic.
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsPublishEncrypted")
                .principals(List.of(new ServicePrincipal(CLOUDWATCH)))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", stack.getAccount())))
                .build());
        alarmTopic = Topic.Builder.create(this, "AlarmTopic")
                .displayName("Kotae alarms")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        // enforceSsl gives the alarmTopic a policy of its own, which replaces SNS's default policy: without this
        // statement no alarm could notify anyone. Scoped to this account's alarms as the CloudWatch User
        // Guide shows ("Notifying users on alarm changes", preventing confused deputy security issues).
        alarmTopic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsOfThisAccountPublish")
                .principals(List.of(new ServicePrincipal(CLOUDWATCH)))
                .actions(List.of("sns:Publish"))
                .resources(List.of(alarmTopic.getTopicArn()))
                .conditions(Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", stack.getAccount()),
                        "ArnLike", Map.of("aws:SourceArn", stack.formatArn(ArnComponents.builder()
                                .service("cloudwatch").resource("alarm").resourceName("*")
                                .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build()))))
                .build());
        email.ifPresent(address -> alarmTopic.addSubscription(new EmailSubscription(address)));
    }

    /**
     * What is watched stack-wide, once the rest of the stack exists: the delivery and spend alarms and the
     * dashboard (whose queue-depth graph shows every dead-letter queue raised on so far).
     */
    public void overview(Overview props) {
        raise(this, "FailedDeliveries", "failed-deliveries", "More than " + thresholds.failedDeliveriesPerHour()
                        + " deliveries failed in an hour",
                kotaeMetric(FAILED_DELIVERIES, Duration.hours(1)), thresholds.failedDeliveriesPerHour(),
                ComparisonOperator.GREATER_THAN_THRESHOLD);
        raise(this, "DeliveryRate", "delivery-rate", "Under " + thresholds.deliveryRatePercent()
                        + " % of this stack's messages with a final delivery event were delivered in an hour",
                deliveryRate(), thresholds.deliveryRatePercent(), ComparisonOperator.LESS_THAN_THRESHOLD);
        // Account-wide by nature: End User Messaging's spend limit stops every sender in the account and
        // region at once, so every Kotae stack there alarms on it.
        // Missing data is not "no spend": an AWS/SMSVoice series that is never written (no service-linked role)
        // would read OK for ever. These two show INSUFFICIENT_DATA instead, on the dashboard's status widget.
        spendAlarms.add(raise(this, "MonthlySpend", "monthly-spend", "SMS spend this month in this account and region (every"
                        + " sender, not only this stack) passed " + thresholds.monthlySpendBudget() + " USD",
                smsMetric(SmsMetrics.MONTHLY_SPEND, "Maximum", Duration.hours(1)), thresholds.monthlySpendBudget(),
                ComparisonOperator.GREATER_THAN_THRESHOLD, TreatMissingData.MISSING));
        // The month's total speaks when the money is gone; the hourly rate speaks while a pump or a loop runs.
        spendAlarms.add(raise(this, "SpendRate", "spend-rate", "More than " + thresholds.sentPartsPerHour() + " SMS"
                        + " parts sent in an hour in this account and region (every sender, not only this stack)",
                smsMetric(SmsMetrics.PARTS_SENT, "Sum", Duration.hours(1)), thresholds.sentPartsPerHour(),
                ComparisonOperator.GREATER_THAN_THRESHOLD, TreatMissingData.MISSING));
        dashboard(props);
    }

    /** Every alarm notifies it. */
    public Topic alarmTopic() {
        return alarmTopic;
    }

    /** The deployment's thresholds ({@code kotae:alarms}). */
    public AlarmThresholds thresholds() {
        return thresholds;
    }

    /** An alarm in {@code scope}, on {@code metric} past {@code threshold} in one period; missing data is not breaching. */
    public Alarm raise(Construct scope, String id, String runbookEntry, String description, IMetric metric,
                       Number threshold, ComparisonOperator comparison) {
        return raise(scope, id, runbookEntry, description, metric, threshold, comparison, TreatMissingData.NOT_BREACHING);
    }

    public Alarm raise(Construct scope, String id, String runbookEntry, String description, IMetric metric,
                       Number threshold, ComparisonOperator comparison, TreatMissingData missingData) {
        var alarm = Alarm.Builder.create(scope, id)
                .alarmDescription(description + ". " + RUNBOOK + runbookEntry)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(comparison)
                .evaluationPeriods(1)
                .treatMissingData(missingData)
                .build();
        alarm.addAlarmAction(new SnsAction(alarmTopic));
        return alarm;
    }

    /** A function's own: any error, and any throttle, in five minutes. */
    void onFunction(KotaeFunction function) {
        var name = function.getNode().getId();
        raise(function, "Errors", "function-errors", "The " + name + " function failed",
                function.function().metricErrors(sum(FIVE_MINUTES)), 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
        raise(function, "Throttles", "function-throttles", "The " + name + " function was throttled",
                function.function().metricThrottles(sum(FIVE_MINUTES)), 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
    }

    /** Any message on a dead-letter queue, named by what it holds (in the description and the alarm's id). */
    public void onDeadLetters(Construct scope, String name, IQueue queue) {
        raise(scope, name + "DeadLetters", "dead-letters", "Messages reached the " + name + " dead-letter queue",
                queue.metricApproximateNumberOfMessagesVisible(max(Duration.minutes(1))), 1,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
        deadLetterQueues.add(queue);
    }

    public Dashboard dashboard() {
        return dashboard;
    }

    /**
     * Counted by the status function in embedded metric format (functions' {@code DeliveryMetrics}),
     * this stack's own: the {@value #STACK_DIMENSION} dimension keeps other stacks' counts out.
     */
    private Metric kotaeMetric(String name, Duration period) {
        return Metric.Builder.create().namespace(NAMESPACE).metricName(name)
                .dimensionsMap(Map.of(STACK_DIMENSION, Stack.of(this).getStackName()))
                .statistic("Sum").period(period).build();
    }

    private static Metric smsMetric(String name, String statistic, Duration period) {
        return Metric.Builder.create().namespace(SmsMetrics.NAMESPACE).metricName(name)
                .statistic(statistic).period(period).build();
    }

    /**
     * From Kotae's own counts, not {@code AWS/SMSVoice}: those are account-wide (no dimension tells one
     * configuration set or number from another) and need End User Messaging's service-linked role.
     */
    private MathExpression deliveryRate() {
        // Under MIN_FINAL_EVENTS in an hour the point is dropped (metric math's IF without an else), so one
        // failure among a handful of messages does not page anyone; missing data is not breaching.
        return MathExpression.Builder.create()
                .expression("IF((delivered + failed) >= " + MIN_FINAL_EVENTS + ", 100 * delivered / (delivered + failed))")
                // Sorted: Map.of iterates in an order that differs between JVMs, and the template must not.
                .usingMetrics(new TreeMap<>(Map.of(
                        "delivered", kotaeMetric(DELIVERED_MESSAGES, Duration.hours(1)),
                        "failed", kotaeMetric(FAILED_DELIVERIES, Duration.hours(1)))))
                .period(Duration.hours(1))
                .label("Delivered, % of final delivery events")
                .build();
    }

    private void dashboard(Overview props) {
        var send = props.sendFunction().function();
        var widgets = List.of(
                GraphWidget.Builder.create().title("Sends").width(8).left(List.of(
                        send.metricInvocations(sum(FIVE_MINUTES)))).build(),
                GraphWidget.Builder.create().title("Replies").width(8).left(List.of(
                        props.inboundQueue().metricNumberOfMessagesReceived(sum(FIVE_MINUTES)))).build(),
                GraphWidget.Builder.create().title("Deliveries").width(8).left(List.of(
                        kotaeMetric(DELIVERED_MESSAGES, FIVE_MINUTES),
                        kotaeMetric(FAILED_DELIVERIES, FIVE_MINUTES),
                        props.api().metricServerError(sum(FIVE_MINUTES)))).build(),
                GraphWidget.Builder.create().title("Delivery rate").width(8)
                        .left(List.of(deliveryRate())).build(),
                GraphWidget.Builder.create().title("Queue depth").width(8).left(
                        deadLetterQueues.stream()
                                .map(queue -> (IMetric) queue.metricApproximateNumberOfMessagesVisible(max(FIVE_MINUTES)))
                                .toList())
                        .right(List.of(props.inboundQueue().metricApproximateNumberOfMessagesVisible(max(FIVE_MINUTES)),
                                props.batchQueue().metricApproximateNumberOfMessagesVisible(max(FIVE_MINUTES))))
                        .build(),
                // AWS/SMSVoice is account-wide and written only through End User Messaging's service-linked
                // role (AWS End User Messaging SMS User Guide, "Monitoring with Amazon CloudWatch"): an empty
                // graph beside this stack's own deliveries is the sign that the role is missing.
                GraphWidget.Builder.create().title("End User Messaging, whole account (AWS/SMSVoice)").width(8)
                        .left(List.of(
                                smsMetric(SmsMetrics.PARTS_SENT, "Sum", FIVE_MINUTES),
                                smsMetric(SmsMetrics.PARTS_DELIVERED, "Sum", FIVE_MINUTES),
                                smsMetric(SmsMetrics.MESSAGES_RECEIVED, "Sum", FIVE_MINUTES)))
                        .right(List.of(smsMetric(SmsMetrics.MONTHLY_SPEND, "Maximum", Duration.hours(1)))).build(),
                GraphWidget.Builder.create().title("Schedules (EventBridge Scheduler)").width(8).left(List.of(
                        props.scheduleGroup().metricAttempts(sum(FIVE_MINUTES)),
                        props.scheduleGroup().metricThrottled(sum(FIVE_MINUTES)),
                        props.scheduleGroup().metricDropped(sum(FIVE_MINUTES)),
                        props.scheduleGroup().metricFailedToBeSentToDLQ(null, sum(FIVE_MINUTES)))).build(),
                AlarmStatusWidget.Builder.create().title("Spend alarms: INSUFFICIENT_DATA means AWS/SMSVoice wrote nothing")
                        .width(8).alarms(List.copyOf(spendAlarms)).build(),
                TextWidget.Builder.create().width(24).height(2).markdown(SMS_METRICS_NOTE).build());
        dashboard = Dashboard.Builder.create(this, "Dashboard")
                .widgets(List.of(List.copyOf(widgets)))
                .build();
    }

    static MetricOptions sum(Duration period) {
        return MetricOptions.builder().statistic("Sum").period(period).build();
    }

    static MetricOptions max(Duration period) {
        return MetricOptions.builder().statistic("Maximum").period(period).build();
    }

    /**
     * @param sendFunction  the send function, whose invocations the dashboard graphs as sends
     * @param inboundQueue  the inbound queue, graphed as replies and as depth
     * @param batchQueue    the batch queue, graphed as depth
     * @param scheduleGroup the scheduled messages' schedule group, graphed as firings
     */
    public record Overview(KotaeFunction sendFunction, RestApi api, IQueue inboundQueue, IQueue batchQueue,
                           IScheduleGroup scheduleGroup) {

        public Overview {
            Objects.requireNonNull(sendFunction, "sendFunction");
            Objects.requireNonNull(api, "api");
            Objects.requireNonNull(inboundQueue, "inboundQueue");
            Objects.requireNonNull(batchQueue, "batchQueue");
            Objects.requireNonNull(scheduleGroup, "scheduleGroup");
        }
    }
}
