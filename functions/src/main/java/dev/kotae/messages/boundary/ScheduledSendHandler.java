package dev.kotae.messages.boundary;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.kotae.Wiring;
import dev.kotae.messages.control.DueSends;
import dev.kotae.messages.control.ScheduledSendPayload;
import dev.kotae.messages.control.SendRequestCodec;
import dev.kotae.messages.entity.MessageRecord;
import dev.kotae.messages.entity.ScheduledSend;
import dev.kotae.platform.priming.Priming;
import dev.kotae.settings.FunctionEnvironment;
import dev.kotae.shared.entity.KotaeException;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What a scheduled message's schedule invokes when it is due, with the input it was booked with
 * ({@link ScheduledSendPayload}). EventBridge Scheduler invokes it asynchronously (Lambda Developer
 * Guide, "Invoking a Lambda function on a schedule"), so a failure thrown here is retried by Lambda
 * and, after its last retry, lands in the scheduled sends' dead-letter queue; it throws only when a
 * later attempt may send what this one could not.
 */
public class ScheduledSendHandler implements RequestStreamHandler {

    private final SendRequestCodec parser;
    private final DueSends messages;

    public ScheduledSendHandler() {
        this(Wiring.fromEnvironment());
        Priming.register(ScheduledSendHandler.class, this::prime);
    }

    /** Built from {@code wiring}, as the no-argument constructor builds it from the environment. */
    public ScheduledSendHandler(Wiring wiring) {
        this(wiring.sendRequestCodec(), wiring.dueSends());
    }

    public ScheduledSendHandler(SendRequestCodec parser, DueSends messages) {
        this.parser = parser;
        this.messages = messages;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        var payload = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        PowertoolsLogging.withLogging(context, () -> {
            // Where a night hold fires again: this function through its alias, the one its schedule role may invoke,
            // from the ARN this firing was invoked by (Lambda Developer Guide, the Java context object: "the ARN
            // that's used to invoke the function"), a version or none if invoked by hand.
            fire(payload, FunctionEnvironment.aliasArn(context.getInvokedFunctionArn()));
            return null;
        });
    }

    /**
     * Sends one due message, judging its request by the rules in force now, or holds it again for its recipient's
     * night; {@code invokedBy} is this function's alias ARN, which a night hold fires.
     */
    public void fire(String payload, String invokedBy) {
        var due = ScheduledSendPayload.read(payload);
        ScheduledSend send;
        try {
            send = new ScheduledSend(due.messageId(), due.caller(), due.bookedAt(),
                    parser.parse(due.request()).scheduledFor(due.sendAt()));
        } catch (KotaeException refused) {
            // Allowed when booked, not now (its country no longer allowed, its price above a lowered ceiling).
            messages.refuseDue(due.messageId(), due.sendAt(), new MessageRecord.Failure(refused.code(), refused.getMessage()));
            return;
        }
        messages.sendDue(send, invokedBy);
    }

    /** The firing's reads and loading, without a write or a send: the store's check, the identity's description. */
    public void prime() {
        var booked = parser.parse("{\"to\":\"" + Priming.PHONE_NUMBER + "\",\"body\":\"Your appointment is tomorrow\"}");
        ScheduledSendPayload.read(ScheduledSendPayload.write(new ScheduledSend(Priming.MESSAGE_ID, "priming",
                Instant.EPOCH, booked.scheduledFor(Instant.EPOCH))));
        messages.prime();
    }
}
