package dev.kotae.platform.events;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.function.Function;

/**
 * Handles an SQS batch record by record: one that throws is reported as a batch item failure
 * (SQS redelivers it, then dead-letters it) and never makes its neighbours fail.
 */
public final class SqsBatch {

    private static final Logger LOG = LoggerFactory.getLogger(SqsBatch.class);

    private SqsBatch() {
    }

    /** @param handleRecord handles one record and returns its outcome, for the log */
    public static SQSBatchResponse process(SQSEvent event, Function<SQSEvent.SQSMessage, String> handleRecord) {
        var failures = new ArrayList<SQSBatchResponse.BatchItemFailure>();
        for (var record : event.getRecords()) {
            CorrelationId.set(record.getMessageId());
            try {
                LOG.info("SQS message {}: {}", record.getMessageId(), handleRecord.apply(record));
            } catch (SnsEnvelope.MalformedRecordException e) {
                LOG.error("SQS message {} is malformed ({}); it will reach the dead-letter queue", record.getMessageId(),
                        e.getMessage());
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            } catch (RuntimeException e) {
                LOG.error("SQS message {} failed and will be retried", record.getMessageId(), e);
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            } finally {
                CorrelationId.clear();
            }
        }
        return new SQSBatchResponse(failures);
    }
}
