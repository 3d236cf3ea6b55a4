package dev.kotae.consent.boundary;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kotae.consent.entity.ConsentState;
import dev.kotae.consent.entity.RecipientConsent;
import dev.kotae.platform.encoding.Json;

import java.time.Instant;
import java.util.Optional;

/** A number's opt-out and consent as the consent API answers them; the sandbox's console shows the same consent. */
public final class RecipientResponses {

    private RecipientResponses() {
    }

    static ObjectNode recipient(RecipientConsent recipient) {
        var body = Json.MAPPER.createObjectNode()
                .put("phoneNumber", recipient.phoneNumber())
                .put("optedOut", recipient.optedOut());
        recipient.optedOutAt().ifPresent(at -> body.put("optedOutAt", at.toString()));
        body.set("consent", consent(recipient.consent(), recipient.consentChangedAt()));
        var history = body.putArray("consentHistory");
        recipient.history().forEach(entry -> history.addObject()
                .put("state", entry.state().name())
                .put("at", entry.at().toString())
                .put("method", entry.method().name())
                .put("source", entry.source())
                .put("proof", entry.proof())
                .put("recordedBy", entry.recordedBy()));
        return body;
    }

    /** The number's consent to marketing, {@code {"state", "changedAt"?}}, as {@code GET /recipients} shows it. */
    public static ObjectNode consent(ConsentState state, Optional<Instant> changedAt) {
        var consent = Json.MAPPER.createObjectNode().put("state", state.name());
        changedAt.ifPresent(at -> consent.put("changedAt", at.toString()));
        return consent;
    }
}
