package dev.kotae.sandbox;

import dev.kotae.standins.LocalQueue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

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
        queues.forEach(queue -> letters.addAll(peek(queue)));
        return letters;
    }

    /** How many messages the queue's dead-letter queue holds, by SQS's approximate count; looks at none. */
    int depth(LocalQueue queue) {
        return Integer.parseInt(sqs.getQueueAttributes(r -> r.queueUrl(queue.deadLetterUrl())
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"));
    }

    /** Up to ten of the queue's dead letters, looked at when it held {@code depth}. */
    Look look(LocalQueue queue, int depth) {
        return new Look(depth, depth == 0 ? List.of() : peek(queue));
    }

    /** What one look at a dead-letter queue saw. */
    record Look(int depth, List<DeadLetter> letters) {
    }

    private List<DeadLetter> peek(LocalQueue queue) {
        return sqs.receiveMessage(r -> r.queueUrl(queue.deadLetterUrl()).maxNumberOfMessages(10).visibilityTimeout(0)
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages()
                .stream()
                .map(message -> new DeadLetter(queue.name(), message.messageId(), message.body(),
                        message.attributesAsStrings().getOrDefault("ApproximateReceiveCount", "")))
                .toList();
    }
}
