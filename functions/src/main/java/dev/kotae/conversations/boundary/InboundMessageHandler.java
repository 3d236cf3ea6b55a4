package dev.kotae.conversations.boundary;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.kotae.conversations.control.InboundService;
import dev.kotae.Wiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.util.ArrayList;

/**
 * Replies arriving through SNS → SQS. Each record is handled on its own: a malformed or failing
 * record is reported as a batch item failure (SQS redelivers it, then dead-letters it), and never
 * makes its neighbours fail.
 */
public class InboundMessageHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(InboundMessageHandler.class);

    private final InboundService inbound;

    public InboundMessageHandler() {
        this(Wiring.fromEnvironment().inboundService(InboundSettings.fromEnvironment()));
    }

    public InboundMessageHandler(InboundService inbound) {
        this.inbound = inbound;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> handle(event));
    }

    private SQSBatchResponse handle(SQSEvent event) {
        var failures = new ArrayList<SQSBatchResponse.BatchItemFailure>();
        for (var record : event.getRecords()) {
            MDC.put("correlation_id", record.getMessageId());
            try {
                var message = InboundEnvelope.parse(record.getBody());
                MDC.put("correlation_id", message.inboundMessageId());
                LOG.info("Inbound {}: {}", message.inboundMessageId(), inbound.handle(message));
            } catch (InboundEnvelope.MalformedRecordException e) {
                LOG.error("SQS message {} is malformed ({}); it will reach the dead-letter queue", record.getMessageId(),
                        e.getMessage());
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            } catch (RuntimeException e) {
                LOG.error("SQS message {} failed and will be retried", record.getMessageId(), e);
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            } finally {
                MDC.remove("correlation_id");
            }
        }
        return new SQSBatchResponse(failures);
    }
}
