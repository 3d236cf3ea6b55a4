package dev.kotae.store;

import dev.kotae.messages.control.IdempotencyClaim;
import dev.kotae.messages.entity.MessageRecord;
import dev.kotae.messages.entity.MessageStatus;
import dev.kotae.messages.entity.SendReceipt;
import dev.kotae.sms.SmsEncoding;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A caller's idempotency key ({@code IDEMPOTENCY#{sha256(caller, key)} / IDEMPOTENCY}): claimed
 * {@code IN_PROGRESS} with the send's admission, then {@code COMPLETED} with the outcome every retry
 * is answered with, kept until the key expires (24 hours).
 */
final class IdempotencyItems {

    static final String PARTITION_PREFIX = "IDEMPOTENCY#";
    static final String SORT_KEY = "IDEMPOTENCY";
    /** A claim's expiry as an attribute the conditions compare: an expired key is free before the TTL sweep. */
    static final String EXPIRES_AT = "expiresAt";
    /** The message an expression compares a claim against, so that only its own claim is released. */
    static final String MESSAGE_ID = "messageId";
    private static final String IN_PROGRESS = "IN_PROGRESS";
    private static final String COMPLETED = "COMPLETED";

    private IdempotencyItems() {
    }

    /** A claim as stored: whose payload, which message, and how far its first attempt got. */
    record StoredClaim(String fingerprint, String messageId, boolean inProgress, Optional<Instant> claimedAt,
                       Optional<KotaeException> error, Optional<SendReceipt> receipt) {
    }

    static Map<String, AttributeValue> key(IdempotencyClaim claim) {
        return TableLayout.key(PARTITION_PREFIX + claim.keyHash(), SORT_KEY);
    }

    /** The claim a send takes before it calls End User Messaging; {@code claimedAt} dates the first attempt. */
    static Map<String, AttributeValue> inProgress(IdempotencyClaim claim, MessageRecord accepted) {
        var item = claim(claim, accepted.messageId(), IN_PROGRESS);
        item.put("claimedAt", AttributeValue.fromS(accepted.createdAt().toString()));
        return item;
    }

    static Map<String, AttributeValue> completed(IdempotencyClaim claim, SendReceipt receipt) {
        var item = claim(claim, receipt.messageId(), COMPLETED);
        item.put("to", AttributeValue.fromS(receipt.to()));
        item.put("status", AttributeValue.fromS(receipt.status().name()));
        item.put("encoding", AttributeValue.fromS(receipt.encoding().name()));
        item.put("segments", AttributeValue.fromN(Integer.toString(receipt.segments())));
        receipt.conversation().ifPresent(conversation -> item.putAll(MessageItems.conversationSummary(conversation)));
        receipt.sendAt().ifPresent(at -> item.put("sendAt", AttributeValue.fromS(at.toString())));
        receipt.heldFor().ifPresent(reason -> item.put("heldFor", AttributeValue.fromS(reason.name())));
        return item;
    }

    static Map<String, AttributeValue> completed(IdempotencyClaim claim, String messageId, KotaeException kept) {
        var item = claim(claim, messageId, COMPLETED);
        item.put("errorCode", AttributeValue.fromS(kept.code().name()));
        item.put("errorMessage", AttributeValue.fromS(kept.getMessage()));
        return item;
    }

    static StoredClaim stored(Map<String, AttributeValue> item) {
        var error = Optional.ofNullable(item.get("errorCode")).map(code ->
                new KotaeException(ErrorCode.valueOf(code.s()), item.get("errorMessage").s()));
        var inProgress = IN_PROGRESS.equals(item.get("state").s());
        return new StoredClaim(
                item.get("fingerprint").s(),
                item.get(MESSAGE_ID).s(),
                inProgress,
                Optional.ofNullable(item.get("claimedAt")).map(at -> Instant.parse(at.s())),
                error,
                inProgress || error.isPresent() ? Optional.empty() : Optional.of(receipt(item)));
    }

    private static Map<String, AttributeValue> claim(IdempotencyClaim claim, String messageId, String state) {
        var item = new HashMap<>(key(claim));
        item.put("fingerprint", AttributeValue.fromS(claim.payloadFingerprint()));
        item.put(MESSAGE_ID, AttributeValue.fromS(messageId));
        item.put("state", AttributeValue.fromS(state));
        item.put(EXPIRES_AT, TableLayout.epochSeconds(claim.expiresAt()));
        item.put(TableLayout.DELETE_AFTER, TableLayout.epochSeconds(claim.expiresAt()));
        return item;
    }

    private static SendReceipt receipt(Map<String, AttributeValue> item) {
        return new SendReceipt(
                item.get(MESSAGE_ID).s(),
                item.get("to").s(),
                MessageStatus.valueOf(item.get("status").s()),
                SmsEncoding.valueOf(item.get("encoding").s()),
                Integer.parseInt(item.get("segments").n()),
                MessageItems.conversationSummary(item),
                Optional.ofNullable(item.get("sendAt")).map(at -> Instant.parse(at.s())),
                Optional.ofNullable(item.get("heldFor")).map(reason -> SendReceipt.HoldReason.valueOf(reason.s())));
    }
}
