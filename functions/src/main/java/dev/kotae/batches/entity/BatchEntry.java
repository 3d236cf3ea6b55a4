package dev.kotae.batches.entity;

import dev.kotae.messages.entity.SendRequest;

/**
 * One valid entry of a batch: the message to send, with the batch's options, and its place in the
 * caller's list.
 */
public record BatchEntry(int index, SendRequest request) {

    /**
     * The entry's message id, derived from its batch and its place: a redelivered queue message, a
     * retried batch request or a restarted sender finds the same record, and sends nothing twice.
     */
    public static String messageId(String batchId, int index) {
        return batchId + "-" + index;
    }
}
