package dev.kotae.platform;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.ArrayList;
import java.util.function.Function;

/**
 * Handles an SQS batch record by record: one that throws is reported as a batch item failure
 * (SQS redelivers it, then dead-letters it) and never makes its neighbours fail.
 */
public final class SqsBatch {

    private static final Logger LOG = LoggerFactory.getLogger(SqsBatch.class);
    private static final String CORRELATION_ID = "correlation_id";

    private SqsBatch() {
    }

    /** @param handleRecord handles one record and returns its outcome, for the log */
    public static SQSBatchResponse process(SQSEvent event, Function<SQSEvent.SQSMessage, String> handleRecord) {
        var failures = new ArrayList<SQSBatchResponse.BatchItemFailure>();
        for (var record : event.getRecords()) {
            MDC.put(CORRELATION_ID, record.getMessageId());
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
                MDC.remove(CORRELATION_ID);
            }
        }
        return new SQSBatchResponse(failures);
    }

    /** Names the log lines of the record being handled, once its own id is known. */
    public static void correlate(String id) {
        MDC.put(CORRELATION_ID, id);
    }
}
