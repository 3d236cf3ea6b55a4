package dev.kotae.messages.control;

import dev.kotae.messages.entity.Conversation;
import dev.kotae.messages.entity.ErrorCode;
import dev.kotae.messages.entity.KotaeException;
import dev.kotae.messages.entity.MessageRecord;
import dev.kotae.messages.entity.MessageStatus;
import dev.kotae.messages.entity.MessageType;
import dev.kotae.messages.entity.SendReceipt;
import dev.kotae.messages.entity.SmsEncoding;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
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
import java.util.function.Supplier;

/**
 * The send path's state in one DynamoDB table keyed by {@code pk}/{@code sk}. Every attribute
 * name and item shape is defined here and nowhere else.
 *
 * <pre>
 * MESSAGE#{messageId}        / MESSAGE                          audit record of one send
 * IDEMPOTENCY#{sha256}       / IDEMPOTENCY                      a caller's key and its outcome, 24 h
 * RECIPIENT#{e164}           / STATE                            opt-out state (never expires)
 * RECIPIENT#{e164}           / CONVERSATION#{createdAt}#{id}    a conversation waiting for a reply
 * </pre>
 * Items expire through the table's TTL attribute {@value #DELETE_AFTER}; logic never relies on it,
 * because DynamoDB may delete expired items days late.
 */
public final class DynamoMessageStore implements MessageStore {

    /** The table's TTL attribute, in epoch seconds; the stack configures the same name. */
    public static final String DELETE_AFTER = "deleteAfter";

