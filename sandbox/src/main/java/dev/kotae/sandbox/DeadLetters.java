package dev.kotae.sandbox;

import dev.kotae.standins.LocalQueue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.util.ArrayList;
import java.util.List;

/** The sandbox's dead-letter queues, read without taking anything off them. */
final class DeadLetters {

    /** One message on a dead-letter queue; {@code queue} names the queue it was meant for. */
    record DeadLetter(String queue, String messageId, String body, String receiveCount) {
    }

    private final SqsClient sqs;
    private final List<LocalQueue> queues;

    DeadLetters(SqsClient sqs, List<LocalQueue> queues) {
        this.sqs = sqs;
        this.queues = List.copyOf(queues);
    }

    /** The queues, each with its dead-letter queue. */
    List<LocalQueue> queues() {
        return queues;
    }

    /**
     * Up to ten messages of each dead-letter queue. A zero visibility timeout leaves every message where
     * it is; each look counts as a receive in {@code receiveCount}.
     */
    List<DeadLetter> peek() {
        var letters = new ArrayList<DeadLetter>();
        for (var queue : queues) {
            sqs.receiveMessage(r -> r.queueUrl(queue.deadLetterUrl()).maxNumberOfMessages(10).visibilityTimeout(0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages()
                    .forEach(message -> letters.add(new DeadLetter(queue.name(), message.messageId(), message.body(),
                            message.attributesAsStrings().getOrDefault("ApproximateReceiveCount", ""))));
        }
        return letters;
    }
}
