package dev.kotae.store;

import dev.kotae.consent.entity.ConsentEntry;
import dev.kotae.conversations.entity.ConsentEvents;
import dev.kotae.consent.entity.ConsentState;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A number's consent to marketing: its state on the recipient's state item ({@code consent},
 * {@code consentChangedAt}, beside the opt-out, so one condition check gates a PROMOTIONAL send on both), and every
 * change as an entry of its own ({@code RECIPIENT#{e164} / CONSENT#{at}#{id}}), written with the change and never
 * rewritten or expired: the proof that the person agreed. An entry a caller or an opt-out list recorded carries the
 * event it announces ({@link PublishedEvents}), a withdrawal only when it withdrew something.
 */
final class ConsentItems {

    static final String SORT_PREFIX = "CONSENT#";
    /** The state item's attribute holding the number's {@link ConsentState}. */
    static final String CONSENT = "consent";
    /** Moves the state item's consent to {@code :consent} at {@code :at}, bumping its version as every change does. */
    static final String CHANGE = "SET " + CONSENT + " = :consent, consentChangedAt = :at, phoneNumber = :phone,"
            + " version = if_not_exists(version, :zero) + :one";

    private ConsentItems() {
    }

    /**
     * A withdrawal announces itself only when there was consent to withdraw (granted, or asked for): the condition on
     * the state item, with {@link #WITHDRAWABLE_VALUES}.
     */
    static final String WITHDRAWABLE = CONSENT + " IN (:granted, :pending)";
    /** Its opposite, for the unannounced withdrawal: a grant written in between makes it fail, and announced again. */
    static final String NOTHING_TO_WITHDRAW = "attribute_not_exists(" + CONSENT + ") OR NOT (" + WITHDRAWABLE + ")";
    static final Map<String, AttributeValue> WITHDRAWABLE_VALUES = Map.of(
            ":granted", AttributeValue.fromS(ConsentState.GRANTED.name()),
            ":pending", AttributeValue.fromS(ConsentState.PENDING.name()));

    /** Announced, unannounced, and each once more: a state that changes under every try is the table's to answer. */
    private static final int WITHDRAWAL_ATTEMPTS = 4;

    /**
     * Writes a withdrawal as {@link #WITHDRAWABLE} decides its announcement: first assuming there was consent to
     * withdraw (announced), then that there was none (not announced), each once more, since another write may change
     * the consent between tries. {@code recording} builds the transaction for an assumption ({@code true}: announced),
     * its item {@code state} conditioned on it.
     */
    static void writeWithdrawal(DynamoDbClient dynamo, String state, Function<Boolean, Transaction> recording) {
        for (int attempt = 1; attempt <= WITHDRAWAL_ATTEMPTS; attempt++) {
            try {
                recording.apply(attempt % 2 == 1).write(dynamo);
                return;
            } catch (Transaction.Cancelled cancelled) {
                // The consent was not as assumed, or another write took the same item at this very moment.
                if (!cancelled.failed(state) && !cancelled.conflicted(state) || attempt == WITHDRAWAL_ATTEMPTS) {
                    throw cancelled.unavailable();
                }
            }
        }
    }

    /** The values of {@link #CHANGE}. */
    static Map<String, AttributeValue> change(String phoneNumber, ConsentState state, Instant at) {
        var values = new HashMap<String, AttributeValue>();
        values.put(":consent", AttributeValue.fromS(state.name()));
        values.put(":at", AttributeValue.fromS(at.toString()));
        values.put(":phone", AttributeValue.fromS(phoneNumber));
        values.put(":zero", AttributeValue.fromN("0"));
        values.put(":one", AttributeValue.fromN("1"));
        return values;
    }

    /** The entry, under {@code id}: one of its own for a caller's record, the inbound message's for a keyword. */
    static Map<String, AttributeValue> entry(String phoneNumber, ConsentEntry entry, String id) {
        var item = new HashMap<>(RecipientItems.key(phoneNumber, SORT_PREFIX + TableLayout.sortable(entry.at()) + "#" + id));
        item.put("state", AttributeValue.fromS(entry.state().name()));
        item.put("at", AttributeValue.fromS(entry.at().toString()));
        item.put("method", AttributeValue.fromS(entry.method().name()));
        item.put("source", AttributeValue.fromS(entry.source()));
        item.put("proof", AttributeValue.fromS(entry.proof()));
        item.put("recordedBy", AttributeValue.fromS(entry.recordedBy()));
        return item;
    }

    /**
     * The entry of a change a caller or an opt-out list recorded, carrying the event it announces (a keyword's ride on
     * its inbound message's marker instead).
     */
    static Map<String, AttributeValue> announced(String phoneNumber, ConsentEntry entry, String id) {
        var item = entry(phoneNumber, entry, id);
        PublishedEvents.add(item, ConsentEvents.recorded(phoneNumber, entry).stream().toList());
        return item;
    }

    static ConsentEntry read(Map<String, AttributeValue> item) {
        return new ConsentEntry(ConsentState.valueOf(item.get("state").s()), Instant.parse(item.get("at").s()),
                ConsentEntry.Method.valueOf(item.get("method").s()), item.get("source").s(), item.get("proof").s(),
                item.get("recordedBy").s());
    }

    /** The state item's consent: NONE when nothing was ever recorded. */
    static ConsentState state(Map<String, AttributeValue> stateItem) {
        return stateItem == null || !stateItem.containsKey(CONSENT) ? ConsentState.NONE
                : ConsentState.valueOf(stateItem.get(CONSENT).s());
    }
}
