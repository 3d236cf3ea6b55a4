package dev.kotae.store;

import dev.kotae.consent.entity.ConsentState;
import dev.kotae.conversations.entity.ConversationState;
import dev.kotae.conversations.entity.Decision.ConversationChange;
import dev.kotae.conversations.entity.InboundMessage;
import dev.kotae.conversations.entity.RecipientState;
import dev.kotae.conversations.entity.StoredConversation;
import dev.kotae.messages.entity.Conversation;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The items of one recipient's partition ({@code RECIPIENT#{e164}}), which both the send path and
 * the inbound path read and write: the opt-out state ({@code STATE}) and the conversations
 * ({@code CONVERSATION#{createdAt}#{id}}). The partition also holds inbound markers
 * ({@link InboundMarkers}).
 */
final class RecipientItems {

    private static final String PARTITION_PREFIX = "RECIPIENT#";
    static final String STATE_SORT_KEY = "STATE";
    static final String CONVERSATION_PREFIX = "CONVERSATION#";
    /** A condition on the recipient's state that holds unless the number opted out; values: {@link #OPTED_IN_VALUES}. */
    static final String OPTED_IN = "attribute_not_exists(optedOut) OR optedOut = :false";
    static final Map<String, AttributeValue> OPTED_IN_VALUES = Map.of(":false", AttributeValue.fromBool(false));
    /** As {@link #OPTED_IN}, and the number's consent to marketing granted: what a PROMOTIONAL message needs. */
    static final String OPTED_IN_WITH_CONSENT = "(" + OPTED_IN + ") AND " + ConsentItems.CONSENT + " = :granted";
    static final Map<String, AttributeValue> OPTED_IN_WITH_CONSENT_VALUES = Map.of(":false", AttributeValue.fromBool(false),
            ":granted", AttributeValue.fromS(ConsentState.GRANTED.name()));

    private RecipientItems() {
    }

    static AttributeValue partition(String phoneNumber) {
        return AttributeValue.fromS(PARTITION_PREFIX + phoneNumber);
    }

    /** The number whose partition {@code partitionKey} is, if it is a recipient's. */
    static Optional<String> phoneNumberOf(String partitionKey) {
        return partitionKey.startsWith(PARTITION_PREFIX)
                ? Optional.of(partitionKey.substring(PARTITION_PREFIX.length()))
                : Optional.empty();
    }

    /** Whether the state item (as a failed condition returned it) says the number opted out. */
    static boolean optedOut(Map<String, AttributeValue> state) {
        return state != null && Optional.ofNullable(state.get("optedOut")).map(AttributeValue::bool).orElse(false);
    }

    static Map<String, AttributeValue> key(String phoneNumber, String sortKey) {
        return TableLayout.key(PARTITION_PREFIX + phoneNumber, sortKey);
    }

    static Map<String, AttributeValue> stateKey(String phoneNumber) {
        return TableLayout.key(PARTITION_PREFIX + phoneNumber, STATE_SORT_KEY);
    }

    static Map<String, AttributeValue> conversationKey(Conversation conversation) {
        return TableLayout.key(PARTITION_PREFIX + conversation.phoneNumber(),
                CONVERSATION_PREFIX + conversation.createdAt() + "#" + conversation.conversationId());
    }

    static Map<String, AttributeValue> inboundKey(String phoneNumber, String inboundMessageId) {
        return TableLayout.key(PARTITION_PREFIX + phoneNumber, InboundMarkers.SORT_PREFIX + inboundMessageId);
    }

    /**
     * Marks the number opted out (or in). {@code keywordAt} is set when a keyword caused the change,
     * so that an older keyword cannot undo it; every change bumps {@code version}.
     */
    static Map<String, AttributeValue> optOutChange(String phoneNumber, boolean optedOut, Instant at,
                                                           Optional<Instant> keywordAt) {
        var values = new HashMap<String, AttributeValue>();
        values.put(":optedOut", AttributeValue.fromBool(optedOut));
        values.put(":at", AttributeValue.fromS(at.toString()));
        values.put(":phone", AttributeValue.fromS(phoneNumber));
        values.put(":zero", AttributeValue.fromN("0"));
        values.put(":one", AttributeValue.fromN("1"));
        keywordAt.ifPresent(keyword -> values.put(":keywordAt", AttributeValue.fromS(keyword.toString())));
        if (optedOut) {
            values.put(":revoked", AttributeValue.fromS(ConsentState.REVOKED.name()));
        }
        return values;
    }

    /**
     * An opt-out withdraws consent to marketing too ({@code consent} REVOKED), whatever words it used; an opt-in does
     * not give it back: that takes a consent of its own.
     *
     * @param byKeyword the change answers a person's STOP or START: {@code optedOutAt} is then the time
     *                  the person sent it (as the events say), not the time Kotae processed it
     */
    static String optOutChangeExpression(boolean optedOut, boolean byKeyword) {
        var when = byKeyword ? ":keywordAt" : ":at";
        return "SET optedOut = :optedOut, updatedAt = :at, phoneNumber = :phone,"
                + " version = if_not_exists(version, :zero) + :one"
                + (optedOut ? ", optedOutAt = " + when + ", " + ConsentItems.CONSENT + " = :revoked, consentChangedAt = "
                + when : "")
                + (byKeyword ? ", keywordChangedAt = :keywordAt" : "")
                + (optedOut ? "" : " REMOVE optedOutAt");
    }

    /** A STOP or START that found the state as it asks: only its time is kept, as the newest keyword's. */
    static final String KEYWORD_ONLY_EXPRESSION = "SET keywordChangedAt = :keywordAt, phoneNumber = :phone,"
            + " version = if_not_exists(version, :zero) + :one";

    /** An update of one item: what it sets, on what condition, with which names and values. */
    record Update(String expression, String condition, Map<String, String> names, Map<String, AttributeValue> values) {
    }

    /**
     * A conversation's change, guarded by its still being open (and, to confirm, unexpired; to
     * send the hint, the hint not sent yet), so a decision taken on a stale read cannot apply.
     */
    static Update conversationUpdate(ConversationChange change, InboundMessage message, Instant now) {
        var values = new HashMap<String, AttributeValue>();
        values.put(":open", AttributeValue.fromS(ConversationState.OPEN.name()));
        values.put(":at", AttributeValue.fromS(message.receivedAt().toString()));
        String update;
        var guard = "#state = :open";
        switch (change.kind()) {
            case CONFIRM -> {
                update = "SET #state = :confirmed, answeredAt = :at, answeredWith = :keyword";
                guard += " AND expiresAtEpoch > :now";
                values.put(":confirmed", AttributeValue.fromS(ConversationState.CONFIRMED.name()));
                values.put(":keyword", AttributeValue.fromS(change.keyword().orElseThrow()));
                values.put(":now", TableLayout.epochSeconds(now));
            }
            case CLOSE -> {
                update = "SET #state = :closed, closedAt = :at";
                values.put(":closed", AttributeValue.fromS(ConversationState.CLOSED.name()));
            }
            case STORE_TEXT, STORE_TEXT_AND_HINT -> {
                update = "SET texts = list_append(if_not_exists(texts, :none), :text), lastTextAt = :at";
                values.put(":none", AttributeValue.fromL(List.of()));
                values.put(":text", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of(
                        "at", AttributeValue.fromS(message.receivedAt().toString()),
                        "body", AttributeValue.fromS(message.body()))))));
                if (change.kind() == ConversationChange.Kind.STORE_TEXT_AND_HINT) {
                    update += ", hintSent = :true";
                    guard += " AND hintSent = :false";
                    values.put(":true", AttributeValue.fromBool(true));
                    values.put(":false", AttributeValue.fromBool(false));
                }
            }
            default -> throw new IllegalArgumentException(change.kind().name());
        }
        return new Update(update, guard, Map.of("#state", "state"), values);
    }

    static RecipientState recipientState(String phoneNumber, Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty()) {
            return RecipientState.neverSeen(phoneNumber);
        }
        return new RecipientState(phoneNumber,
                Optional.ofNullable(item.get("optedOut")).map(AttributeValue::bool).orElse(false),
                instant(item, "optedOutAt"),
                instant(item, "keywordChangedAt"),
                Optional.ofNullable(item.get("version")).map(v -> Long.parseLong(v.n())).orElse(0L),
                ConsentItems.state(item),
                instant(item, "consentChangedAt"));
    }

    /** A conversation just opened by a sent message. */
    static Map<String, AttributeValue> openedConversation(Conversation conversation, String providerMessageId,
                                                                 Duration retention) {
        var item = new HashMap<>(conversationKey(conversation));
        item.put("conversationId", AttributeValue.fromS(conversation.conversationId()));
        item.put("phoneNumber", AttributeValue.fromS(conversation.phoneNumber()));
        item.put("messageId", AttributeValue.fromS(conversation.messageId()));
        item.put("providerMessageId", AttributeValue.fromS(providerMessageId));
        item.put("keywords", AttributeValue.fromL(conversation.keywords().stream().map(AttributeValue::fromS).toList()));
        conversation.reference().ifPresent(reference -> item.put("reference", AttributeValue.fromS(reference)));
        item.put("state", AttributeValue.fromS(ConversationState.OPEN.name()));
        item.put("hintSent", AttributeValue.fromBool(false));
        item.put("createdAt", AttributeValue.fromS(conversation.createdAt().toString()));
        item.put("expiresAt", AttributeValue.fromS(conversation.expiresAt().toString()));
        item.put("expiresAtEpoch", TableLayout.epochSeconds(conversation.expiresAt()));
        item.put(TableLayout.DELETE_AFTER, TableLayout.epochSeconds(conversation.expiresAt().plus(retention)));
        return item;
    }

    static StoredConversation storedConversation(Map<String, AttributeValue> item) {
        var conversation = new Conversation(
                item.get("conversationId").s(),
                item.get("phoneNumber").s(),
                item.get("messageId").s(),
                item.get("keywords").l().stream().map(AttributeValue::s).toList(),
                Optional.ofNullable(item.get("reference")).map(AttributeValue::s),
                Instant.parse(item.get("createdAt").s()),
                Instant.parse(item.get("expiresAt").s()));
        return new StoredConversation(conversation,
                ConversationState.valueOf(item.get("state").s()),
                Optional.ofNullable(item.get("providerMessageId")).map(AttributeValue::s),
                Optional.ofNullable(item.get("hintSent")).map(AttributeValue::bool).orElse(false),
                instant(item, "answeredAt"),
                Optional.ofNullable(item.get("answeredWith")).map(AttributeValue::s),
                instant(item, "lastTextAt"));
    }

    private static Optional<Instant> instant(Map<String, AttributeValue> item, String name) {
        return Optional.ofNullable(item.get(name)).map(value -> Instant.parse(value.s()));
    }
}
