package dev.kotae.consent.entity;

import java.time.Instant;
import java.util.Objects;

/**
 * One change of a number's consent, kept as the proof of it: never overwritten, never expired.
 *
 * @param state      the state it moved the number to
 * @param at         when: the person's own time for a keyword, Kotae's for a caller's record
 * @param method     how it was given or withdrawn
 * @param source     where, in the caller's words ({@code web-form}, {@code paper}) or the keyword's ({@code sms})
 * @param proof      what the person agreed to and where, as the caller submitted it, or the keyword's inbound
 *                   message id and text
 * @param recordedBy the caller's principal, or {@code sms} for the person's own text
 */
public record ConsentEntry(ConsentState state, Instant at, Method method, String source, String proof,
                           String recordedBy) {

    public ConsentEntry {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(recordedBy, "recordedBy");
    }

    /**
     * How a change came: the person's text, the caller's system through the API, or End User Messaging refusing a
     * send because its opt-out list holds the number.
     */
    public enum Method { KEYWORD, API, OPT_OUT_LIST }
}
