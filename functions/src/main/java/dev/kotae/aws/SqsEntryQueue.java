package dev.kotae.aws;

import dev.kotae.batches.control.EntryQueue;
import dev.kotae.batches.control.QueuedEntry;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** The batch queue on SQS: entries go ten to a SendMessageBatch call, the most it takes (Amazon SQS API Reference). */
public final class SqsEntryQueue implements EntryQueue {

    static final int PER_CALL = 10;
    /** A call's entries refused for a passing reason are sent again, this many times in all. */
    private static final int ATTEMPTS = 3;

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsEntryQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void enqueue(List<QueuedEntry> entries) {
        for (int start = 0; start < entries.size(); start += PER_CALL) {
            var pending = new ArrayList<>(entries.subList(start, Math.min(entries.size(), start + PER_CALL)));
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > ATTEMPTS) {
                    throw unavailable(pending.size() + " entries were refused " + ATTEMPTS + " times.", null);
                }
                var batch = pending;
                var requests = IntStream.range(0, batch.size()).mapToObj(id -> SendMessageBatchRequestEntry.builder()
                        .id(Integer.toString(id)).messageBody(batch.get(id).write()).build()).toList();
                try {
                    var failed = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(requests)).failed();
                    for (var failure : failed) {
                        if (failure.senderFault()) {
                            throw new KotaeException(ErrorCode.INTERNAL_ERROR, "SQS refused a batch entry as"
                                    + " malformed (" + failure.code() + "); the failure is logged.");
                        }
                    }
                    pending = new ArrayList<>(failed.stream().map(failure -> batch.get(Integer.parseInt(failure.id())))
                            .toList());
                } catch (SdkException e) {
                    throw unavailable("SQS did not answer (" + e.getClass().getSimpleName() + ").", e);
                }
            }
        }
    }

    @Override
    public void requeue(QueuedEntry entry, Duration delay) {
        try {
            sqs.sendMessage(m -> m.queueUrl(queueUrl).messageBody(entry.write())
                    .delaySeconds((int) Math.min(delay.toSeconds(), EntryQueue.LONGEST_DELAY.toSeconds())));
        } catch (SdkException e) {
            throw unavailable("SQS did not answer (" + e.getClass().getSimpleName() + ").", e);
        }
    }

    private static KotaeException unavailable(String why, Throwable cause) {
        return KotaeException.retryLater(ErrorCode.UPSTREAM_UNAVAILABLE, "The batch queue did not take every entry: "
                + why, Duration.ofSeconds(1), cause);
    }
}
