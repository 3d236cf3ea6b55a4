package dev.kotae.conversations.boundary;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kotae.conversations.entity.RecipientSnapshot;
import dev.kotae.platform.encoding.Json;

import java.time.Instant;

/**
 * A number's opt-out state and conversations as {@code GET /conversations/{phoneNumber}} answers them;
 * the sandbox's console shows the same answer as each phone's badges.
 */
public final class RecipientView {

    private RecipientView() {
    }

    /** @param now what an open conversation's expiry is judged against */
    public static ObjectNode render(RecipientSnapshot snapshot, Instant now) {
        var recipient = snapshot.recipient();
        var body = Json.MAPPER.createObjectNode()
                .put("phoneNumber", recipient.phoneNumber())
                .put("optedOut", recipient.optedOut());
        recipient.optedOutAt().ifPresent(at -> body.put("optedOutAt", at.toString()));
        var list = body.putArray("conversations");
        for (var stored : snapshot.conversations()) {
            var conversation = stored.conversation();
            var node = list.addObject()
                    .put("conversationId", conversation.conversationId())
                    .put("messageId", conversation.messageId())
                    .put("state", stored.stateAt(now).name())
                    .put("createdAt", conversation.createdAt().toString())
                    .put("expiresAt", conversation.expiresAt().toString());
            conversation.keywords().forEach(node.putArray("keywords")::add);
            conversation.reference().ifPresent(reference -> node.put("reference", reference));
            stored.answeredAt().ifPresent(at -> node.put("answeredAt", at.toString()));
            stored.answeredWith().ifPresent(keyword -> node.put("answeredWith", keyword));
            stored.lastTextAt().ifPresent(at -> node.put("lastTextAt", at.toString()));
        }
        return body;
    }
}
