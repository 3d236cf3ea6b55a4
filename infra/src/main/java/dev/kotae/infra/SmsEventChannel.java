package dev.kotae.infra;

import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.SqsSubscription;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How End User Messaging hands Kotae its events (inbound SMS, delivery events): an SNS topic only
 * {@code sms-voice.amazonaws.com} acting for this account may publish to, an SQS queue subscribed
 * with the SNS envelope kept (its Timestamp orders events), a dead-letter queue after
 * {@value #MAX_RECEIVE_COUNT} receives, all encrypted with rotating customer-managed keys (one for
 * the topic, one for the queues) and reachable over TLS only.
 */
public final class SmsEventChannel extends Construct {

    static final String SMS_SERVICE = "sms-voice.amazonaws.com";
    static final int MAX_RECEIVE_COUNT = 5;
    /** AWS's guidance for SQS event sources: a visibility timeout of at least six function timeouts. */
    static final int VISIBILITY_TIMEOUT_PER_FUNCTION_TIMEOUT = 6;
    /** Four days of an outage before a message is lost; the backlog alarm fires within minutes. */
    static final Duration RETENTION = Duration.days(4);
    /** SQS's longest: what failed five times waits two weeks for someone to look at it. */
    static final Duration DEAD_LETTER_RETENTION = Duration.days(14);

    private final Topic topic;
    private final Queue queue;
    private final Queue deadLetters;

    public SmsEventChannel(Construct scope, String id, Props props) {
        super(scope, id);
        var purpose = props.purpose();
        var publisher = props.publisher();
        // Two keys, not one: the subscription gives SNS the queue key's use on condition of the topic's
        // ARN, while the topic names its key, so one key for both would depend on the topic that depends on it.
        var topicKey = Keys.deletedWithStack(this, "TopicKey", "Kotae: encrypts " + purpose + " on their topic");
        // AWS End User Messaging SMS User Guide, "Topic policies for Amazon SNS topics": the key policy that
        // lets the service publish to an encrypted topic, with its recommended confused-deputy conditions.
        topicKey.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("EndUserMessagingPublishesEncrypted")
                .principals(List.of(new ServicePrincipal(SMS_SERVICE)))
                .actions(List.of("kms:GenerateDataKey*", "kms:Decrypt"))
                .resources(List.of("*"))
                .conditions(from(Stack.of(this), publisher))
                .build());
        var queueKey = Keys.deletedWithStack(this, "QueueKey", "Kotae: encrypts " + purpose + " on their queue and dead-letter queue");

        topic = Topic.Builder.create(this, "Topic")
                .displayName("Kotae " + purpose)
                .masterKey(topicKey)
                .enforceSsl(true)
                .build();
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("OnlyEndUserMessagingPublishes")
                .principals(List.of(new ServicePrincipal(SMS_SERVICE)))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(from(Stack.of(this), publisher))
                .build());

        // A dead letter keeps its first enqueue time, so its queue must keep messages longer than the
        // source queue does (Amazon SQS Developer Guide, "Using dead-letter queues").
        deadLetters = Queue.Builder.create(this, "DeadLetters")
                .encryption(QueueEncryption.KMS)
                .encryptionMasterKey(queueKey)
                .enforceSsl(true)
                .retentionPeriod(DEAD_LETTER_RETENTION)
                .build();
        queue = Queue.Builder.create(this, "Queue")
                .encryption(QueueEncryption.KMS)
                .encryptionMasterKey(queueKey)
                .enforceSsl(true)
                .visibilityTimeout(Duration.seconds(VISIBILITY_TIMEOUT_PER_FUNCTION_TIMEOUT * props.functionTimeout().toSeconds().intValue()))
                .retentionPeriod(RETENTION)
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(MAX_RECEIVE_COUNT).build())
                .build();
        topic.addSubscription(SqsSubscription.Builder.create(queue).rawMessageDelivery(false).build());
        props.monitoring().onDeadLetters(this, props.name(), deadLetters);
    }

    /**
     * Confused-deputy guard (AWS End User Messaging SMS User Guide, "Cross-service confused deputy
     * prevention"): the service may act for this account's {@code publisher} only.
     */
    private static Map<String, Object> from(Stack stack, String publisher) {
        return Map.of(
                "StringEquals", Map.of("aws:SourceAccount", stack.getAccount()),
                "ArnLike", Map.of("aws:SourceArn", publisher));
    }

    /**
     * Any of this account's End User Messaging resources in the region: what a pool's replies come from,
     * since the user guide documents no narrower source for a pool's two-way channel.
     */
    static String anyOfThisAccountsSmsResources(Stack stack) {
        return stack.formatArn(ArnComponents.builder()
                .service("sms-voice").resource("*").arnFormat(ArnFormat.NO_RESOURCE_NAME).build());
    }

    /** The function reads the queue as Lambda's event source: partial batch responses, bounded concurrency. */
    public void feed(IFunction function, int maxConcurrency) {
        function.addEventSource(SqsEventSource.Builder.create(queue)
                .batchSize(10)
                .reportBatchItemFailures(true)
                .maxConcurrency(maxConcurrency)
                .build());
    }

    public Topic topic() {
        return topic;
    }

    public Queue queue() {
        return queue;
    }

    public Queue deadLetters() {
        return deadLetters;
    }

    /**
     * @param name            what the events are, in the dead-letter alarm's id and description ("Inbound")
     * @param purpose         what the events are, in the keys' and topic's descriptions ("inbound SMS")
     * @param functionTimeout the timeout of the function the queue feeds, which its visibility timeout follows
     * @param publisher       the ARN of the End User Messaging resource that publishes here (the number, or the
     *                        configuration set): the topic and its key accept the service acting for it only
     * @param monitoring      where the dead-letter queue alarms
     */
    public record Props(String name, String purpose, Duration functionTimeout, String publisher, Monitoring monitoring) {

        public Props {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(purpose, "purpose");
            Objects.requireNonNull(functionTimeout, "functionTimeout");
            Objects.requireNonNull(publisher, "publisher");
            Objects.requireNonNull(monitoring, "monitoring");
        }
    }
}
