package dev.kotae.standins;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.Function;

/**
 * Lambda's SQS event source, locally: {@code maxConcurrency} pollers each long-poll batches of up to
 * 10, hand them to the function as an {@link SQSEvent}, delete what succeeded and leave the reported
 * failures to reappear after the visibility timeout, until the queue's redrive moves them to the
 * dead-letter queue. A function that throws fails its whole batch, as in Lambda.
 */
public final class QueueEventSource implements AutoCloseable {

    private static final int BATCH_SIZE = 10;

    private final SqsClient sqs;
    private final LocalQueue queue;
    private final String functionName;
    private final Function<SQSEvent, SQSBatchResponse> function;
    private final List<Thread> pollers = new ArrayList<>();
    private volatile boolean running = true;

    private QueueEventSource(SqsClient sqs, LocalQueue queue, String functionName,
                             Function<SQSEvent, SQSBatchResponse> function) {
        this.sqs = sqs;
        this.queue = queue;
        this.functionName = functionName;
        this.function = function;
    }

    /** One poller, as the sandbox's inbound and delivery-status queues are read. */
    public static QueueEventSource start(SqsClient sqs, LocalQueue queue, String functionName,
                                         Function<SQSEvent, SQSBatchResponse> function) {
        return start(sqs, queue, functionName, function, 1);
    }

    /** @param maxConcurrency how many invocations may run at once (the event source's maximum concurrency) */
    public static QueueEventSource start(SqsClient sqs, LocalQueue queue, String functionName,
                                         Function<SQSEvent, SQSBatchResponse> function, int maxConcurrency) {
        var source = new QueueEventSource(sqs, queue, functionName, function);
        for (int i = 0; i < maxConcurrency; i++) {
            var poller = new Thread(source::poll, functionName + "-event-source-" + i);
            poller.setDaemon(true);
            source.pollers.add(poller);
            poller.start();
        }
        return source;
    }

    private void poll() {
        while (running) {
            try {
                var messages = sqs.receiveMessage(r -> r.queueUrl(queue.url()).maxNumberOfMessages(BATCH_SIZE)
                        .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
                if (!messages.isEmpty()) {
                    deliver(messages);
                }
            } catch (SdkException e) {
                if (running) {
                    System.err.println(functionName + " event source: " + e.getMessage());
                    pause();
                }
            }
        }
    }

    private void deliver(List<Message> messages) {
        var event = new SQSEvent();
        event.setRecords(messages.stream().map(this::record).toList());
        List<String> failed;
        try {
            failed = function.apply(event).getBatchItemFailures()
                    .stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
        } catch (RuntimeException e) {
            System.err.println(functionName + " failed the whole batch: " + e.getMessage());
            return;
        }
        var done = messages.stream().filter(m -> !failed.contains(m.messageId()))
                .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build())
                .toList();
        if (!done.isEmpty()) {
            sqs.deleteMessageBatch(d -> d.queueUrl(queue.url()).entries(done));
        }
    }

    private SQSEvent.SQSMessage record(Message message) {
        var record = new SQSEvent.SQSMessage();
        record.setMessageId(message.messageId());
        record.setReceiptHandle(message.receiptHandle());
        record.setBody(message.body());
        record.setMd5OfBody(message.md5OfBody());
        record.setAttributes(new HashMap<>(message.attributesAsStrings()));
        record.setMessageAttributes(new HashMap<>());
        record.setEventSource("aws:sqs");
        record.setEventSourceArn(queue.arn());
        record.setAwsRegion(StandIns.REGION);
        return record;
    }

    private void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops polling; the invocations under way finish first (as a function's do when its event source is disabled). */
    @Override
    public void close() throws InterruptedException {
        running = false;
        for (var poller : pollers) {
            poller.join(60_000);
        }
    }
}
