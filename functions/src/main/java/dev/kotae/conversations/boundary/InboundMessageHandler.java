package dev.kotae.conversations.boundary;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.kotae.conversations.control.InboundService;
import dev.kotae.platform.SqsBatch;
import dev.kotae.Wiring;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;


/** Replies arriving through SNS → SQS, each record handled on its own ({@link SqsBatch}). */
public class InboundMessageHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

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
        return SqsBatch.process(event, record -> {
            var message = InboundEnvelope.parse(record.getBody());
            SqsBatch.correlate(message.inboundMessageId());
            return "inbound " + message.inboundMessageId() + " " + inbound.handle(message);
        });
    }
}
