package dev.kotae.infra;

import dev.kotae.settings.AlarmThresholds;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.RestApi;
import dev.kotae.sms.SmsMetrics;
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

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Platform engineers learn about failures before users do: one alarm per failure mode, each
 * description naming its runbook entry in the README, all acting on one encrypted alarm topic
 * (with an e-mail subscription when configured), and a dashboard of sends, replies, failures,
 * spend and queue depth.
 */
public final class Monitoring extends Construct {

    static final String RUNBOOK = "Runbook: README.md#runbook-";
    static final String CLOUDWATCH = "cloudwatch.amazonaws.com";
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
            + " (README, runbook: monthly spend).";
    private static final Duration FIVE_MINUTES = Duration.minutes(5);
    /** Fewer final delivery events than this in an hour say nothing about a delivery rate. */
    static final int MIN_FINAL_EVENTS = 10;
    /** How long a batch backlog may sit without one entry leaving before the sender counts as stopped. */
    static final Duration BATCH_STALL = Duration.minutes(15);
    /** Events normally leave within seconds; minutes behind means the relay is failing or throttled. */
    private static final Duration EVENT_RELAY_LAG = Duration.minutes(5);

    private final Topic alarmTopic;
    private final List<Alarm> spendAlarms = new java.util.ArrayList<>();
    private Dashboard dashboard;

