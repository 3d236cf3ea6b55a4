package dev.kotae.conversations.entity;

import dev.kotae.consent.entity.ConsentEntry;
import dev.kotae.conversations.entity.Decision.DomainEvent;
import dev.kotae.platform.encoding.Json;

import java.util.Optional;

/**
 * The events a change of consent publishes ({@code docs/events/ConsentGranted.schema.json},
 * {@code ConsentRevoked.schema.json}). A keyword's ride on its inbound message's decision, with the keyword and the
 * message's id; a caller's record, or an opt-out list's refusal, on its own consent entry, with where it came from and
 * who recorded it.
 */
public final class ConsentEvents {

    public static final String CONSENT_GRANTED = "ConsentGranted";
    public static final String CONSENT_REVOKED = "ConsentRevoked";

    private ConsentEvents() {
    }

    /** What {@code entry} announces when it was not the person's own text: a grant, a withdrawal, or nothing. */
    public static Optional<DomainEvent> recorded(String phoneNumber, ConsentEntry entry) {
        if (entry.method() == ConsentEntry.Method.KEYWORD) {
            throw new IllegalArgumentException("a keyword's consent events are its inbound message's decision's");
        }
        var detail = Json.MAPPER.createObjectNode()
                .put("phoneNumber", phoneNumber)
                .put("method", entry.method().name())
                .put("source", entry.source())
                .put("recordedBy", entry.recordedBy());
        return switch (entry.state()) {
            case GRANTED -> Optional.of(new DomainEvent(CONSENT_GRANTED, detail.put("grantedAt", entry.at().toString()).toString()));
            case REVOKED -> Optional.of(new DomainEvent(CONSENT_REVOKED, detail.put("revokedAt", entry.at().toString()).toString()));
            // Asking is no consent yet: the person's YES publishes the grant.
            case PENDING, NONE -> Optional.empty();
        };
    }
}
