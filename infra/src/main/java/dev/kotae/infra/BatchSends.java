package dev.kotae.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Bulk sends: the batch API's functions put each valid entry of {@code POST /batches} on an encrypted
 * queue (the bodies wait there, and nowhere else), and the batch sender reads it, at most
 * {@code kotae:messagesPerSecond} message parts a second across all its invocations (they share the
 * pace through the table). What fails five times lands in the dead-letter queue.
 */
public final class BatchSends extends Construct {

    /** Long enough for a sender to pace ten long messages at a slow number, and put back what did not fit. */
    static final int SENDER_TIMEOUT_SECONDS = 120;
    /** API Gateway's integration timeout is 29 s (API Gateway Developer Guide, "Amazon API Gateway quotas"). */
    static final int CREATE_TIMEOUT_SECONDS = 28;
    /** As the channels' queues: the sixth receive of an entry that keeps failing moves it to the dead-letter queue. */
    static final int MAX_RECEIVE_COUNT = SmsEventChannel.MAX_RECEIVE_COUNT;
    /** How long a batch backlog may sit without one entry leaving before the sender counts as stopped. */
    static final Duration STALL = Duration.minutes(15);

    private final Queue queue;
    private final Queue deadLetters;
    private final KotaeFunction sender;
    private final KotaeFunction create;
    private final KotaeFunction get;
    private final KotaeFunction cancel;

    public BatchSends(Construct scope, String id, Props props) {
        super(scope, id);
        var defaults = props.defaults();
        // The entries carry message bodies (a password, say): encrypted with a key of the stack's.
        var key = Keys.deletedWithStack(this, "QueueKey", "Kotae: encrypts batch entries, bodies included, on their"
                + " queue and dead-letter queue");
        deadLetters = Queue.Builder.create(this, "DeadLetters")
                .encryption(QueueEncryption.KMS)
                .encryptionMasterKey(key)
                .enforceSsl(true)
                .retentionPeriod(SmsEventChannel.DEAD_LETTER_RETENTION)
                .build();
        queue = Queue.Builder.create(this, "Queue")
                .encryption(QueueEncryption.KMS)
                .encryptionMasterKey(key)
                .enforceSsl(true)
                .visibilityTimeout(Duration.seconds(SmsEventChannel.VISIBILITY_TIMEOUT_PER_FUNCTION_TIMEOUT
                        * SENDER_TIMEOUT_SECONDS))
                .retentionPeriod(SmsEventChannel.RETENTION)
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(MAX_RECEIVE_COUNT).build())
                .build();
        var environment = defaults.environment().batches(queue.getQueueUrl());
        var booking = defaults.environment().batchBooking(queue.getQueueUrl(),
                props.scheduledSends().deliveringTo(queue, deadLetters, key));

        sender = new KotaeFunction(this, "BatchSender", KotaeFunction.Props.builder()
                .handler("dev.kotae.batches.boundary.BatchSendHandler::handleRequest")
                .description("Kotae: sends batch entries at the number's pace")
                .defaults(defaults)
                // An entry whose turn comes in its recipient's night waits in a schedule until the morning.
                .environment(booking)
                .timeout(Duration.seconds(SENDER_TIMEOUT_SECONDS))
                .build());
        defaults.grantTable(sender.role(), "dynamodb:Query", "dynamodb:ConditionCheckItem", "dynamodb:PutItem",
                "dynamodb:UpdateItem");
        defaults.allowSending(sender.role());
        queue.grantSendMessages(sender.role());
        props.scheduledSends().allowBooking(sender.role());
        sender.alias().addEventSource(SqsEventSource.Builder.create(queue)
                .batchSize(10)
                .reportBatchItemFailures(true)
                .maxConcurrency(props.senderConcurrency())
                .build());