    public Monitoring(Construct scope, String id, Props props) {
        super(scope, id);
        var key = Keys.deletedWithStack(this, "Key", "Kotae: encrypts the alarm topic");
        var stack = Stack.of(this);
        // Amazon SNS Developer Guide, "Key management" (compatibility with AWS services): CloudWatch needs
        // Decrypt and GenerateDataKey* on a customer-managed key to publish to an encrypted topic.
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
        // enforceSsl gives the topic a policy of its own, which replaces SNS's default policy: without this
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
        props.alarmEmail().ifPresent(email -> alarmTopic.addSubscription(new EmailSubscription(email)));

        for (var function : props.functions()) {
            var name = function.getNode().getId();
            alarm(name + "Errors", "function-errors", "The " + name + " function failed",
                    function.function().metricErrors(sum(FIVE_MINUTES)), 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
            alarm(name + "Throttles", "function-throttles", "The " + name + " function was throttled",
                    function.function().metricThrottles(sum(FIVE_MINUTES)), 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
        }
        props.deadLetterQueues().forEach((name, queue) -> alarm(name + "DeadLetters", "dead-letters",
                "Messages reached the " + name + " dead-letter queue",
                queue.metricApproximateNumberOfMessagesVisible(max(Duration.minutes(1))), 1,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD));
        alarm("EventRelayFailures", "event-relay-failures", "Conversation events could not be published",
                props.relayFailures().metricApproximateNumberOfMessagesVisible(max(Duration.minutes(1))), 1,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
        alarm("EventRelayLag", "event-relay-lag", "Conversation events wait longer than "
                        + EVENT_RELAY_LAG.toHumanString() + " to be published",
                props.relayFunction().function().metric("IteratorAge", max(Duration.minutes(1))),
                EVENT_RELAY_LAG.toMilliseconds(), ComparisonOperator.GREATER_THAN_THRESHOLD);
        alarm("InboundBacklog", "inbound-backlog", "Inbound replies wait longer than "
                        + props.thresholds().inboundOldestMessageSeconds() + " s",
                props.inboundQueue().metricApproximateAgeOfOldestMessage(max(Duration.minutes(1))),
                props.thresholds().inboundOldestMessageSeconds(), ComparisonOperator.GREATER_THAN_THRESHOLD);
        // Draining is entries leaving (deleted, sent or put back); a backlog nobody deletes from for a
        // quarter of an hour means the sender stopped, whatever pace the batch should take.
        alarm("BatchQueueStalled", "batch-queue-stalled", "Batch entries wait and none has left the batch queue for "
                        + BATCH_STALL.toHumanString(), batchQueueStalled(props.batchQueue()), 1,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
        alarm("ApiServerErrors", "api-5xx", "The messages API answered 5XX",
                props.api().metricServerError(sum(FIVE_MINUTES)), props.thresholds().api5xxPerFiveMinutes(),
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
        alarm("FailedDeliveries", "failed-deliveries", "More than " + props.thresholds().failedDeliveriesPerHour()
                        + " deliveries failed in an hour",
                kotaeMetric(FAILED_DELIVERIES, Duration.hours(1)), props.thresholds().failedDeliveriesPerHour(),
                ComparisonOperator.GREATER_THAN_THRESHOLD);
        alarm("DeliveryRate", "delivery-rate", "Under " + props.thresholds().deliveryRatePercent()
                        + " % of this stack's messages with a final delivery event were delivered in an hour",
                deliveryRate(), props.thresholds().deliveryRatePercent(), ComparisonOperator.LESS_THAN_THRESHOLD);
        // Account-wide by nature: End User Messaging's spend limit stops every sender in the account and
        // region at once, so every Kotae stack there alarms on it.
        // Missing data is not "no spend": an AWS/SMSVoice series that is never written (no service-linked role)
        // would read OK for ever. These two show INSUFFICIENT_DATA instead, on the dashboard's status widget.
        spendAlarms.add(alarm("MonthlySpend", "monthly-spend", "SMS spend this month in this account and region (every"
                        + " sender, not only this stack) passed " + props.thresholds().monthlySpendBudget() + " USD",
                smsMetric(SmsMetrics.MONTHLY_SPEND, "Maximum", Duration.hours(1)), props.thresholds().monthlySpendBudget(),
                ComparisonOperator.GREATER_THAN_THRESHOLD, TreatMissingData.MISSING));
        // The month's total speaks when the money is gone; the hourly rate speaks while a pump or a loop runs.
        spendAlarms.add(alarm("SpendRate", "spend-rate", "More than " + props.thresholds().sentPartsPerHour() + " SMS"
                        + " parts sent in an hour in this account and region (every sender, not only this stack)",
                smsMetric(SmsMetrics.PARTS_SENT, "Sum", Duration.hours(1)), props.thresholds().sentPartsPerHour(),
                ComparisonOperator.GREATER_THAN_THRESHOLD, TreatMissingData.MISSING));
        // EventBridge Scheduler's own failures, which no dead-letter queue of Kotae's sees (EventBridge Scheduler
        // User Guide, "Monitoring EventBridge Scheduler with Amazon CloudWatch"): a firing given up on, and one whose
        // dead-letter queue refused it. Either loses a scheduled message's input, body included.
        alarm("SchedulesDropped", "schedules-dropped", "EventBridge Scheduler gave up invoking a scheduled message's"
                        + " target after its retries", props.scheduleGroup().metricDropped(sum(FIVE_MINUTES)), 1,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
        alarm("ScheduleDeadLettersLost", "schedule-dead-letters-lost", "EventBridge Scheduler could not put a failed"
                        + " firing on its dead-letter queue", props.scheduleGroup().metricFailedToBeSentToDLQ(null,
                        sum(FIVE_MINUTES)), 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);

        dashboard(props);
    }

    public Topic alarmTopic() {
        return alarmTopic;
    }

    public Dashboard dashboard() {
        return dashboard;
    }

    private Alarm alarm(String id, String runbookEntry, String description, IMetric metric, Number threshold,
                        ComparisonOperator comparison) {
        return alarm(id, runbookEntry, description, metric, threshold, comparison, TreatMissingData.NOT_BREACHING);
    }

    private Alarm alarm(String id, String runbookEntry, String description, IMetric metric, Number threshold,
                        ComparisonOperator comparison, TreatMissingData missingData) {
        var alarm = Alarm.Builder.create(this, id)
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

    private static MetricOptions sum(Duration period) {
        return MetricOptions.builder().statistic("Sum").period(period).build();
    }

    private static MetricOptions max(Duration period) {
        return MetricOptions.builder().statistic("Maximum").period(period).build();
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
                .usingMetrics(Map.of(
                        "delivered", kotaeMetric(DELIVERED_MESSAGES, Duration.hours(1)),
                        "failed", kotaeMetric(FAILED_DELIVERIES, Duration.hours(1))))
                .period(Duration.hours(1))
                .label("Delivered, % of final delivery events")
                .build();
    }

    /** 1 while the queue held entries all period and none was deleted from it, else 0. */
    private static MathExpression batchQueueStalled(IQueue queue) {
        return MathExpression.Builder.create()
                .expression("IF(waiting > 0 AND left == 0, 1, 0)")
                .usingMetrics(Map.of(
                        "waiting", queue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                                .statistic("Minimum").period(BATCH_STALL).build()),
                        "left", queue.metricNumberOfMessagesDeleted(sum(BATCH_STALL))))
                .period(BATCH_STALL)
                .label("Batch queue stalled")
                .build();
    }

    private void dashboard(Props props) {
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
                        props.deadLetterQueues().values().stream()
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

    /**
     * @param functions        every function, each alarmed on its errors
     * @param sendFunction     the send function, whose invocations the dashboard graphs as sends
     * @param deadLetterQueues by the name used in alarm ids
     * @param relayFailures    where the event relay names batches it could not publish
     * @param relayFunction    the event relay, alarmed on how far it lags behind the table's stream
     * @param batchQueue       the batch queue, alarmed when it stops draining
     * @param scheduleGroup    the scheduled messages' schedule group, alarmed on firings lost without a dead letter
     */
    public record Props(List<KotaeFunction> functions, KotaeFunction sendFunction, RestApi api, IQueue inboundQueue,
                        Map<String, IQueue> deadLetterQueues, IQueue relayFailures, KotaeFunction relayFunction,
                        IQueue batchQueue, IScheduleGroup scheduleGroup, AlarmThresholds thresholds,
                        Optional<String> alarmEmail) {

        public Props {
            functions = List.copyOf(functions);
            Objects.requireNonNull(sendFunction, "sendFunction");
            Objects.requireNonNull(api, "api");
            Objects.requireNonNull(inboundQueue, "inboundQueue");
            deadLetterQueues = Map.copyOf(deadLetterQueues);
            Objects.requireNonNull(relayFailures, "relayFailures");
            Objects.requireNonNull(relayFunction, "relayFunction");
            Objects.requireNonNull(batchQueue, "batchQueue");
            Objects.requireNonNull(scheduleGroup, "scheduleGroup");
            Objects.requireNonNull(thresholds, "thresholds");
        }
    }
}
