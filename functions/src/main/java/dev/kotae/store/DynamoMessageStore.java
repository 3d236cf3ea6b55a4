package dev.kotae.store;

import dev.kotae.messages.control.Admission;
import dev.kotae.messages.control.IdempotencyClaim;
import dev.kotae.messages.control.MessageStore;
import dev.kotae.messages.control.QuotaUse;
import dev.kotae.messages.entity.Conversation;
import dev.kotae.messages.entity.DeliveryEvent;
import dev.kotae.messages.entity.DeliveryReport;
import dev.kotae.messages.entity.MessageRecord;
import dev.kotae.messages.entity.MessageStatus;
import dev.kotae.messages.entity.MessageView;
import dev.kotae.messages.entity.SendReceipt;
import dev.kotae.platform.Priming;
import dev.kotae.shared.entity.KotaeException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The send and delivery paths' reads and writes: a message's items ({@link MessageItems},
 * {@link DeliveryItems}), idempotency keys ({@link IdempotencyItems}), and the recipient's opt-out
 * state and opened conversations ({@link RecipientItems}, which the inbound path shares).
 */
public final class DynamoMessageStore implements MessageStore {

    private static final String TRANSACTION_CONFLICT = "TransactionConflict";
    /** How often a send's transaction is tried when only its caller's count conflicts with the caller's other sends. */
    private static final int QUOTA_ATTEMPTS = 5;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;

    /**
     * @param retention how long message records and closed conversations are kept for audit
     */
    public DynamoMessageStore(DynamoDbClient dynamo, String table, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
    }