        create = new KotaeFunction(this, "CreateBatch", KotaeFunction.Props.builder()
                .handler("dev.kotae.batches.boundary.CreateBatchHandler::handleRequest")
                .description("Kotae: POST /batches queues a list of messages, or schedules it")
                .defaults(defaults)
                .environment(booking)
                .timeout(Duration.seconds(CREATE_TIMEOUT_SECONDS))
                .memorySize(KotaeFunction.INTERACTIVE_MEMORY_MB)
                .build());
        // BatchGetItem: a marketing batch reads its recipients' consent at once.
        defaults.grantTable(create.role(), "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchGetItem");
        queue.grantSendMessages(create.role());
        props.scheduledSends().allowBooking(create.role());

        get = new KotaeFunction(this, "GetBatch", KotaeFunction.Props.builder()
                .handler("dev.kotae.batches.boundary.GetBatchHandler::handleRequest")
                .description("Kotae: GET /batches/{batchId} counts a batch's entries")
                .defaults(defaults)
                .environment(environment)
                .memorySize(KotaeFunction.INTERACTIVE_MEMORY_MB)
                .build());
        defaults.grantTable(get.role(), "dynamodb:Query", "dynamodb:BatchGetItem");

        cancel = new KotaeFunction(this, "CancelBatch", KotaeFunction.Props.builder()
                .handler("dev.kotae.batches.boundary.CancelBatchHandler::handleRequest")
                .description("Kotae: DELETE /batches/{batchId} stops what has not been sent")
                .defaults(defaults)
                // Where a batch sent later waits: its schedules are deleted, up to a thousand, 16 at a time.
                .environment(booking)
                .timeout(Duration.seconds(CREATE_TIMEOUT_SECONDS))
                .memorySize(KotaeFunction.INTERACTIVE_MEMORY_MB)
                .build());
        defaults.grantTable(cancel.role(), "dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:BatchGetItem");
        props.scheduledSends().allowCanceling(cancel.role());

        var monitoring = defaults.monitoring();
        monitoring.onDeadLetters(this, "Batches", deadLetters);
        // Draining is entries leaving (deleted, sent or put back); a backlog nobody deletes from for a
        // quarter of an hour means the sender stopped, whatever pace the batch should take.
        monitoring.raise(this, "BatchQueueStalled", "batch-queue-stalled", "Batch entries wait and none has left the batch"
                + " queue for " + STALL.toHumanString(), stalled(queue), 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);

        for (var sending : List.of(sender, create)) {
            NagSuppressions.addResourceSuppressions(sending.role(), List.of(NagPackSuppression.builder()
                    .id("AwsSolutions-IAM5")
                    .reason("The batch queue's send grant (grantSendMessages): GenerateDataKey* and ReEncrypt* on the"
                            + " queue's own key only.")
                    .appliesTo(List.of("Action::kms:GenerateDataKey*", "Action::kms:ReEncrypt*"))
                    .build()), true);
        }
    }

    /** 1 while the queue held entries all period and none was deleted from it, else 0. */
    private static MathExpression stalled(IQueue queue) {
        return MathExpression.Builder.create()
                .expression("IF(waiting > 0 AND left == 0, 1, 0)")
                // Sorted: Map.of iterates in an order that differs between JVMs, and the template must not.
                .usingMetrics(new TreeMap<>(Map.of(
                        "waiting", queue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                                .statistic("Minimum").period(STALL).build()),
                        "left", queue.metricNumberOfMessagesDeleted(Monitoring.sum(STALL)))))
                .period(STALL)
                .label("Batch queue stalled")
                .build();
    }

    public Queue queue() {
        return queue;
    }

    public Queue deadLetters() {
        return deadLetters;
    }

    public KotaeFunction create() {
        return create;
    }

    public KotaeFunction get() {
        return get;
    }

    public KotaeFunction cancel() {
        return cancel;
    }

    /**
     * @param senderConcurrency how many senders may run at once (the event source's maximum concurrency)
     * @param scheduledSends    where a batch sent later waits, one schedule per entry
     */
    public record Props(FunctionDefaults defaults, int senderConcurrency, ScheduledSends scheduledSends) {

        public Props {
            Objects.requireNonNull(defaults, "defaults");
            Objects.requireNonNull(scheduledSends, "scheduledSends");
        }
    }
}
