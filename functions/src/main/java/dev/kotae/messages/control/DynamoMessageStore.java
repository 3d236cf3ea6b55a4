package dev.kotae.messages.control;

import dev.kotae.messages.entity.Conversation;
import dev.kotae.messages.entity.DeliveryEvent;
import dev.kotae.messages.entity.DeliveryReport;
import dev.kotae.messages.entity.DeliveryStatus;
import dev.kotae.messages.entity.MessageRecord;
import dev.kotae.messages.entity.MessageStatus;
import dev.kotae.messages.entity.MessageView;
import dev.kotae.messages.entity.SendReceipt;
import dev.kotae.messages.entity.SmsEncoding;
import dev.kotae.platform.Priming;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;
import dev.kotae.store.MessageItems;
import dev.kotae.store.RecipientItems;
import dev.kotae.store.Storage;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The send path's state in one DynamoDB table keyed by {@code pk}/{@code sk}. Every attribute
 * name and item shape is defined here and nowhere else.
 *
 * <pre>
 * MESSAGE#{messageId}        / MESSAGE                          audit record of one send
 * MESSAGE#{messageId}        / DELIVERY                         its delivery status (moves forward only)
 * MESSAGE#{messageId}        / DELIVERY#{at}#{eventType}        one delivery event
 * IDEMPOTENCY#{sha256}       / IDEMPOTENCY                      a caller's key and its outcome, 24 h
 * RECIPIENT#{e164}           / STATE                            opt-out state (never expires)
 * RECIPIENT#{e164}           / CONVERSATION#{createdAt}#{id}    a conversation waiting for a reply
 * </pre>
 * Items expire through the table's TTL attribute ({@link RecipientItems#DELETE_AFTER}); logic never
 * relies on it, because DynamoDB may delete expired items days late. The recipient's items are
 * mapped by {@link RecipientItems}, which the inbound path shares.
 */
public final class DynamoMessageStore implements MessageStore {

