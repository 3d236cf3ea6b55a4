package dev.kotae.conversations.boundary;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.kotae.Wiring;
import dev.kotae.conversations.control.InboundService;
import dev.kotae.platform.Json;
import dev.kotae.platform.Priming;
import dev.kotae.platform.SnsEnvelope;
import dev.kotae.platform.SqsBatch;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.time.Instant;

/** Replies arriving through SNS → SQS, each record handled on its own ({@link SqsBatch}). */
public class InboundMessageHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

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

    /** A HELP's parsing, the number's read and the decision, without committing, answering or publishing it. */
    public void prime() {
        var help = Json.MAPPER.createObjectNode()
                .put("originationNumber", Priming.PHONE_NUMBER)
                .put("destinationNumber", Priming.PHONE_NUMBER)
                .put("messageBody", "HELP")
                .put("inboundMessageId", Priming.MESSAGE_ID);
        inbound.prime(InboundEnvelope.parse(new SnsEnvelope(help, Instant.now()).toSqsBody()));
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
