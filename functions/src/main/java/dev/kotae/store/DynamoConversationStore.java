package dev.kotae.store;

import dev.kotae.consent.entity.ConsentEntry;
import dev.kotae.consent.entity.ConsentState;
import dev.kotae.conversations.control.ConversationStore;
import dev.kotae.conversations.entity.Decision.ConversationChange;
import dev.kotae.conversations.entity.Decision.RecipientChange;
import dev.kotae.conversations.entity.Decision;
import dev.kotae.conversations.entity.InboundMessage;
import dev.kotae.conversations.entity.RecipientSnapshot.ReplyState;
import dev.kotae.conversations.entity.RecipientSnapshot;
import dev.kotae.conversations.entity.RecipientState;
import dev.kotae.conversations.entity.StoredConversation;
import dev.kotae.messages.entity.MessageRecord;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The inbound path's reads and writes in the recipient's partition. A load is one strongly
 * consistent Query; a commit is one transaction holding the inbound marker (so the same message is
 * never applied twice, and carrying the events the table's stream relays), the opt-out change
 * (guarded by the state's version), the conversation changes (each guarded by the conversation
 * still being open) and the answer's message record.
 */
public final class DynamoConversationStore implements ConversationStore {

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration messageRetention;

    /** @param messageRetention how long an answer's message record is kept, as for every message */
    /** The inbound message's marker: written once, so a second delivery finds it handled. */
    private static final String MARKER = "the inbound message's marker";

    public DynamoConversationStore(DynamoDbClient dynamo, String table, Duration messageRetention) {
        this.dynamo = dynamo;
        this.table = table;
        this.messageRetention = messageRetention;
    }

    @Override
    public RecipientSnapshot load(String phoneNumber, String inboundMessageId) {
        return query(phoneNumber, Optional.of(inboundMessageId));
    }

    @Override
    public RecipientSnapshot read(String phoneNumber) {
        return query(phoneNumber, Optional.empty());
    }

    private RecipientSnapshot query(String phoneNumber, Optional<String> inboundMessageId) {
                // One read for the whole partition; other messages' markers (small, gone after 15 days) are skipped below.
        var items = Storage.call(() -> dynamo.queryPaginator(q -> q.tableName(table).consistentRead(true)
                .keyConditionExpression(TableLayout.IN_PARTITION)
                .expressionAttributeValues(Map.of(":pk", RecipientItems.partition(phoneNumber))))
                .items().stream().toList());
        var state = RecipientState.neverSeen(phoneNumber);
        var conversations = new ArrayList<StoredConversation>();
        Optional<RecipientSnapshot.Handled> earlier = Optional.empty();
        for (var item : items) {
            var sortKey = TableLayout.sortKey(item);
            if (sortKey.equals(RecipientItems.STATE_SORT_KEY)) {
                state = RecipientItems.recipientState(phoneNumber, item);
            } else if (sortKey.startsWith(RecipientItems.CONVERSATION_PREFIX)) {
                conversations.add(RecipientItems.storedConversation(item));
            } else if (inboundMessageId.filter(id -> InboundMarkers.isMarkerOf(sortKey, id)).isPresent()) {
                earlier = Optional.of(InboundMarkers.handled(item));
            }
        }
        return new RecipientSnapshot(state, conversations, earlier);
    }

    @Override
    public Commit commit(InboundMessage message, Decision decision, Optional<MessageRecord> reply,
                         RecipientSnapshot basis, Instant now) {
        var commit = new Transaction(table).put(MARKER, p -> p.item(InboundMarkers.marker(message, decision, now))
                .conditionExpression(TableLayout.IS_NEW));
        decision.recipientChange().ifPresent(change -> optOutChange(commit, message, change, basis.recipient(), now));
        reply.ifPresent(record -> commit.put("the answer", p -> p.item(MessageItems.item(record, messageRetention))
                .conditionExpression(TableLayout.IS_NEW)));
        decision.consentChange().ifPresent(change -> consentChange(commit, message, change, basis.recipient()));
        var answersOnlyOptedIn = decision.reply().filter(planned -> !planned.compliance()).isPresent();
        // A consent change checks the same (the number opted in) on the same item, which a transaction names once.
        if (answersOnlyOptedIn && decision.recipientChange().isEmpty() && decision.consentChange().isEmpty()) {
            // A STOP handled meanwhile for the same number makes this a conflict: decided again, it is not answered.
            commit.recipientOptedIn(message.from());
        }
        var conversations = basis.conversations().stream()
                .collect(Collectors.toMap(StoredConversation::conversationId, c -> c));
        for (var change : decision.changes()) {
            conversationChange(commit, conversations.get(change.conversationId()), change, message, now);
        }
        try {
            commit.write(dynamo);
            return Commit.COMMITTED;
        } catch (Transaction.Cancelled cancelled) {
            return cancelled.failed(MARKER) ? Commit.ALREADY_HANDLED : Commit.CONFLICT;
        }
    }

    @Override
    public void markReplyForRetry(InboundMessage message) {
        Storage.call(() -> dynamo.updateItem(u -> u.tableName(table)
                .key(RecipientItems.inboundKey(message.from(), message.inboundMessageId()))
                .updateExpression("SET " + InboundMarkers.REPLY_STATE + " = :retry")
                .expressionAttributeValues(Map.of(":retry", AttributeValue.fromS(ReplyState.RETRY.name())))));
    }

    @Override
    public void recordReplySent(InboundMessage message, MessageRecord sent) {
        new Transaction(table)
                .update(MARKER, u -> u.key(RecipientItems.inboundKey(message.from(), message.inboundMessageId()))
                        .updateExpression("SET " + InboundMarkers.REPLY_STATE + " = :sent")
                        .expressionAttributeValues(Map.of(":sent", AttributeValue.fromS(ReplyState.SENT.name()))))
                .put("the answer", MessageItems.item(sent, messageRetention))
                .write(dynamo);
    }

    private void optOutChange(Transaction commit, InboundMessage message, RecipientChange change, RecipientState basis,
                              Instant now) {
        var optedOut = change == RecipientChange.OPT_OUT;
        var values = new HashMap<>(RecipientItems.optOutChange(message.from(), optedOut, now,
                Optional.of(message.receivedAt())));
        var update = change == RecipientChange.KEYWORD_ONLY ? RecipientItems.KEYWORD_ONLY_EXPRESSION
                : RecipientItems.optOutChangeExpression(optedOut, true);
        if (change == RecipientChange.KEYWORD_ONLY) {
            values.keySet().retainAll(Set.of(":keywordAt", ":phone", ":zero", ":one"));
        }
        var guard = unchangedSince(basis, values);
        commit.update("the number's opt-out state", u -> u.key(RecipientItems.stateKey(message.from()))
                .updateExpression(update)
                .conditionExpression(guard)
                .expressionAttributeValues(values));
        if (optedOut) {
            // The opt-out withdraws consent to marketing, whatever its words: kept as proof, under the message's own
            // id, so a second delivery of the same STOP rewrites the same entry.
            commit.put("the consent entry", ConsentItems.entry(message.from(), new ConsentEntry(ConsentState.REVOKED,
                    message.receivedAt(), ConsentEntry.Method.KEYWORD, "sms",
                    "inbound message " + message.inboundMessageId() + ": " + message.body(), "sms"),
                    message.inboundMessageId()));
        }
    }

    /**
     * The number's consent moved by its own JOIN or YES, on the state the decision read (its version) and while the
     * number is opted in, with the exchange kept as an entry under the inbound message's id.
     */
    private void consentChange(Transaction commit, InboundMessage message, Decision.ConsentChange change,
                               RecipientState basis) {
        var values = new HashMap<>(ConsentItems.change(message.from(), change.state(), message.receivedAt()));
        values.putAll(RecipientItems.OPTED_IN_VALUES);
        var guard = unchangedSince(basis, values);
        commit.update("the number's consent", u -> u.key(RecipientItems.stateKey(message.from()))
                .updateExpression(ConsentItems.CHANGE)
                .conditionExpression(guard + " AND (" + RecipientItems.OPTED_IN + ")")
                .expressionAttributeValues(values));
        commit.put("the consent entry", ConsentItems.entry(message.from(), new ConsentEntry(change.state(),
                message.receivedAt(), ConsentEntry.Method.KEYWORD, "sms", change.proof(), "sms"), message.inboundMessageId()));
    }

    /**
     * The condition that the number's state is still the one the decision read (its version; none yet for a number
     * never seen), adding its value to {@code values}.
     */
    private static String unchangedSince(RecipientState basis, Map<String, AttributeValue> values) {
        if (basis.version() == 0) {
            return "attribute_not_exists(version)";
        }
        values.put(":expected", AttributeValue.fromN(Long.toString(basis.version())));
        return "version = :expected";
    }

    private void conversationChange(Transaction commit, StoredConversation conversation, ConversationChange change,
                                    InboundMessage message, Instant now) {
        var update = RecipientItems.conversationUpdate(change, message, now);
        commit.update("conversation " + conversation.conversationId(), u -> u
                .key(RecipientItems.conversationKey(conversation.conversation()))
                .updateExpression(update.expression())
                .conditionExpression(update.condition())
                .expressionAttributeNames(update.names())
                .expressionAttributeValues(update.values()));
    }
}