    private static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";
    private static final String DELIVERY_SORT_KEY = "DELIVERY";
    private static final String DELIVERY_STEP_PREFIX = "DELIVERY#";
    private static final String TRANSACTION_CONFLICT = "TransactionConflict";
    private static final String IN_PROGRESS = "IN_PROGRESS";
    private static final String CLAIMED_AT = "claimedAt";
    private static final String COMPLETED = "COMPLETED";

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
    public Admission admit(MessageRecord accepted, Optional<IdempotencyClaim> claim, boolean refuseOptedOut) {
        var writes = new ArrayList<TransactWriteItem>();
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(MessageItems.item(accepted, retention))
                .conditionExpression("attribute_not_exists(pk)")).build());
        var optOutCheck = refuseOptedOut ? writes.size() : -1;
        if (refuseOptedOut) {
            writes.add(TransactWriteItem.builder().conditionCheck(c -> c.tableName(table)
                    .key(RecipientItems.stateKey(accepted.to()))
                    .conditionExpression("attribute_not_exists(optedOut) OR optedOut = :false")
                    .expressionAttributeValues(Map.of(":false", AttributeValue.fromBool(false)))).build());
        }
        var claimPut = claim.isPresent() ? writes.size() : -1;
        claim.ifPresent(key -> writes.add(TransactWriteItem.builder().put(p -> p.tableName(table)
                .item(claimedAt(claimItem(key, accepted.messageId()), accepted.createdAt()))
                // An expired key counts as free even before DynamoDB's TTL sweep deletes it.
                .conditionExpression("attribute_not_exists(pk) OR expiresAt < :now")
                .expressionAttributeValues(Map.of(":now", RecipientItems.epochSeconds(accepted.createdAt())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build()));
        try {
            Storage.call(() -> dynamo.transactWriteItems(t -> t.transactItems(writes)));
            return new Admission.Admitted();
        } catch (TransactionCanceledException e) {
            var reasons = e.cancellationReasons();
            if (claimPut >= 0) {
                var claimReason = reasons.get(claimPut);
                if (CONDITIONAL_CHECK_FAILED.equals(claimReason.code())) {
                    return existingClaim(claimReason, claim.get(), accepted.createdAt());
                }
                if (TRANSACTION_CONFLICT.equals(claimReason.code())) {
                    // Another request with this key is writing its claim at this very moment.
                    return new Admission.KeyInUse(Optional.empty());
                }
            }
            if (optOutCheck >= 0 && CONDITIONAL_CHECK_FAILED.equals(reasons.get(optOutCheck).code())) {
                return new Admission.RecipientOptedOut();
            }
            throw Storage.unavailable(e);
        }
    }

    @Override
    public void recordSent(MessageRecord sent, Optional<IdempotencyClaim> claim, SendReceipt receipt,
                           Optional<Conversation> conversation) {
        var writes = new ArrayList<TransactWriteItem>();
        writes.add(put(MessageItems.item(sent, retention)));
        claim.ifPresent(key -> {
            var outcome = claimItem(key, sent.messageId());
            outcome.put("state", AttributeValue.fromS(COMPLETED));
            outcome.putAll(receiptAttributes(receipt));
            writes.add(put(outcome));
        });
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
                var outcome = claimItem(key, failed.messageId());
                outcome.put("state", AttributeValue.fromS(COMPLETED));
                outcome.put("errorCode", AttributeValue.fromS(keptOutcome.get().code().name()));
                outcome.put("errorMessage", AttributeValue.fromS(keptOutcome.get().getMessage()));
                writes.add(put(outcome));
            } else {
                // Release only our own claim: an expired key may already belong to a newer request.
                writes.add(TransactWriteItem.builder().delete(d -> d.tableName(table).key(claimKey(key))
                        .conditionExpression("messageId = :messageId")
                        .expressionAttributeValues(Map.of(":messageId", AttributeValue.fromS(failed.messageId()))))
                        .build());
            }
        });
        write(writes);
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
                            .conditionExpression("attribute_exists(pk)")).build())));
        } catch (TransactionCanceledException expected) {
            // The check fails, as it must: nothing was written, and the path is loaded.
        }
    }

    @Override
    public Optional<MessageView> find(String messageId) {
        var items = Storage.call(() -> dynamo.query(q -> q.tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", MessageItems.partition(messageId))))).items();
        Optional<MessageRecord> message = Optional.empty();
        Optional<DeliveryReport.Step> current = Optional.empty();
        var history = new ArrayList<DeliveryReport.Step>();
        for (var item : items) {
            var sortKey = item.get("sk").s();
            if (sortKey.equals(MessageItems.SORT_KEY)) {
                message = Optional.of(MessageItems.record(item));
            } else if (sortKey.equals(DELIVERY_SORT_KEY)) {
                current = Optional.of(deliveryStep(item));
            } else if (sortKey.startsWith(DELIVERY_STEP_PREFIX)) {
                history.add(deliveryStep(item));
            }
        }
        var delivery = new DeliveryReport(current, history);
        return message.map(record -> new MessageView(record, delivery));
    }

    @Override
    public DeliveryOutcome recordDelivery(DeliveryEvent event) {
        var step = new HashMap<String, AttributeValue>();
        step.put("pk", MessageItems.partition(event.kotaeMessageId()));
        step.put("sk", AttributeValue.fromS(DELIVERY_STEP_PREFIX + event.at() + "#" + event.eventType()));
        step.putAll(deliveryAttributes(event));
        try {
            // The step goes in only beside its message; re-putting the same step changes nothing. An
            // automatic answer, never written after its send, learns its provider id here.
            Storage.call(() -> dynamo.transactWriteItems(t -> t.transactItems(
                    TransactWriteItem.builder().update(u -> u.tableName(table)
                            .key(MessageItems.key(event.kotaeMessageId()))
                            .updateExpression("SET providerMessageId = if_not_exists(providerMessageId, :providerMessageId)")
                            .conditionExpression("attribute_exists(pk)")
                            .expressionAttributeValues(Map.of(":providerMessageId",
                                    AttributeValue.fromS(event.providerMessageId())))).build(),
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(step)).build())));
        } catch (TransactionCanceledException e) {
            if (CONDITIONAL_CHECK_FAILED.equals(e.cancellationReasons().get(0).code())) {
                return DeliveryOutcome.UNKNOWN_MESSAGE;
            }
            throw Storage.unavailable(e);
        }
        if (event.status().isEmpty()) {
            return DeliveryOutcome.KEPT;
        }
        var values = new HashMap<>(deliveryAttributeValues(event));
        values.put(":rank", AttributeValue.fromN(Integer.toString(event.status().get().rank())));
        try {
            Storage.call(() -> dynamo.updateItem(u -> u.tableName(table)
                    .key(Map.of("pk", MessageItems.partition(event.kotaeMessageId()), "sk", AttributeValue.fromS(DELIVERY_SORT_KEY)))
                    .updateExpression("SET #rank = :rank, eventType = :eventType, deliveryStatus = :deliveryStatus,"
                            + " deliveredAt = :deliveredAt, " + RecipientItems.DELETE_AFTER + " = :deleteAfter"
                            + (event.description().isPresent() ? ", description = :description" : " REMOVE description"))
                    .conditionExpression("attribute_not_exists(#rank) OR #rank < :rank")
                    .expressionAttributeNames(Map.of("#rank", "rank"))
                    .expressionAttributeValues(values)));
            return DeliveryOutcome.MOVED;
        } catch (ConditionalCheckFailedException e) {
            return DeliveryOutcome.KEPT;
        }
    }

    private Map<String, AttributeValue> deliveryAttributes(DeliveryEvent event) {
        var attributes = new HashMap<String, AttributeValue>();
        deliveryAttributeValues(event).forEach((placeholder, value) -> attributes.put(placeholder.substring(1), value));
        return attributes;
    }

    /** As expression values (":name"); {@link #deliveryAttributes} strips the colon for a whole item. */
    private Map<String, AttributeValue> deliveryAttributeValues(DeliveryEvent event) {
        var values = new HashMap<String, AttributeValue>();
        values.put(":eventType", AttributeValue.fromS(event.eventType()));
        event.status().ifPresent(status -> values.put(":deliveryStatus", AttributeValue.fromS(status.name())));
        values.put(":deliveredAt", AttributeValue.fromS(event.at().toString()));
        event.description().ifPresent(description -> values.put(":description", AttributeValue.fromS(description)));
        values.put(":deleteAfter", RecipientItems.epochSeconds(event.at().plus(retention)));
        return values;
    }

    private static DeliveryReport.Step deliveryStep(Map<String, AttributeValue> item) {
        return new DeliveryReport.Step(
                item.get("eventType").s(),
                Optional.ofNullable(item.get("deliveryStatus")).map(status -> DeliveryStatus.valueOf(status.s())),
                Instant.parse(item.get("deliveredAt").s()),
                Optional.ofNullable(item.get("description")).map(AttributeValue::s));
    }

    private Admission existingClaim(CancellationReason reason, IdempotencyClaim claim, Instant now) {
        var existing = reason.item();
        if (!claim.payloadFingerprint().equals(existing.get("fingerprint").s())) {
            return new Admission.KeyReused();
        }
        if (IN_PROGRESS.equals(existing.get("state").s())) {
            var messageId = existing.get("messageId").s();
            var claimed = Optional.ofNullable(existing.get(CLAIMED_AT)).map(at -> Instant.parse(at.s()));
            if (claimed.filter(at -> MessageRecord.isAbandoned(at, now)).isPresent()) {
                // The first attempt died before recording its outcome: answered as a hand-over that failed so.
                var abandoned = MessageRecord.abandoned(messageId);
                return new Admission.ReplayError(new KotaeException(abandoned.code(), abandoned.message()));
            }
            return new Admission.KeyInUse(Optional.of(messageId));
        }
        if (existing.containsKey("errorCode")) {
            return new Admission.ReplayError(new KotaeException(ErrorCode.valueOf(existing.get("errorCode").s()),
                    existing.get("errorMessage").s()));
        }
        return new Admission.Replay(receipt(existing));
    }

    /** When the first attempt with this key began: a claim still in progress long after it was abandoned. */
    private static Map<String, AttributeValue> claimedAt(Map<String, AttributeValue> claim, Instant at) {
        claim.put(CLAIMED_AT, AttributeValue.fromS(at.toString()));
        return claim;
    }

    private Map<String, AttributeValue> claimItem(IdempotencyClaim claim, String messageId) {
        var item = new HashMap<>(claimKey(claim));
        item.put("fingerprint", AttributeValue.fromS(claim.payloadFingerprint()));
        item.put("messageId", AttributeValue.fromS(messageId));
        item.put("state", AttributeValue.fromS(IN_PROGRESS));
        item.put("expiresAt", RecipientItems.epochSeconds(claim.expiresAt()));
        item.put(RecipientItems.DELETE_AFTER, RecipientItems.epochSeconds(claim.expiresAt()));
        return item;
    }

    private static Map<String, AttributeValue> receiptAttributes(SendReceipt receipt) {
        var attributes = new HashMap<String, AttributeValue>();
        attributes.put("to", AttributeValue.fromS(receipt.to()));
        attributes.put("status", AttributeValue.fromS(receipt.status().name()));
        attributes.put("encoding", AttributeValue.fromS(receipt.encoding().name()));
        attributes.put("segments", AttributeValue.fromN(Integer.toString(receipt.segments())));
        receipt.conversation().ifPresent(conversation -> attributes.putAll(MessageItems.conversationSummary(conversation)));
        return attributes;
    }

    private static SendReceipt receipt(Map<String, AttributeValue> item) {
        return new SendReceipt(
                item.get("messageId").s(),
                item.get("to").s(),
                MessageStatus.valueOf(item.get("status").s()),
                SmsEncoding.valueOf(item.get("encoding").s()),
                Integer.parseInt(item.get("segments").n()),
                MessageItems.conversationSummary(item));
    }

    private static Map<String, AttributeValue> claimKey(IdempotencyClaim claim) {
        return Map.of("pk", AttributeValue.fromS("IDEMPOTENCY#" + claim.keyHash()), "sk", AttributeValue.fromS("IDEMPOTENCY"));
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
