package dev.kotae.store;

import dev.kotae.consent.entity.ConsentEntry;
import dev.kotae.consent.entity.ConsentState;
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
import dev.kotae.platform.priming.Priming;
import dev.kotae.shared.entity.KotaeException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The send and delivery paths' reads and writes: a message's items ({@link MessageItems},
 * {@link DeliveryItems}), idempotency keys ({@link IdempotencyItems}), and the recipient's opt-out
 * state and opened conversations ({@link RecipientItems}, which the inbound path shares).
 */
public final class DynamoMessageStore implements MessageStore {

    /** How often a send's transaction is tried when only its caller's count conflicts with the caller's other sends. */
    private static final int QUOTA_ATTEMPTS = 5;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;
    private final MessageSummaries summaries;

    /**
     * @param retention how long message records and closed conversations are kept for audit
     */
    public DynamoMessageStore(DynamoDbClient dynamo, String table, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
        this.summaries = new MessageSummaries(dynamo, table);
    }

    private static final String OPT_OUT_STATE = "the number's opt-out state";
    private static final String MESSAGE = "the message";
    private static final String QUOTA = "the caller's count for the day";
    private static final String CLAIM = "the idempotency key";
    private static final String BATCH = "the batch";
    private static final String STEP = "the delivery step";
    private static final String LISTING = "the sender's listing";