    private static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";
    private static final String TRANSACTION_CONFLICT = "TransactionConflict";
    private static final String IN_PROGRESS = "IN_PROGRESS";
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
    public Admission admit(MessageRecord accepted, Optional<IdempotencyClaim> claim) {
        var writes = new ArrayList<TransactWriteItem>();
        writes.add(TransactWriteItem.builder().conditionCheck(c -> c.tableName(table)
                .key(recipientKey(accepted.to()))
                .conditionExpression("attribute_not_exists(optedOut) OR optedOut = :false")
                .expressionAttributeValues(Map.of(":false", AttributeValue.fromBool(false)))).build());
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(messageItem(accepted))
                .conditionExpression("attribute_not_exists(pk)")).build());
        claim.ifPresent(key -> writes.add(TransactWriteItem.builder().put(p -> p.tableName(table)
                .item(claimItem(key, accepted.messageId()))
                // An expired key counts as free even before DynamoDB's TTL sweep deletes it.
                .conditionExpression("attribute_not_exists(pk) OR expiresAt < :now")
                .expressionAttributeValues(Map.of(":now", epochSeconds(accepted.createdAt())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build()));
        try {
            storage(() -> dynamo.transactWriteItems(t -> t.transactItems(writes)));
            return new Admission.Admitted();
        } catch (TransactionCanceledException e) {
            var reasons = e.cancellationReasons();
            if (claim.isPresent()) {
                var claimReason = reasons.get(2);
                if (CONDITIONAL_CHECK_FAILED.equals(claimReason.code())) {
                    return existingClaim(claimReason, claim.get());
                }
                if (TRANSACTION_CONFLICT.equals(claimReason.code())) {
                    // Another request with this key is writing its claim at this very moment.
                    return new Admission.KeyInUse(Optional.empty());
                }
            }
            if (CONDITIONAL_CHECK_FAILED.equals(reasons.get(0).code())) {
                return new Admission.RecipientOptedOut();
            }
            throw storageUnavailable(e);
        }
    }

    @Override
    public void recordSent(MessageRecord sent, Optional<IdempotencyClaim> claim, SendReceipt receipt,
                           Optional<Conversation> conversation) {
        var writes = new ArrayList<TransactWriteItem>();
        writes.add(put(messageItem(sent)));
        claim.ifPresent(key -> {
            var outcome = claimItem(key, sent.messageId());
            outcome.put("state", AttributeValue.fromS(COMPLETED));
            outcome.putAll(receiptAttributes(receipt));
            writes.add(put(outcome));
        });
        conversation.ifPresent(opened -> writes.add(put(conversationItem(opened))));
        write(writes);
    }

    @Override
    public void recordFailed(MessageRecord failed, Optional<IdempotencyClaim> claim,
                             Optional<KotaeException> keptOutcome) {
        var writes = new ArrayList<TransactWriteItem>();
        writes.add(put(messageItem(failed)));
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
        storage(() -> dynamo.updateItem(u -> u.tableName(table).key(recipientKey(phoneNumber))
                .updateExpression("SET optedOut = :true, optedOutAt = :at, updatedAt = :at, phoneNumber = :phone")
                .expressionAttributeValues(Map.of(
                        ":true", AttributeValue.fromBool(true),
                        ":at", AttributeValue.fromS(at.toString()),
                        ":phone", AttributeValue.fromS(phoneNumber)))));
    }

    @Override
    public Optional<MessageRecord> find(String messageId) {
        var item = storage(() -> dynamo.getItem(g -> g.tableName(table).key(messageKey(messageId)).consistentRead(true)))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(messageRecord(item));
    }

    private Admission existingClaim(CancellationReason reason, IdempotencyClaim claim) {
        var existing = reason.item();
        if (!claim.payloadFingerprint().equals(existing.get("fingerprint").s())) {
            return new Admission.KeyReused();
        }
        if (IN_PROGRESS.equals(existing.get("state").s())) {
            return new Admission.KeyInUse(Optional.of(existing.get("messageId").s()));
        }
        if (existing.containsKey("errorCode")) {
            return new Admission.ReplayError(new KotaeException(ErrorCode.valueOf(existing.get("errorCode").s()),
                    existing.get("errorMessage").s()));
        }
        return new Admission.Replay(receipt(existing));
    }

    private Map<String, AttributeValue> messageItem(MessageRecord message) {
        var item = new HashMap<>(messageKey(message.messageId()));
        item.put("messageId", AttributeValue.fromS(message.messageId()));
        item.put("to", AttributeValue.fromS(message.to()));
        item.put("type", AttributeValue.fromS(message.type().name()));
        item.put("status", AttributeValue.fromS(message.status().name()));
        item.put("encoding", AttributeValue.fromS(message.encoding().name()));
        item.put("segments", AttributeValue.fromN(Integer.toString(message.segments())));
        item.put("bodyLength", AttributeValue.fromN(Integer.toString(message.bodyLength())));
        item.put("dryRun", AttributeValue.fromBool(message.dryRun()));
        item.put("caller", AttributeValue.fromS(message.caller()));
        item.put("createdAt", AttributeValue.fromS(message.createdAt().toString()));
        item.put("updatedAt", AttributeValue.fromS(message.updatedAt().toString()));
        message.providerMessageId().ifPresent(id -> item.put("providerMessageId", AttributeValue.fromS(id)));
        message.failure().ifPresent(failure -> {
            item.put("errorCode", AttributeValue.fromS(failure.code().name()));
            item.put("errorMessage", AttributeValue.fromS(failure.message()));
        });
        message.conversation().ifPresent(conversation -> item.putAll(conversationSummary(conversation)));
        item.put(DELETE_AFTER, epochSeconds(message.createdAt().plus(retention)));
        return item;
    }

    private static MessageRecord messageRecord(Map<String, AttributeValue> item) {
        var failure = Optional.ofNullable(item.get("errorCode")).map(code -> new MessageRecord.Failure(
                ErrorCode.valueOf(code.s()), item.get("errorMessage").s()));
        return new MessageRecord(
                item.get("messageId").s(),
                item.get("to").s(),
                MessageType.valueOf(item.get("type").s()),
                MessageStatus.valueOf(item.get("status").s()),
                SmsEncoding.valueOf(item.get("encoding").s()),
                Integer.parseInt(item.get("segments").n()),
                Integer.parseInt(item.get("bodyLength").n()),
                item.get("dryRun").bool(),
                item.get("caller").s(),
                Instant.parse(item.get("createdAt").s()),
                Instant.parse(item.get("updatedAt").s()),
                Optional.ofNullable(item.get("providerMessageId")).map(AttributeValue::s),
                failure,
                conversationSummary(item));
    }

    private Map<String, AttributeValue> claimItem(IdempotencyClaim claim, String messageId) {
        var item = new HashMap<>(claimKey(claim));
        item.put("fingerprint", AttributeValue.fromS(claim.payloadFingerprint()));
        item.put("messageId", AttributeValue.fromS(messageId));
        item.put("state", AttributeValue.fromS(IN_PROGRESS));
        item.put("expiresAt", epochSeconds(claim.expiresAt()));
        item.put(DELETE_AFTER, epochSeconds(claim.expiresAt()));
        return item;
    }

    private static Map<String, AttributeValue> receiptAttributes(SendReceipt receipt) {
        var attributes = new HashMap<String, AttributeValue>();
        attributes.put("to", AttributeValue.fromS(receipt.to()));
        attributes.put("status", AttributeValue.fromS(receipt.status().name()));
        attributes.put("encoding", AttributeValue.fromS(receipt.encoding().name()));
        attributes.put("segments", AttributeValue.fromN(Integer.toString(receipt.segments())));
        receipt.conversation().ifPresent(conversation -> attributes.putAll(conversationSummary(conversation)));
        return attributes;
    }

    private static SendReceipt receipt(Map<String, AttributeValue> item) {
        return new SendReceipt(
                item.get("messageId").s(),
                item.get("to").s(),
                MessageStatus.valueOf(item.get("status").s()),
                SmsEncoding.valueOf(item.get("encoding").s()),
                Integer.parseInt(item.get("segments").n()),
                conversationSummary(item));
    }

    /** The conversation a message opened, as kept on the message and on its idempotency outcome. */
    private static Map<String, AttributeValue> conversationSummary(Conversation conversation) {
        var attributes = new HashMap<String, AttributeValue>();
        attributes.put("conversationId", AttributeValue.fromS(conversation.conversationId()));
        attributes.put("conversationKeywords", AttributeValue.fromSs(conversation.keywords()));
        attributes.put("conversationCreatedAt", AttributeValue.fromS(conversation.createdAt().toString()));
        attributes.put("conversationExpiresAt", AttributeValue.fromS(conversation.expiresAt().toString()));
        conversation.reference().ifPresent(reference ->
                attributes.put("conversationReference", AttributeValue.fromS(reference)));
        return attributes;
    }

    private static Optional<Conversation> conversationSummary(Map<String, AttributeValue> item) {
        if (!item.containsKey("conversationId")) {
            return Optional.empty();
        }
        return Optional.of(new Conversation(
                item.get("conversationId").s(),
                item.get("to").s(),
                item.get("messageId").s(),
                item.get("conversationKeywords").ss(),
                Optional.ofNullable(item.get("conversationReference")).map(AttributeValue::s),
                Instant.parse(item.get("conversationCreatedAt").s()),
                Instant.parse(item.get("conversationExpiresAt").s())));
    }

    private Map<String, AttributeValue> conversationItem(Conversation conversation) {
        var item = new HashMap<String, AttributeValue>();
        item.put("pk", AttributeValue.fromS("RECIPIENT#" + conversation.phoneNumber()));
        item.put("sk", AttributeValue.fromS("CONVERSATION#" + conversation.createdAt() + "#" + conversation.conversationId()));
        item.put("conversationId", AttributeValue.fromS(conversation.conversationId()));
        item.put("phoneNumber", AttributeValue.fromS(conversation.phoneNumber()));
        item.put("messageId", AttributeValue.fromS(conversation.messageId()));
        item.put("keywords", AttributeValue.fromSs(conversation.keywords()));
        conversation.reference().ifPresent(reference -> item.put("reference", AttributeValue.fromS(reference)));
        item.put("state", AttributeValue.fromS("OPEN"));
        item.put("createdAt", AttributeValue.fromS(conversation.createdAt().toString()));
        item.put("expiresAt", AttributeValue.fromS(conversation.expiresAt().toString()));
        item.put(DELETE_AFTER, epochSeconds(conversation.expiresAt().plus(retention)));
        return item;
    }

    private static Map<String, AttributeValue> messageKey(String messageId) {
        return Map.of("pk", AttributeValue.fromS("MESSAGE#" + messageId), "sk", AttributeValue.fromS("MESSAGE"));
    }

    private static Map<String, AttributeValue> claimKey(IdempotencyClaim claim) {
        return Map.of("pk", AttributeValue.fromS("IDEMPOTENCY#" + claim.keyHash()), "sk", AttributeValue.fromS("IDEMPOTENCY"));
    }

    private static Map<String, AttributeValue> recipientKey(String phoneNumber) {
        return Map.of("pk", AttributeValue.fromS("RECIPIENT#" + phoneNumber), "sk", AttributeValue.fromS("STATE"));
    }

    private static AttributeValue epochSeconds(Instant instant) {
        return AttributeValue.fromN(Long.toString(instant.getEpochSecond()));
    }

    private TransactWriteItem put(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build();
    }

    private void write(List<TransactWriteItem> writes) {
        if (writes.size() == 1 && writes.get(0).put() != null) {
            storage(() -> dynamo.putItem(p -> p.tableName(table).item(writes.get(0).put().item())));
        } else {
            storage(() -> dynamo.transactWriteItems(t -> t.transactItems(writes)));
        }
    }

    private static <T> T storage(Supplier<T> call) {
        try {
            return call.get();
        } catch (TransactionCanceledException e) {
            throw e;
        } catch (SdkException e) {
            throw storageUnavailable(e);
        }
    }

    private static KotaeException storageUnavailable(SdkException e) {
        return KotaeException.retryLater(ErrorCode.STORAGE_UNAVAILABLE,
                "Kotae's message store is unavailable; retry shortly.", Duration.ofSeconds(1), e);
    }
}
