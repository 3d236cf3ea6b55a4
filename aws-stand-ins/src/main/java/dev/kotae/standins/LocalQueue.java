package dev.kotae.standins;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

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

    public static LocalQueue create(SqsClient sqs, String name, Duration visibilityTimeout) {
        var deadLetterUrl = sqs.createQueue(q -> q.queueName(name + "-dlq").attributes(Map.of(
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, FOURTEEN_DAYS))).queueUrl();
        var deadLetterArn = arn(sqs, deadLetterUrl);
        var redrive = "{\"deadLetterTargetArn\":\"" + deadLetterArn + "\",\"maxReceiveCount\":\""
                + MAX_RECEIVE_COUNT + "\"}";
        var url = sqs.createQueue(q -> q.queueName(name).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(visibilityTimeout.toSeconds()),
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, FOURTEEN_DAYS,
                QueueAttributeName.REDRIVE_POLICY, redrive))).queueUrl();
        return new LocalQueue(name, url, arn(sqs, url), deadLetterUrl, deadLetterArn);
    }

    private static String arn(SqsClient sqs, String url) {
        return sqs.getQueueAttributes(a -> a.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }
}
