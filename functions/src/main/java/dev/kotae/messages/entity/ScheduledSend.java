package dev.kotae.messages.entity;

import java.time.Instant;

/**
 * What a schedule holds until it fires: the message as booked, to be sent then as if requested then.
 * The body lives here (in the schedule) and nowhere in Kotae's table.
 *
 * @param messageId the message's record, SCHEDULED until this fires
 * @param caller    who booked it: the send goes out in its name
 * @param bookedAt  when it was booked (its record's {@code createdAt})
 * @param request   the message, with its {@code sendAt}
 */
public record ScheduledSend(String messageId, String caller, Instant bookedAt, SendRequest request) {

    public ScheduledSend {
        if (request.sendAt().isEmpty()) {
            throw new IllegalArgumentException("a scheduled send has a sendAt");
        }
    }

    public Instant sendAt() {
        return request.sendAt().orElseThrow();
    }

    /** The record as booked: SCHEDULED. */
    public MessageRecord booked() {
        return MessageRecord.accepted(messageId, request, caller, bookedAt);
    }
}
