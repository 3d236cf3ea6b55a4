package dev.kotae.batches.boundary;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kotae.Wiring;
import dev.kotae.batches.control.BatchSender;
import dev.kotae.batches.control.QueuedEntry;
import dev.kotae.messages.control.SendRequestCodec;
import dev.kotae.messages.entity.SendRequest;
import dev.kotae.platform.encoding.Json;
import dev.kotae.platform.events.JsonStreamHandler;
import dev.kotae.platform.priming.Priming;
import dev.kotae.shared.entity.KotaeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;

/**
 * The batch queue's consumer: reads each entry's request again with the single send's parser (so the
 * rules in force now apply), then hands the entries to the {@link BatchSender}, which sends them at
 * the number's pace. Entries it could neither send nor put back are reported as batch item failures:
 * the queue delivers them again, then dead-letters them.
 */
public class BatchSendHandler extends JsonStreamHandler<SQSEvent, SQSBatchResponse> {

    /** Left of the invocation's time when the sender stops starting groups: enough to put the rest back. */
    static final Duration STOP_BEFORE_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(BatchSendHandler.class);

    private final SendRequestCodec parser;
    private final BatchSender sender;
    private final Clock clock;

    public BatchSendHandler() {
        this(Wiring.fromEnvironment());
        Priming.register(BatchSendHandler.class, this::prime);
    }

    /** Built from {@code wiring}, as the no-argument constructor builds it from the environment. */
    public BatchSendHandler(Wiring wiring) {
        this(wiring.sendRequestCodec(), wiring.batchSender(), wiring.clock());
    }

    public BatchSendHandler(SendRequestCodec parser, BatchSender sender, Clock clock) {
        this.parser = parser;
        this.sender = sender;
        this.clock = clock;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        var deadline = clock.instant().plusMillis(context.getRemainingTimeInMillis()).minus(STOP_BEFORE_TIMEOUT);
        return PowertoolsLogging.withLogging(context, () -> send(event, deadline));
    }

    /** Sends the event's entries, stopping in time for {@code deadline}. */
    public SQSBatchResponse send(SQSEvent event, Instant deadline) {
        var failures = new ArrayList<SQSBatchResponse.BatchItemFailure>();
        var turns = new ArrayList<BatchSender.Turn>();
        for (var record : event.getRecords()) {
            QueuedEntry.Received received;
            try {
                received = QueuedEntry.read(record.getBody());
            } catch (IllegalArgumentException e) {
                LOG.error("SQS message {} is not a batch entry ({}); it will reach the dead-letter queue",
                        record.getMessageId(), e.getMessage());
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
                continue;
            }
            try {
                var request = parser.parse(received.request());
                turns.add(new BatchSender.Turn(record.getMessageId(), new QueuedEntry(received.batchId(),
                        received.index(), received.caller(), request, received.attempts())));
            } catch (KotaeException refused) {
                // Allowed when queued, not now (its country no longer allowed, its price above a lowered ceiling).
                try {
                    sender.refuse(received.messageId(), received.caller(), asQueued(received), refused);
                } catch (KotaeException unavailable) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
                }
            }
        }
        sender.send(turns, deadline).forEach(id -> failures.add(new SQSBatchResponse.BatchItemFailure(id)));
        return new SQSBatchResponse(failures);
    }

    /** The entry as it was queued, read without judging it: what its FAILED record keeps. */
    private static SendRequest asQueued(QueuedEntry.Received received) {
        try {
            var request = Json.MAPPER.readTree(received.request());
            return SendRequest.of(request.path("to").asText(), request.path("body").asText());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a queued entry's request is JSON, read once already", e);
        }
    }

    /** An entry's reading, without a send or a write. */
    public void prime() {
        var request = parser.parse("{\"to\":\"" + Priming.PHONE_NUMBER + "\",\"body\":\"Your appointment is tomorrow\"}");
        QueuedEntry.read(new QueuedEntry(Priming.MESSAGE_ID, 0, "priming", request, 0).write());
    }
}
