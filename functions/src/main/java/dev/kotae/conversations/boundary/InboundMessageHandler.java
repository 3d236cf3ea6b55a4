package dev.kotae.conversations.boundary;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.kotae.Wiring;
import dev.kotae.conversations.control.InboundService;
import dev.kotae.platform.events.CorrelationId;
import dev.kotae.platform.events.JsonStreamHandler;
import dev.kotae.platform.events.SqsBatch;
import dev.kotae.platform.priming.Priming;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/** Replies arriving through SNS → SQS, each record handled on its own ({@link SqsBatch}). */
public class InboundMessageHandler extends JsonStreamHandler<SQSEvent, SQSBatchResponse> {

    private final InboundService inbound;

    public InboundMessageHandler() {
        this(Wiring.fromEnvironment());
        Priming.register(InboundMessageHandler.class, this::prime);
    }

    /** Built from {@code wiring}, as the no-argument constructor builds it from the environment. */
    public InboundMessageHandler(Wiring wiring) {
        this(wiring.inboundService());
    }

    public InboundMessageHandler(InboundService inbound) {
        this.inbound = inbound;
    }

    /**
     * SnapStart priming ({@link Priming}): serves {@code events/inbound-help.json}, a HELP, as a first request
     * (the number's read is real; the decision's commit and its answer are answered without leaving the
     * process), and reports an origination identity End User Messaging does not know.
     */
    public void prime() {
        serve(Priming.event(SQSEvent.class, "inbound-help.json", inbound.sampleNumber()), Priming.context());
        inbound.checkOriginationIdentity();
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> handle(event));
    }

    private SQSBatchResponse handle(SQSEvent event) {
        return SqsBatch.process(event, record -> {
            var message = InboundEnvelope.parse(record.getBody());
            CorrelationId.set(message.inboundMessageId());
            return "inbound " + message.inboundMessageId() + " " + inbound.handle(message);
        });
    }
}
