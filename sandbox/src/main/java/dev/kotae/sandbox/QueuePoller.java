package dev.kotae.sandbox;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.util.HashMap;
import java.util.List;

/**
 * Lambda's SQS event source, locally: long-polls batches of up to 10, hands them to a handler as an
 * {@link SQSEvent}, deletes what succeeded and leaves the reported failures to reappear after the
 * visibility timeout, until the queue's redrive moves them to the dead-letter queue.
 */
final class QueuePoller implements AutoCloseable {

    private static final int BATCH_SIZE = 10;

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final LocalFunction<SQSEvent, SQSBatchResponse> function;
    private final Thread thread;
    private volatile boolean running = true;

    private QueuePoller(SqsClient sqs, LocalQueue queue, LocalFunction<SQSEvent, SQSBatchResponse> function) {
        this.sqs = sqs;
        this.queueUrl = queue.url();
        this.queueArn = queue.arn();
        this.function = function;
        this.thread = new Thread(this::poll, function.name() + "-event-source");
        thread.setDaemon(true);
    }

    static QueuePoller start(SqsClient sqs, LocalQueue queue, LocalFunction<SQSEvent, SQSBatchResponse> function) {
        var poller = new QueuePoller(sqs, queue, function);
        poller.thread.start();
        return poller;
    }

    private void poll() {
        while (running) {
            try {
                var messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(BATCH_SIZE)
                        .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
                if (!messages.isEmpty()) {
                    deliver(messages);
                }
            } catch (SdkException e) {
                if (running) {
                    System.err.println(function.name() + " event source: " + e.getMessage());
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
            failed = function.invoke(event).getBatchItemFailures()
                    .stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
        } catch (RuntimeException e) {
            // As in Lambda, a handler that throws fails the whole batch.
            System.err.println(function.name() + " failed the whole batch: " + e.getMessage());
            return;
        }
        var done = messages.stream().filter(m -> !failed.contains(m.messageId()))
                .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build())
                .toList();
        if (!done.isEmpty()) {
            sqs.deleteMessageBatch(d -> d.queueUrl(queueUrl).entries(done));
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
        record.setEventSourceArn(queueArn);
        record.setAwsRegion("ap-northeast-1");
        return record;
    }

    private void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
