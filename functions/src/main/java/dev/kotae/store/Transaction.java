package dev.kotae.store;

import dev.kotae.messages.entity.MessageType;
import dev.kotae.shared.entity.KotaeException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One TransactWriteItems call on Kotae's table whose items are named for what they write or check. DynamoDB
 * answers a cancelled transaction with one reason per item, in the items' order (Amazon DynamoDB API
 * Reference, TransactWriteItems: CancellationReasons); a {@link Cancelled} reads each by its item's name,
 * never by a position counted by hand, and an item never added reads as neither failed nor conflicting.
 */
final class Transaction {

    /** The check every write that sends holds: the recipient has not opted out. */
    static final String RECIPIENT_OPTED_IN = "the recipient opted in";

    private static final String TRANSACTION_CONFLICT = "TransactionConflict";

    private final String table;
    private final Map<String, TransactWriteItem> items = new LinkedHashMap<>();

    Transaction(String table) {
        this.table = table;
    }

    Transaction put(String name, Consumer<Put.Builder> put) {
        return add(name, TransactWriteItem.builder().put(p -> put.accept(p.tableName(table))).build());
    }

    /** An item written whatever was there. */
    Transaction put(String name, Map<String, AttributeValue> item) {
        return put(name, p -> p.item(item));
    }

    Transaction update(String name, Consumer<Update.Builder> update) {
        return add(name, TransactWriteItem.builder().update(u -> update.accept(u.tableName(table))).build());
    }

    Transaction check(String name, Consumer<ConditionCheck.Builder> check) {
        return add(name, TransactWriteItem.builder().conditionCheck(c -> check.accept(c.tableName(table))).build());
    }

    Transaction delete(String name, Consumer<software.amazon.awssdk.services.dynamodb.model.Delete.Builder> delete) {
        return add(name, TransactWriteItem.builder().delete(d -> delete.accept(d.tableName(table))).build());
    }

    /** The recipient's state says opted in (or the number never wrote): checked as {@link #RECIPIENT_OPTED_IN}. */
    Transaction recipientOptedIn(String phoneNumber) {
        return check(RECIPIENT_OPTED_IN, c -> c.key(RecipientItems.stateKey(phoneNumber))
                .conditionExpression(RecipientItems.OPTED_IN).expressionAttributeValues(RecipientItems.OPTED_IN_VALUES));
    }

    /**
     * The recipient may receive a message of {@code type}: opted in and, for marketing, consenting to it, checked
     * as {@link #RECIPIENT_OPTED_IN}; a refusal keeps the state it read, to tell which ({@link Cancelled#lacksConsent}).
     */
    Transaction recipientMayReceive(String phoneNumber, MessageType type) {
        var promotional = type == MessageType.PROMOTIONAL;
        return check(RECIPIENT_OPTED_IN, c -> c.key(RecipientItems.stateKey(phoneNumber))
                .conditionExpression(promotional ? RecipientItems.OPTED_IN_WITH_CONSENT : RecipientItems.OPTED_IN)
                .expressionAttributeValues(promotional ? RecipientItems.OPTED_IN_WITH_CONSENT_VALUES
                        : RecipientItems.OPTED_IN_VALUES)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
    }

    /**
     * Writes every item or none. One item with no condition is one PutItem: the same write, half the capacity.
     *
     * @throws Cancelled when DynamoDB cancelled it (a condition that did not hold, a conflicting write)
     * @throws KotaeException when the table cannot be reached
     */
    void write(DynamoDbClient dynamo) {
        var writes = List.copyOf(items.values());
        if (writes.size() == 1 && writes.get(0).put() != null && writes.get(0).put().conditionExpression() == null) {
            Storage.call(() -> dynamo.putItem(p -> p.tableName(table).item(writes.get(0).put().item())));
            return;
        }
        try {
            Storage.call(() -> dynamo.transactWriteItems(t -> t.transactItems(writes)));
        } catch (TransactionCanceledException e) {
            throw new Cancelled(new ArrayList<>(items.keySet()), e);
        }
    }

    private Transaction add(String name, TransactWriteItem item) {
        if (items.putIfAbsent(name, item) != null) {
            throw new IllegalArgumentException("A transaction names each item once: " + name);
        }
        return this;
    }

    /** A cancelled transaction, its reasons by item name. */
    static final class Cancelled extends RuntimeException {

        private final Map<String, CancellationReason> reasons = new LinkedHashMap<>();
        private final TransactionCanceledException cause;

        private Cancelled(List<String> names, TransactionCanceledException cause) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
            var given = cause.cancellationReasons();
            for (int i = 0; i < names.size() && i < given.size(); i++) {
                reasons.put(names.get(i), given.get(i));
            }
        }

        /** The named item's condition did not hold. */
        boolean failed(String name) {
            return code(name).equals(Storage.CONDITIONAL_CHECK_FAILED);
        }

        /**
         * The recipient check ({@link #recipientMayReceive}) failed on a number that has not opted out: it lacks the
         * consent a marketing message needs.
         */
        boolean lacksConsent() {
            return failed(RECIPIENT_OPTED_IN) && !RecipientItems.optedOut(reason(RECIPIENT_OPTED_IN).item());
        }

        /** Another transaction was writing the named item at the same moment. */
        boolean conflicted(String name) {
            return code(name).equals(TRANSACTION_CONFLICT);
        }

        /** The named item's reason, with the item as it was when its condition failed, if asked for. */
        CancellationReason reason(String name) {
            var reason = reasons.get(name);
            if (reason == null) {
                throw new IllegalArgumentException("No item named " + name + " in the transaction");
            }
            return reason;
        }

        /** Cancelled for no reason Kotae answers (throttled, say): the table is unavailable for now. */
        KotaeException unavailable() {
            return Storage.unavailable(cause);
        }

        private String code(String name) {
            var reason = reasons.get(name);
            return reason == null || reason.code() == null ? "" : reason.code();
        }
    }
}