    @Override
    public Admission admit(MessageRecord accepted, Optional<IdempotencyClaim> claim, Optional<QuotaUse> quota,
                           Listing listing) {
        var admission = new Transaction(table)
                .put(MESSAGE, p -> p.item(MessageItems.item(accepted, retention)).conditionExpression(TableLayout.IS_NEW))
                .recipientMayReceive(accepted.to(), accepted.type());
        if (listing == Listing.SENDERS_OWN) {
            admission.put(LISTING, SenderItems.item(accepted, retention));
        }
        quota.ifPresent(use -> admission.update(QUOTA, u -> u.key(CallerQuotaItems.key(use))
                .updateExpression(CallerQuotaItems.COUNT)
                .conditionExpression(CallerQuotaItems.ROOM_LEFT)
                .expressionAttributeValues(CallerQuotaItems.values(use))));
        claim.ifPresent(key -> admission.put(CLAIM, p -> p.item(IdempotencyItems.inProgress(key, accepted))
                // An expired key counts as free even before DynamoDB's TTL sweep deletes it.
                .conditionExpression(TableLayout.IS_NEW + " OR " + IdempotencyItems.EXPIRES_AT + " < :now")
                .expressionAttributeValues(Map.of(":now", TableLayout.epochSeconds(accepted.createdAt())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        for (int attempt = 1; ; attempt++) {
            try {
                admission.write(dynamo);
                return new Admission.Admitted();
            } catch (Transaction.Cancelled cancelled) {
                if (!cancelled.conflicted(QUOTA) || attempt == QUOTA_ATTEMPTS) {
                    return refusal(cancelled, claim, accepted);
                }
                // The caller's other sends raise its day's count at this very moment: try again shortly
                // (a transaction that conflicts with another is cancelled; Amazon DynamoDB API Reference,
                // TransactWriteItems).
                pause(attempt);
            }
        }
    }

    private Admission refusal(Transaction.Cancelled cancelled, Optional<IdempotencyClaim> claim, MessageRecord accepted) {
        if (cancelled.failed(CLAIM)) {
            return existingClaim(cancelled.reason(CLAIM), claim.orElseThrow(), accepted.createdAt());
        }
        if (cancelled.conflicted(CLAIM)) {
            // Another request with this key is writing its claim at this very moment.
            return new Admission.KeyInUse(Optional.empty());
        }
        if (cancelled.lacksConsent()) {
            return new Admission.ConsentRequired();
        }
        if (cancelled.failed(Transaction.RECIPIENT_OPTED_IN)) {
            return new Admission.RecipientOptedOut();
        }
        if (cancelled.failed(QUOTA)) {
            return new Admission.CallerQuotaExceeded();
        }
        throw cancelled.unavailable();
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
        var recording = new Transaction(table).put(MESSAGE, MessageItems.item(sent, retention));
        claim.ifPresent(key -> recording.put(CLAIM, IdempotencyItems.completed(key, receipt)));
        conversation.ifPresent(opened -> recording.put("the conversation", RecipientItems.openedConversation(opened,
                sent.providerMessageId().orElseThrow(), retention)));
        recording.write(dynamo);
    }

    @Override
    public void recordFailed(MessageRecord failed, Optional<IdempotencyClaim> claim,
                             Optional<KotaeException> keptOutcome) {
        var recording = new Transaction(table).put(MESSAGE, MessageItems.item(failed, retention));
        claim.ifPresent(key -> {
            if (keptOutcome.isPresent()) {
                recording.put(CLAIM, IdempotencyItems.completed(key, failed.messageId(), keptOutcome.get()));
            } else {
                // Release only our own claim: an expired key may already belong to a newer request.
                recording.delete(CLAIM, d -> d.key(IdempotencyItems.key(key))
                        .conditionExpression(IdempotencyItems.MESSAGE_ID + " = :messageId")
                        .expressionAttributeValues(Map.of(":messageId", AttributeValue.fromS(failed.messageId()))));
            }
        });
        recording.write(dynamo);
    }

    @Override
    public void recordScheduled(IdempotencyClaim claim, SendReceipt receipt) {
        new Transaction(table).put(CLAIM, IdempotencyItems.completed(claim, receipt)).write(dynamo);
    }

    @Override
    public Firing claimScheduled(MessageRecord firing) {
        try {
            new Transaction(table)
                    .update(MESSAGE, u -> u.key(MessageItems.key(firing.messageId()))
                            .updateExpression(MessageItems.MOVE)
                            .conditionExpression(MessageItems.STILL_SCHEDULED_FOR)
                            .expressionAttributeNames(MessageItems.STATUS_NAME)
                            .expressionAttributeValues(MessageItems.firedFor(firing.sendAt().orElseThrow(),
                                    MessageItems.move(firing.status(), firing.updatedAt()))))
                    .recipientMayReceive(firing.to(), firing.type())
                    .write(dynamo);
            return Firing.TAKEN;
        } catch (Transaction.Cancelled cancelled) {
            if (cancelled.failed(MESSAGE)) {
                return Firing.NOT_SCHEDULED;
            }
            if (cancelled.lacksConsent()) {
                return Firing.CONSENT_REQUIRED;
            }
            if (cancelled.failed(Transaction.RECIPIENT_OPTED_IN)) {
                return Firing.RECIPIENT_OPTED_OUT;
            }
            // Another firing of the same schedule writes at this very moment: this one may be retried.
            throw cancelled.unavailable();
        }
    }

    @Override
    public EntryAdmission admitEntry(MessageRecord accepted, String batchId) {
        try {
            new Transaction(table)
                    .put(MESSAGE, p -> p.item(MessageItems.item(accepted, retention))
                            .conditionExpression(MessageItems.NEW_OR_QUEUED)
                            .expressionAttributeNames(MessageItems.STATUS_NAME)
                            .expressionAttributeValues(MessageItems.QUEUED_VALUES))
                    .recipientMayReceive(accepted.to(), accepted.type())
                    .check(BATCH, c -> c.key(BatchItems.key(batchId))
                            .conditionExpression(BatchItems.NOT_CANCELED)
                            .expressionAttributeNames(BatchItems.STATUS_NAME)
                            .expressionAttributeValues(BatchItems.NOT_CANCELED_VALUES))
                    .write(dynamo);
            return EntryAdmission.TAKEN;
        } catch (Transaction.Cancelled cancelled) {
            if (cancelled.failed(MESSAGE)) {
                return EntryAdmission.HANDLED;
            }
            if (cancelled.failed(BATCH)) {
                return EntryAdmission.BATCH_CANCELED;
            }
            if (cancelled.lacksConsent()) {
                return EntryAdmission.CONSENT_REQUIRED;
            }
            if (cancelled.failed(Transaction.RECIPIENT_OPTED_IN)) {
                return EntryAdmission.RECIPIENT_OPTED_OUT;
            }
            // Another delivery of the same entry writes at this very moment: this one may be retried.
            throw cancelled.unavailable();
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
    public boolean failScheduled(String messageId, Instant firedFor, MessageRecord.Failure why, Instant at) {
        return updateScheduled(messageId, MessageItems.FAIL, MessageItems.STILL_SCHEDULED_FOR,
                MessageItems.firedFor(firedFor, MessageItems.fail(why, at)));
    }

    @Override
    public boolean cancelScheduled(String messageId, Instant at) {
        return updateScheduled(messageId, MessageItems.MOVE, MessageItems.STILL_SCHEDULED,
                MessageItems.move(MessageStatus.CANCELED, at));
    }

    @Override
    public boolean rescheduleScheduled(String messageId, Instant firedFor, Instant heldUntil, Instant at) {
        return updateScheduled(messageId, MessageItems.RESCHEDULE, MessageItems.STILL_SCHEDULED_FOR,
                MessageItems.reschedule(firedFor, heldUntil, at));
    }

    private boolean updateScheduled(String messageId, String update, String condition, Map<String, AttributeValue> values) {
        try {
            Storage.call(() -> dynamo.updateItem(u -> u.tableName(table).key(MessageItems.key(messageId))
                    .updateExpression(update)
                    .conditionExpression(condition)
                    .expressionAttributeNames(MessageItems.STATUS_NAME)
                    .expressionAttributeValues(values)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void recordOptOut(String phoneNumber, Instant at) {
        // A withdrawal is announced (ConsentRevoked) only when the number consented or was asked to; each write is
        // conditioned on the consent it assumes, so a grant recorded in between is announced withdrawn.
        ConsentItems.writeWithdrawal(dynamo, OPT_OUT_STATE, announce -> optOutRecording(phoneNumber, at, announce));
    }

    private Transaction optOutRecording(String phoneNumber, Instant at, boolean announce) {
        var revoked = new ConsentEntry(ConsentState.REVOKED, at, ConsentEntry.Method.OPT_OUT_LIST, "opt-out-list",
                "End User Messaging refused a send: its opt-out list holds the number", "end-user-messaging");
        var values = new HashMap<>(RecipientItems.optOutChange(phoneNumber, true, at, Optional.empty()));
        values.putAll(ConsentItems.WITHDRAWABLE_VALUES);
        var id = UUID.randomUUID().toString();
        return new Transaction(table)
                .update(OPT_OUT_STATE, u -> u.key(RecipientItems.stateKey(phoneNumber))
                        .updateExpression(RecipientItems.optOutChangeExpression(true, false))
                        .conditionExpression(announce ? ConsentItems.WITHDRAWABLE : ConsentItems.NOTHING_TO_WITHDRAW)
                        .expressionAttributeValues(values))
                .put("the consent entry", announce ? ConsentItems.announced(phoneNumber, revoked, id)
                        : ConsentItems.entry(phoneNumber, revoked, id));
    }

    @Override
    public void prime() {
        try {
            new Transaction(table).check(MESSAGE, c -> c.key(MessageItems.key(Priming.MESSAGE_ID))
                    .conditionExpression(TableLayout.EXISTS)).write(dynamo);
        } catch (Transaction.Cancelled expected) {
            // The check fails, as it must: a transaction of checks alone writes nothing, so it leaves the process
            // even while priming, and the connection and a refused transaction's path are loaded.
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
    public List<MessageView> sentBy(String principal, int limit) {
        // Consistent: the send the person made a moment ago is in their list.
        var listed = Storage.call(() -> dynamo.query(q -> q.tableName(table).consistentRead(true)
                .keyConditionExpression(TableLayout.IN_PARTITION)
                .expressionAttributeValues(Map.of(":pk", SenderItems.partition(principal)))
                .scanIndexForward(false)
                .limit(limit))).items().stream()
                .map(item -> item.get(SenderItems.MESSAGE_ID).s())
                .toList();
        var found = summaries.read(listed);
        return listed.stream().filter(found::containsKey).map(found::get).toList();
    }

    @Override
    public DeliveryOutcome recordDelivery(DeliveryEvent event) {
        var step = DeliveryItems.step(event, retention);
        try {
            // The step goes in only beside its message; re-putting the same step changes nothing. An
            // automatic answer, never written after its send, learns its provider id here.
            new Transaction(table)
                    .update(MESSAGE, u -> u.key(MessageItems.key(event.kotaeMessageId()))
                            .updateExpression(MessageItems.LEARN_PROVIDER_ID)
                            .conditionExpression(TableLayout.EXISTS)
                            .expressionAttributeValues(MessageItems.providerId(event.providerMessageId())))
                    .put(STEP, step)
                    .write(dynamo);
        } catch (Transaction.Cancelled cancelled) {
            if (cancelled.failed(MESSAGE)) {
                return DeliveryOutcome.UNKNOWN_MESSAGE;
            }
            throw cancelled.unavailable();
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

}
