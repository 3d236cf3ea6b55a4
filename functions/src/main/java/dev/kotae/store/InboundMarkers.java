package dev.kotae.store;

import dev.kotae.conversations.entity.Decision.PlannedReply;
import dev.kotae.conversations.entity.Decision.ProviderOptOut;
import dev.kotae.conversations.entity.Decision;
import dev.kotae.conversations.entity.InboundMessage;
import dev.kotae.conversations.entity.Language;
import dev.kotae.conversations.entity.RecipientSnapshot.ReplyState;
import dev.kotae.conversations.entity.RecipientSnapshot;
import dev.kotae.conversations.entity.ReplyKind;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An inbound message's marker ({@code RECIPIENT#{e164} / INBOUND#{inboundMessageId}}): written once,
 * in the transaction that applies the message's decision, so the same message is never applied
 * twice. It keeps the decision as later deliveries of the message need it (what to answer, and
 * whether the answer went out), and its events, which the table's stream carries to the event relay.
 */
public final class InboundMarkers {

    static final String SORT_PREFIX = "INBOUND#";
    /** Longer than SQS keeps a message (14 days at most), so every redelivery finds its marker. */
    static final Duration LIFETIME = Duration.ofDays(15);
    /** The answer's progress ({@link ReplyState}), which the inbound path updates after its send. */
    static final String REPLY_STATE = "replyState";

    private InboundMarkers() {
    }

    static boolean isMarkerOf(String sortKey, String inboundMessageId) {
        return sortKey.equals(SORT_PREFIX + inboundMessageId);
    }

    static Map<String, AttributeValue> marker(InboundMessage message, Decision decision, Instant now) {
        var item = new HashMap<>(RecipientItems.inboundKey(message.from(), message.inboundMessageId()));
        item.put("outcome", AttributeValue.fromS(decision.outcome().name()));
        item.put("receivedAt", AttributeValue.fromS(message.receivedAt().toString()));
        item.put("decidedAt", AttributeValue.fromS(now.toString()));
        item.put("providerOptOut", AttributeValue.fromS(decision.providerOptOut().name()));
        item.put(REPLY_STATE, AttributeValue.fromS(
                (decision.reply().isPresent() ? ReplyState.PENDING : ReplyState.NONE).name()));
        decision.reply().ifPresent(reply -> {
            item.put("replyKind", AttributeValue.fromS(reply.kind().name()));
            item.put("replyLanguage", AttributeValue.fromS(reply.language().name()));
            item.put("replyText", AttributeValue.fromS(reply.text()));
            item.put("replyCompliance", AttributeValue.fromBool(reply.compliance()));
        });
        PublishedEvents.add(item, decision.events());
        item.put(TableLayout.DELETE_AFTER, TableLayout.epochSeconds(now.plus(LIFETIME)));
        return item;
    }

    static RecipientSnapshot.Handled handled(Map<String, AttributeValue> item) {
        var reply = Optional.ofNullable(item.get("replyText")).map(text -> new PlannedReply(
                ReplyKind.valueOf(item.get("replyKind").s()),
                Language.valueOf(item.get("replyLanguage").s()),
                text.s(),
                item.get("replyCompliance").bool()));
        var decision = Decision.asRecorded(Decision.Outcome.valueOf(item.get("outcome").s()), reply,
                ProviderOptOut.valueOf(item.get("providerOptOut").s()), PublishedEvents.in(item));
        return new RecipientSnapshot.Handled(decision, ReplyState.valueOf(item.get(REPLY_STATE).s()),
                Instant.parse(item.get("decidedAt").s()));
    }
}
