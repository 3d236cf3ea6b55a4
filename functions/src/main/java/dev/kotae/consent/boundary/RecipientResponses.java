package dev.kotae.consent.boundary;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kotae.consent.entity.RecipientConsent;
import dev.kotae.platform.encoding.Json;

/** A number's opt-out and consent as the consent API answers them. */
final class RecipientResponses {

    private RecipientResponses() {
    }

    static ObjectNode recipient(RecipientConsent recipient) {
        var body = Json.MAPPER.createObjectNode()
                .put("phoneNumber", recipient.phoneNumber())
                .put("optedOut", recipient.optedOut());
        recipient.optedOutAt().ifPresent(at -> body.put("optedOutAt", at.toString()));
        var consent = body.putObject("consent").put("state", recipient.consent().name());
        recipient.consentChangedAt().ifPresent(at -> consent.put("changedAt", at.toString()));
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
}
