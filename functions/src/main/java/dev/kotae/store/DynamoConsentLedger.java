package dev.kotae.store;

import dev.kotae.batches.control.MarketingConsent;
import dev.kotae.consent.control.ConsentLedger;
import dev.kotae.consent.entity.ConsentEntry;
import dev.kotae.consent.entity.ConsentState;
import dev.kotae.consent.entity.RecipientConsent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@link ConsentLedger} on the table: {@link ConsentItems} in the recipient's partition ({@link RecipientItems});
 * and which numbers a marketing batch may reach, read from their state items at once.
 */
public final class DynamoConsentLedger implements ConsentLedger, MarketingConsent {

    private static final String STATE = "the number's consent";
    private static final String ENTRY = "the consent entry";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoConsentLedger(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean record(String phoneNumber, ConsentEntry entry) {
        if (entry.state() == ConsentState.REVOKED) {
            withdraw(phoneNumber, entry);
            return true;
        }
        // Marketing asked for (granted, or a confirmation request sent) needs the number opted in.
        var values = new HashMap<>(ConsentItems.change(phoneNumber, entry.state(), entry.at()));
        values.putAll(RecipientItems.OPTED_IN_VALUES);
        try {
            change(phoneNumber, entry, RecipientItems.OPTED_IN, values, true).write(dynamo);
            return true;
        } catch (Transaction.Cancelled cancelled) {
            if (cancelled.failed(STATE)) {
                return false;
            }
            throw cancelled.unavailable();
        }
    }

    /**
     * Records a withdrawal, announcing it (ConsentRevoked) only when the number consented or was asked to: a caller
     * that withdraws a consent never given records the entry, and tells no one of a change that did not happen. Each
     * write is conditioned on the state it assumes, so a grant recorded in between is announced withdrawn.
     */
    private void withdraw(String phoneNumber, ConsentEntry entry) {
        var values = new HashMap<>(ConsentItems.change(phoneNumber, entry.state(), entry.at()));
        values.putAll(ConsentItems.WITHDRAWABLE_VALUES);
        ConsentItems.writeWithdrawal(dynamo, STATE, announce -> change(phoneNumber, entry,
                announce ? ConsentItems.WITHDRAWABLE : ConsentItems.NOTHING_TO_WITHDRAW, values, announce));
    }

    /** The state's move under {@code condition} (none when null), and the entry, carrying its event when {@code announce}. */
    private Transaction change(String phoneNumber, ConsentEntry entry, String condition, Map<String, AttributeValue> values,
                               boolean announce) {
        var id = UUID.randomUUID().toString();
        return new Transaction(table)
                .update(STATE, u -> u.key(RecipientItems.stateKey(phoneNumber))
                        .updateExpression(ConsentItems.CHANGE)
                        .conditionExpression(condition)
                        .expressionAttributeValues(values))
                .put(ENTRY, p -> p.item(announce ? ConsentItems.announced(phoneNumber, entry, id)
                                : ConsentItems.entry(phoneNumber, entry, id))
                        .conditionExpression(TableLayout.IS_NEW));
    }

    @Override
    public RecipientConsent find(String phoneNumber) {
        var state = Storage.call(() -> dynamo.getItem(g -> g.tableName(table).consistentRead(true)
                .key(RecipientItems.stateKey(phoneNumber)))).item();
        var history = Storage.call(() -> dynamo.queryPaginator(q -> q.tableName(table).consistentRead(true)
                .keyConditionExpression(TableLayout.IN_PARTITION + " AND begins_with(" + TableLayout.SORT_KEY + ", :entries)")
                .expressionAttributeValues(Map.of(":pk", RecipientItems.partition(phoneNumber),
                        ":entries", AttributeValue.fromS(ConsentItems.SORT_PREFIX))))
                .items().stream().map(ConsentItems::read).toList());
        return new RecipientConsent(phoneNumber, RecipientItems.optedOut(state), instant(state, "optedOutAt"),
                ConsentItems.state(state), instant(state, "consentChangedAt"), history);
    }

    @Override
    public Set<String> consenting(Set<String> phoneNumbers) {
        var keys = phoneNumbers.stream().map(RecipientItems::stateKey).toList();
        return BatchReads.read(dynamo, table, keys).stream()
                .filter(state -> !RecipientItems.optedOut(state) && ConsentItems.state(state) == ConsentState.GRANTED)
                .map(state -> state.get("phoneNumber").s())
                .collect(Collectors.toSet());
    }

    private static Optional<Instant> instant(Map<String, AttributeValue> item, String name) {
        return Optional.ofNullable(item).map(found -> found.get(name)).map(value -> Instant.parse(value.s()));
    }
}
