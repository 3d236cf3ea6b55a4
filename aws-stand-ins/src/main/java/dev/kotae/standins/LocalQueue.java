package dev.kotae.standins;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

import java.time.Duration;
import java.util.Map;

/**
 * A queue with its dead-letter queue on the SQS stand-in, set up as the stack sets up its queues:
 * 14 days' retention, redrive to the dead-letter queue on the receive after {@link #MAX_RECEIVE_COUNT}.
 */
public record LocalQueue(String name, String url, String arn, String deadLetterUrl, String deadLetterArn) {

    /** As the stack's queues: the sixth receive of a failing message moves it to the dead-letter queue. */
    public static final int MAX_RECEIVE_COUNT = 5;
    private static final String FOURTEEN_DAYS = "1209600";

    /**
     * Creates the queue and its dead-letter queue; a queue kept from an earlier run (a data directory's) keeps
     * its messages and takes these attributes, as a redeploy's changed queue would.
     */
    public static LocalQueue create(SqsClient sqs, String name, Duration visibilityTimeout) {
        var deadLetterUrl = createOrUpdate(sqs, name + "-dlq", Map.of(
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, FOURTEEN_DAYS));
        var deadLetterArn = arn(sqs, deadLetterUrl);
        var redrive = "{\"deadLetterTargetArn\":\"" + deadLetterArn + "\",\"maxReceiveCount\":\""
                + MAX_RECEIVE_COUNT + "\"}";
        var url = createOrUpdate(sqs, name, Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(visibilityTimeout.toSeconds()),
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, FOURTEEN_DAYS,
                QueueAttributeName.REDRIVE_POLICY, redrive));
        return new LocalQueue(name, url, arn(sqs, url), deadLetterUrl, deadLetterArn);
    }

    private static String createOrUpdate(SqsClient sqs, String name, Map<QueueAttributeName, String> attributes) {
        try {
            return sqs.createQueue(q -> q.queueName(name).attributes(attributes)).queueUrl();
        } catch (QueueNameExistsException kept) {
            var url = sqs.getQueueUrl(q -> q.queueName(name)).queueUrl();
            sqs.setQueueAttributes(q -> q.queueUrl(url).attributes(attributes));
            return url;
        }
    }

    private static String arn(SqsClient sqs, String url) {
        return sqs.getQueueAttributes(a -> a.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }
}
