package dev.kotae.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

import java.util.ArrayList;
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
    private static final Duration FIVE_MINUTES = Duration.minutes(5);
    /** Events normally leave within seconds; minutes behind means the relay is failing or throttled. */
    private static final Duration EVENT_RELAY_LAG = Duration.minutes(5);

    private final Topic alarmTopic;
    private final List<Alarm> alarms = new ArrayList<>();

    public Monitoring(Construct scope, String id, Props props) {
        super(scope, id);
        var key = Key.Builder.create(this, "Key")
                .description("Kotae: encrypts the alarm topic")
                .enableKeyRotation(true)
                .build();
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsPublishEncrypted")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Stack.of(this).getAccount())))
                .build());
        alarmTopic = Topic.Builder.create(this, "AlarmTopic")
                .displayName("Kotae alarms")
                .masterKey(key)
                .enforceSsl(true)
                .build();
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
                props.eventRelay().failures().metricApproximateNumberOfMessagesVisible(max(Duration.minutes(1))), 1,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
        alarm("EventRelayLag", "event-relay-lag", "Conversation events wait longer than "
                        + EVENT_RELAY_LAG.toHumanString() + " to be published",
                props.eventRelay().function().function().metric("IteratorAge", max(Duration.minutes(1))),
                EVENT_RELAY_LAG.toMilliseconds(), ComparisonOperator.GREATER_THAN_THRESHOLD);
        alarm("InboundBacklog", "inbound-backlog", "Inbound replies wait longer than "
                        + props.thresholds().inboundOldestMessageSeconds() + " s",
                props.inboundQueue().metricApproximateAgeOfOldestMessage(max(Duration.minutes(1))),
                props.thresholds().inboundOldestMessageSeconds(), ComparisonOperator.GREATER_THAN_THRESHOLD);
        alarm("ApiServerErrors", "api-5xx", "The messages API answered 5XX",
                props.api().metricServerError(sum(FIVE_MINUTES)), props.thresholds().api5xxPerFiveMinutes(),
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
        alarm("FailedDeliveries", "failed-deliveries", "More than " + props.thresholds().failedDeliveriesPerHour()
                        + " deliveries failed in an hour",
                failedDeliveries(Duration.hours(1)), props.thresholds().failedDeliveriesPerHour(),
                ComparisonOperator.GREATER_THAN_THRESHOLD);
        alarm("DeliveryRate", "delivery-rate", "Under " + props.thresholds().deliveryRatePercent()
                        + " % of sent message parts were delivered in an hour",
                deliveryRate(), props.thresholds().deliveryRatePercent(), ComparisonOperator.LESS_THAN_THRESHOLD);
        alarm("MonthlySpend", "monthly-spend", "SMS spend this month passed " + props.thresholds().monthlySpendBudget() + " USD",
                smsMetric("TextMessageMonthlySpend", "Maximum", Duration.hours(1)), props.thresholds().monthlySpendBudget(),
                ComparisonOperator.GREATER_THAN_THRESHOLD);

        dashboard(props);
    }

    public Topic alarmTopic() {
        return alarmTopic;
    }

    public List<Alarm> alarms() {
        return List.copyOf(alarms);
    }

    private void alarm(String id, String runbookEntry, String description, IMetric metric, Number threshold,
                       ComparisonOperator comparison) {
        var alarm = Alarm.Builder.create(this, id)
                .alarmDescription(description + ". " + RUNBOOK + runbookEntry)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(comparison)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(alarmTopic));
        alarms.add(alarm);
    }

    private static MetricOptions sum(Duration period) {
        return MetricOptions.builder().statistic("Sum").period(period).build();
    }

    private static MetricOptions max(Duration period) {
        return MetricOptions.builder().statistic("Maximum").period(period).build();
    }

    /** Counted by the status function in embedded metric format, all event types together. */
    private static Metric failedDeliveries(Duration period) {
        return Metric.Builder.create().namespace("Kotae").metricName("FailedDeliveries")
                .statistic("Sum").period(period).build();
    }

    private static Metric smsMetric(String name, String statistic, Duration period) {
        return Metric.Builder.create().namespace("AWS/SMSVoice").metricName(name)
                .statistic(statistic).period(period).build();
    }

    private static MathExpression deliveryRate() {
        return MathExpression.Builder.create()
                .expression("100 * delivered / sent")
                .usingMetrics(Map.of(
                        "delivered", smsMetric("NumberOfTextMessagePartsDelivered", "Sum", Duration.hours(1)),
                        "sent", smsMetric("NumberOfTextMessagePartsSent", "Sum", Duration.hours(1))))
                .period(Duration.hours(1))
                .label("Delivered parts, % of sent")
                .build();
    }

    private void dashboard(Props props) {
        var send = props.functions().get(0).function();
        var widgets = List.of(
                GraphWidget.Builder.create().title("Sends").width(8).left(List.of(
                        send.metricInvocations(sum(FIVE_MINUTES)),
                        smsMetric("NumberOfTextMessagePartsSent", "Sum", FIVE_MINUTES))).build(),
                GraphWidget.Builder.create().title("Replies").width(8).left(List.of(
                        smsMetric("NumberOfMessagesReceived", "Sum", FIVE_MINUTES),
                        props.inboundQueue().metricNumberOfMessagesReceived(sum(FIVE_MINUTES)))).build(),
                GraphWidget.Builder.create().title("Failures").width(8).left(List.of(
                        failedDeliveries(FIVE_MINUTES),
                        props.api().metricServerError(sum(FIVE_MINUTES)))).build(),
                GraphWidget.Builder.create().title("Delivery rate and spend").width(12)
                        .left(List.of(deliveryRate()))
                        .right(List.of(smsMetric("TextMessageMonthlySpend", "Maximum", Duration.hours(1)))).build(),
                GraphWidget.Builder.create().title("Queue depth").width(12).left(
                        props.deadLetterQueues().values().stream()
                                .map(queue -> (IMetric) queue.metricApproximateNumberOfMessagesVisible(max(FIVE_MINUTES)))
                                .toList())
                        .right(List.of(props.inboundQueue().metricApproximateNumberOfMessagesVisible(max(FIVE_MINUTES))))
                        .build());
        Dashboard.Builder.create(this, "Dashboard")
                .widgets(List.of(List.copyOf(widgets)))
                .build();
    }

    /**
     * @param functions        every function; the first is the send function, graphed as sends
     * @param deadLetterQueues by the name used in alarm ids
     */
    public record Props(List<KotaeFunction> functions, RestApi api, IQueue inboundQueue,
                        Map<String, IQueue> deadLetterQueues, EventRelay eventRelay, Thresholds thresholds,
                        Optional<String> alarmEmail) {

        public Props {
            functions = List.copyOf(functions);
            Objects.requireNonNull(api, "api");
            Objects.requireNonNull(inboundQueue, "inboundQueue");
            deadLetterQueues = Map.copyOf(deadLetterQueues);
            Objects.requireNonNull(eventRelay, "eventRelay");
            Objects.requireNonNull(thresholds, "thresholds");
        }
    }

    /** Alarm thresholds, from context (see the README's settings). */
    public record Thresholds(int inboundOldestMessageSeconds, int api5xxPerFiveMinutes, int failedDeliveriesPerHour,
                             int deliveryRatePercent, int monthlySpendBudget) {
    }
}