    @Override
    public Admission admit(MessageRecord accepted, Optional<IdempotencyClaim> claim, Optional<QuotaUse> quota) {
        var writes = new ArrayList<TransactWriteItem>();
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(MessageItems.item(accepted, retention))
                .conditionExpression(TableLayout.IS_NEW)).build());
        var optOutCheck = writes.size();
        writes.add(TransactWriteItem.builder().conditionCheck(c -> c.tableName(table)
                .key(RecipientItems.stateKey(accepted.to()))
                .conditionExpression(RecipientItems.OPTED_IN)
                    .expressionAttributeValues(RecipientItems.OPTED_IN_VALUES)).build());
        var quotaCount = quota.isPresent() ? writes.size() : -1;
        quota.ifPresent(use -> writes.add(TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(CallerQuotaItems.key(use))
                .updateExpression(CallerQuotaItems.COUNT)
                .conditionExpression(CallerQuotaItems.ROOM_LEFT)
                .expressionAttributeValues(CallerQuotaItems.values(use))).build()));
        var claimPut = claim.isPresent() ? writes.size() : -1;
        claim.ifPresent(key -> writes.add(TransactWriteItem.builder().put(p -> p.tableName(table)
                .item(IdempotencyItems.inProgress(key, accepted))
                // An expired key counts as free even before DynamoDB's TTL sweep deletes it.
                .conditionExpression(TableLayout.IS_NEW + " OR " + IdempotencyItems.EXPIRES_AT + " < :now")
                .expressionAttributeValues(Map.of(":now", TableLayout.epochSeconds(accepted.createdAt())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build()));
        for (int attempt = 1; ; attempt++) {
            try {
                Storage.call(() -> dynamo.transactWriteItems(t -> t.transactItems(writes)));
                return new Admission.Admitted();
            } catch (TransactionCanceledException e) {
                var quotaConflict = quotaCount >= 0 && TRANSACTION_CONFLICT.equals(e.cancellationReasons().get(quotaCount).code());
                if (!quotaConflict || attempt == QUOTA_ATTEMPTS) {
                    return refusal(e, claim, claimPut, optOutCheck, quotaCount, accepted);
                }
                // The caller's other sends raise its day's count at this very moment: try again shortly
                // (a transaction that conflicts with another is cancelled; Amazon DynamoDB API Reference,
                // TransactWriteItems).
                pause(attempt);
            }
        }
    }

    private Admission refusal(TransactionCanceledException e, Optional<IdempotencyClaim> claim, int claimPut,
                              int optOutCheck, int quotaCount, MessageRecord accepted) {
        var reasons = e.cancellationReasons();
        if (claimPut >= 0) {
            var claimReason = reasons.get(claimPut);
            if (Storage.CONDITIONAL_CHECK_FAILED.equals(claimReason.code())) {
                return existingClaim(claimReason, claim.get(), accepted.createdAt());
            }
            if (TRANSACTION_CONFLICT.equals(claimReason.code())) {
                // Another request with this key is writing its claim at this very moment.
                return new Admission.KeyInUse(Optional.empty());
            }
        }
        if (Storage.CONDITIONAL_CHECK_FAILED.equals(reasons.get(optOutCheck).code())) {
            return new Admission.RecipientOptedOut();
        }
        if (quotaCount >= 0 && Storage.CONDITIONAL_CHECK_FAILED.equals(reasons.get(quotaCount).code())) {
            return new Admission.CallerQuotaExceeded();
        }
        throw Storage.unavailable(e);
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(10, 30) * attempt);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to count the caller's message", interrupted);
        }
    }

    @Override
    public void recordSent(MessageRecord sent, Optional<IdempotencyClaim> claim, SendReceipt receipt,
                           Optional<Conversation> conversation) {
        var writes = new ArrayList<TransactWriteItem>();
        writes.add(put(MessageItems.item(sent, retention)));
        claim.ifPresent(key -> writes.add(put(IdempotencyItems.completed(key, receipt))));
        conversation.ifPresent(opened -> writes.add(put(RecipientItems.openedConversation(opened,
                sent.providerMessageId().orElseThrow(), retention))));
        write(writes);
    }

    @Override
    public void recordFailed(MessageRecord failed, Optional<IdempotencyClaim> claim,
                             Optional<KotaeException> keptOutcome) {
        var writes = new ArrayList<TransactWriteItem>();
        writes.add(put(MessageItems.item(failed, retention)));
        claim.ifPresent(key -> {
            if (keptOutcome.isPresent()) {
                writes.add(put(IdempotencyItems.completed(key, failed.messageId(), keptOutcome.get())));
            } else {
                // Release only our own claim: an expired key may already belong to a newer request.
                writes.add(TransactWriteItem.builder().delete(d -> d.tableName(table).key(IdempotencyItems.key(key))
                        .conditionExpression(IdempotencyItems.MESSAGE_ID + " = :messageId")
                        .expressionAttributeValues(Map.of(":messageId", AttributeValue.fromS(failed.messageId()))))
                        .build());
            }
        });
        write(writes);
    }

    @Override
    public void recordScheduled(IdempotencyClaim claim, SendReceipt receipt) {
        write(List.of(put(IdempotencyItems.completed(claim, receipt))));
    }

    @Override
    public Firing claimScheduled(MessageRecord firing) {
        try {
            Storage.call(() -> dynamo.transactWriteItems(t -> t.transactItems(
                    TransactWriteItem.builder().update(u -> u.tableName(table).key(MessageItems.key(firing.messageId()))
                            .updateExpression(MessageItems.MOVE)
                            .conditionExpression(MessageItems.STILL_SCHEDULED)
                            .expressionAttributeNames(MessageItems.STATUS_NAME)
                            .expressionAttributeValues(MessageItems.move(firing.status(), firing.updatedAt()))).build(),
                    TransactWriteItem.builder().conditionCheck(c -> c.tableName(table)
                            .key(RecipientItems.stateKey(firing.to()))
                            .conditionExpression(RecipientItems.OPTED_IN)
                            .expressionAttributeValues(RecipientItems.OPTED_IN_VALUES)).build())));
            return Firing.TAKEN;
        } catch (TransactionCanceledException e) {
            var reasons = e.cancellationReasons();
            if (Storage.CONDITIONAL_CHECK_FAILED.equals(reasons.get(0).code())) {
                return Firing.NOT_SCHEDULED;
            }
            if (Storage.CONDITIONAL_CHECK_FAILED.equals(reasons.get(1).code())) {
                return Firing.RECIPIENT_OPTED_OUT;
            }
            // Another firing of the same schedule writes at this very moment: this one may be retried.
            throw Storage.unavailable(e);
        }
    }

    @Override
    public EntryAdmission admitEntry(MessageRecord accepted, String batchId) {
        try {
            Storage.call(() -> dynamo.transactWriteItems(t -> t.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(MessageItems.item(accepted, retention))
                            .conditionExpression(MessageItems.NEW_OR_QUEUED)
                            .expressionAttributeNames(MessageItems.STATUS_NAME)
                            .expressionAttributeValues(MessageItems.QUEUED_VALUES)).build(),
                    TransactWriteItem.builder().conditionCheck(c -> c.tableName(table)
                            .key(RecipientItems.stateKey(accepted.to()))
                            .conditionExpression(RecipientItems.OPTED_IN)
                            .expressionAttributeValues(RecipientItems.OPTED_IN_VALUES)).build(),
                    TransactWriteItem.builder().conditionCheck(c -> c.tableName(table)
                            .key(BatchItems.key(batchId))
                            .conditionExpression(BatchItems.NOT_CANCELED)
                            .expressionAttributeNames(BatchItems.STATUS_NAME)
                            .expressionAttributeValues(BatchItems.NOT_CANCELED_VALUES)).build())));
            return EntryAdmission.TAKEN;
        } catch (TransactionCanceledException e) {
            var reasons = e.cancellationReasons();
            if (Storage.CONDITIONAL_CHECK_FAILED.equals(reasons.get(0).code())) {
                return EntryAdmission.HANDLED;
            }
            if (Storage.CONDITIONAL_CHECK_FAILED.equals(reasons.get(2).code())) {
                return EntryAdmission.BATCH_CANCELED;
            }
            if (Storage.CONDITIONAL_CHECK_FAILED.equals(reasons.get(1).code())) {
                return EntryAdmission.RECIPIENT_OPTED_OUT;
            }
            // Another delivery of the same entry writes at this very moment: this one may be retried.
            throw Storage.unavailable(e);
        }
    }

    @Override
    public boolean failWaitingEntry(MessageRecord failed) {
        try {
            Storage.call(() -> dynamo.putItem(p -> p.tableName(table).item(MessageItems.item(failed, retention))
                    .conditionExpression(MessageItems.NEW_OR_QUEUED)
                    .expressionAttributeNames(MessageItems.STATUS_NAME)
                    .expressionAttributeValues(MessageItems.QUEUED_VALUES)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean failScheduled(String messageId, MessageRecord.Failure why, Instant at) {
        return updateScheduled(messageId, MessageItems.FAIL, MessageItems.fail(why, at));
    }

    @Override
    public boolean cancelScheduled(String messageId, Instant at) {
        return updateScheduled(messageId, MessageItems.MOVE, MessageItems.move(MessageStatus.CANCELED, at));
    }

    private boolean updateScheduled(String messageId, String update, Map<String, AttributeValue> values) {
        try {
            Storage.call(() -> dynamo.updateItem(u -> u.tableName(table).key(MessageItems.key(messageId))
                    .updateExpression(update)
                    .conditionExpression(MessageItems.STILL_SCHEDULED)
                    .expressionAttributeNames(MessageItems.STATUS_NAME)
                    .expressionAttributeValues(values)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void recordOptOut(String phoneNumber, Instant at) {
        Storage.call(() -> dynamo.updateItem(u -> u.tableName(table).key(RecipientItems.stateKey(phoneNumber))
                .updateExpression(RecipientItems.optOutChangeExpression(true, false))
                .expressionAttributeValues(RecipientItems.optOutChange(phoneNumber, true, at, Optional.empty()))));
    }

    @Override
    public void prime() {
        try {
            Storage.call(() -> dynamo.transactWriteItems(t -> t.transactItems(TransactWriteItem.builder()
                    .conditionCheck(c -> c.tableName(table).key(MessageItems.key(Priming.MESSAGE_ID))
                            .conditionExpression(TableLayout.EXISTS)).build())));
        } catch (TransactionCanceledException expected) {
            // Outside priming the check fails, as it must (while priming the call never leaves the process):
            // nothing was written, and the path is loaded.
        }
    }

    @Override
    public Optional<MessageView> find(String messageId) {
        var items = Storage.call(() -> dynamo.query(q -> q.tableName(table).consistentRead(true)
                .keyConditionExpression(TableLayout.IN_PARTITION)
                .expressionAttributeValues(Map.of(":pk", MessageItems.partition(messageId))))).items();
        Optional<MessageRecord> message = Optional.empty();
        Optional<DeliveryReport.Step> current = Optional.empty();
        var history = new ArrayList<DeliveryReport.Step>();
        for (var item : items) {
            var sortKey = TableLayout.sortKey(item);
            if (sortKey.equals(MessageItems.SORT_KEY)) {
                message = Optional.of(MessageItems.record(item));
            } else if (DeliveryItems.isCurrent(sortKey)) {
                current = Optional.of(DeliveryItems.read(item));
            } else if (DeliveryItems.isStep(sortKey)) {
                history.add(DeliveryItems.read(item));
            }
        }
        var delivery = new DeliveryReport(current, history);
        return message.map(record -> new MessageView(record, delivery));
    }

    @Override
    public DeliveryOutcome recordDelivery(DeliveryEvent event) {
        var step = DeliveryItems.step(event, retention);
        try {
            // The step goes in only beside its message; re-putting the same step changes nothing. An
            // automatic answer, never written after its send, learns its provider id here.
            Storage.call(() -> dynamo.transactWriteItems(t -> t.transactItems(
                    TransactWriteItem.builder().update(u -> u.tableName(table)
                            .key(MessageItems.key(event.kotaeMessageId()))
                            .updateExpression(MessageItems.LEARN_PROVIDER_ID)
                            .conditionExpression(TableLayout.EXISTS)
                            .expressionAttributeValues(MessageItems.providerId(event.providerMessageId()))).build(),
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(step)).build())));
        } catch (TransactionCanceledException e) {
            if (Storage.CONDITIONAL_CHECK_FAILED.equals(e.cancellationReasons().get(0).code())) {
                return DeliveryOutcome.UNKNOWN_MESSAGE;
            }
            throw Storage.unavailable(e);
        }
        if (event.status().isEmpty()) {
            return DeliveryOutcome.KEPT;
        }
        try {
            Storage.call(() -> dynamo.updateItem(u -> u.tableName(table)
                    .key(DeliveryItems.currentKey(event.kotaeMessageId()))
                    .updateExpression(DeliveryItems.currentUpdate(event))
                    .conditionExpression("attribute_not_exists(#rank) OR #rank < :rank")
                    .expressionAttributeNames(Map.of("#rank", DeliveryItems.RANK))
                    .expressionAttributeValues(DeliveryItems.currentValues(event, event.status().get(), retention))));
            return DeliveryOutcome.MOVED;
        } catch (ConditionalCheckFailedException e) {
            return DeliveryOutcome.KEPT;
        }
    }

    private Admission existingClaim(CancellationReason reason, IdempotencyClaim claim, Instant now) {
        var existing = IdempotencyItems.stored(reason.item());
        if (!claim.payloadFingerprint().equals(existing.fingerprint())) {
            return new Admission.KeyReused();
        }
        if (existing.inProgress()) {
            if (existing.claimedAt().filter(at -> MessageRecord.isAbandoned(at, now)).isPresent()) {
                // The first attempt died before recording its outcome: answered as a hand-over that failed so.
                var abandoned = MessageRecord.abandoned(existing.messageId());
                return new Admission.ReplayError(new KotaeException(abandoned.code(), abandoned.message()));
            }
            return new Admission.KeyInUse(Optional.of(existing.messageId()));
        }
        return existing.error().<Admission>map(Admission.ReplayError::new)
                .orElseGet(() -> new Admission.Replay(existing.receipt().orElseThrow()));
    }

    private TransactWriteItem put(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build();
    }

    private void write(List<TransactWriteItem> writes) {
        if (writes.size() == 1 && writes.get(0).put() != null) {
            Storage.call(() -> dynamo.putItem(p -> p.tableName(table).item(writes.get(0).put().item())));
        } else {
            Storage.call(() -> dynamo.transactWriteItems(t -> t.transactItems(writes)));
        }
    }
}
