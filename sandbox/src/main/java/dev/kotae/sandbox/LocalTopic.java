package dev.kotae.sandbox;

import dev.kotae.standins.LocalQueue;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** An SNS topic with one SQS subscription, raw delivery off: each message arrives in a notification envelope. */
final class LocalTopic {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqsClient sqs;
    private final LocalQueue subscriber;
    private final String topicArn;
    private final Clock clock;

    /** @param clock the notifications' Timestamp, which orders a person's keywords */
    LocalTopic(SqsClient sqs, LocalQueue subscriber, String topicName, Clock clock) {
        this.sqs = sqs;
        this.clock = clock;
        this.subscriber = subscriber;
        this.topicArn = "arn:aws:sns:ap-northeast-1:000000000000:" + topicName;
    }

    void publish(String message) {
        var notification = JSON.createObjectNode()
                .put("Type", "Notification")
                .put("MessageId", UUID.randomUUID().toString())
                .put("TopicArn", topicArn)
                .put("Message", message)
                .put("Timestamp", clock.instant().truncatedTo(ChronoUnit.MILLIS).toString())
                .put("SignatureVersion", "1")
                .put("Signature", "local")
                .put("SigningCertURL", "")
                .put("UnsubscribeURL", "");
        sqs.sendMessage(m -> m.queueUrl(subscriber.url()).messageBody(notification.toString()));
    }
}
