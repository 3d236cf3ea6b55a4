package dev.kotae.store;

import dev.kotae.messages.entity.Conversation;
import dev.kotae.messages.entity.MessageRecord;
import dev.kotae.messages.entity.MessageStatus;
import dev.kotae.messages.entity.MessageType;
import dev.kotae.sms.SmsEncoding;
import dev.kotae.shared.entity.ErrorCode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A message's audit item ({@code MESSAGE#{messageId} / MESSAGE}) and its mapping: written by the
 * send path and, for automatic answers, by the inbound path's transaction.
 */
final class MessageItems {

    static final String PARTITION_PREFIX = "MESSAGE#";
    static final String SORT_KEY = "MESSAGE";
    /** Sets the provider's id once, given as {@link #providerId}: an automatic answer learns it from its first delivery event. */
    static final String LEARN_PROVIDER_ID = "SET providerMessageId = if_not_exists(providerMessageId, :providerMessageId)";
    private static final String SEND_AT = "sendAt";
    /** A scheduled message's status moves only while it is still waiting: a firing, a cancel or a refusal, once. */
    static final String STILL_SCHEDULED = "#status = :scheduled";
    /**
     * A firing acts only while the message still waits for the time it fired for ({@code :sendAt}): a late firing
     * of a schedule whose message was held again for the night finds it moved on, and neither sends nor fails it.
     */
    static final String STILL_SCHEDULED_FOR = STILL_SCHEDULED + " AND " + SEND_AT + " = :sendAt";
    /** Moves a message to {@code :status} at {@code :at}, dropping any earlier attempt's failure. */
    static final String MOVE = "SET #status = :status, updatedAt = :at REMOVE errorCode, errorMessage";
    /** Moves a message to FAILED at {@code :at}, with why. */
    static final String FAIL = "SET #status = :status, updatedAt = :at, errorCode = :code, errorMessage = :message";
    /** Moves a scheduled message's time to {@code :heldUntil} at {@code :at}, its status kept, an earlier try's failure dropped. */
    static final String RESCHEDULE = "SET " + SEND_AT + " = :heldUntil, updatedAt = :at REMOVE errorCode, errorMessage";
    static final Map<String, String> STATUS_NAME = Map.of("#status", "status");
    /** A batch entry's record may be written while it has none, or waits on the queue again after a throttle. */
    static final String NEW_OR_QUEUED = TableLayout.IS_NEW + " OR #status = :queued";
    static final Map<String, AttributeValue> QUEUED_VALUES = Map.of(":queued",
            AttributeValue.fromS(MessageStatus.QUEUED.name()));

    private MessageItems() {
    }

    /** The whole item for {@code message}, kept {@code retention} after it was created. */
    static Map<String, AttributeValue> item(MessageRecord message, Duration retention) {
        var item = new HashMap<>(key(message.messageId()));
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
        message.sendAt().ifPresent(at -> item.put(SEND_AT, AttributeValue.fromS(at.toString())));
        message.providerMessageId().ifPresent(id -> item.put("providerMessageId", AttributeValue.fromS(id)));
        message.failure().ifPresent(failure -> {
            item.put("errorCode", AttributeValue.fromS(failure.code().name()));
            item.put("errorMessage", AttributeValue.fromS(failure.message()));
        });
        message.conversation().ifPresent(conversation -> item.putAll(conversationSummary(conversation)));
        item.put(TableLayout.DELETE_AFTER, TableLayout.epochSeconds(message.keptUntil(retention)));
        return item;
    }

    /**
     * An automatic answer is recorded ACCEPTED in the inbound transaction and not written again when
     * End User Messaging takes it; its first delivery event adds the provider's id. ACCEPTED with
     * that id therefore reads as SENT.
     */
    static MessageRecord record(Map<String, AttributeValue> item) {
        var failure = Optional.ofNullable(item.get("errorCode")).map(code -> new MessageRecord.Failure(
                ErrorCode.valueOf(code.s()), item.get("errorMessage").s()));
        return new MessageRecord(
                item.get("messageId").s(),
                item.get("to").s(),
                MessageType.valueOf(item.get("type").s()),
                status(item),
                SmsEncoding.valueOf(item.get("encoding").s()),
                Integer.parseInt(item.get("segments").n()),
                Integer.parseInt(item.get("bodyLength").n()),
                item.get("dryRun").bool(),
                item.get("caller").s(),
                Instant.parse(item.get("createdAt").s()),
                Instant.parse(item.get("updatedAt").s()),
                Optional.ofNullable(item.get(SEND_AT)).map(at -> Instant.parse(at.s())),
                Optional.ofNullable(item.get("providerMessageId")).map(AttributeValue::s),
                failure,
                conversationSummary(item));
    }

    private static MessageStatus status(Map<String, AttributeValue> item) {
        var status = MessageStatus.valueOf(item.get("status").s());
        return status == MessageStatus.ACCEPTED && item.containsKey("providerMessageId") ? MessageStatus.SENT : status;
    }

    /** The conversation a message opened, as kept on the message and on its idempotency outcome. */
    static Map<String, AttributeValue> conversationSummary(Conversation conversation) {
        var attributes = new HashMap<String, AttributeValue>();
        attributes.put("conversationId", AttributeValue.fromS(conversation.conversationId()));
        // A list, not a string set: sets have no order, and a replayed answer must match the first.
        attributes.put("conversationKeywords", AttributeValue.fromL(conversation.keywords().stream()
                .map(AttributeValue::fromS).toList()));
        attributes.put("conversationCreatedAt", AttributeValue.fromS(conversation.createdAt().toString()));
        attributes.put("conversationExpiresAt", AttributeValue.fromS(conversation.expiresAt().toString()));
        conversation.reference().ifPresent(reference ->
                attributes.put("conversationReference", AttributeValue.fromS(reference)));
        return attributes;
    }

    static Optional<Conversation> conversationSummary(Map<String, AttributeValue> item) {
        if (!item.containsKey("conversationId")) {
            return Optional.empty();
        }
        return Optional.of(new Conversation(
                item.get("conversationId").s(),
                item.get("to").s(),
                item.get("messageId").s(),
                item.get("conversationKeywords").l().stream().map(AttributeValue::s).toList(),
                Optional.ofNullable(item.get("conversationReference")).map(AttributeValue::s),
                Instant.parse(item.get("conversationCreatedAt").s()),
                Instant.parse(item.get("conversationExpiresAt").s())));
    }

    /** The values of {@link #MOVE} with {@link #STILL_SCHEDULED}. */
    static Map<String, AttributeValue> move(MessageStatus to, Instant at) {
        return Map.of(":status", AttributeValue.fromS(to.name()), ":at", AttributeValue.fromS(at.toString()),
                ":scheduled", AttributeValue.fromS(MessageStatus.SCHEDULED.name()));
    }

    /** The values of {@link #RESCHEDULE} with {@link #STILL_SCHEDULED_FOR} {@code firedFor}. */
    static Map<String, AttributeValue> reschedule(Instant firedFor, Instant heldUntil, Instant at) {
        return firedFor(firedFor, Map.of(":heldUntil", AttributeValue.fromS(heldUntil.toString()),
                ":at", AttributeValue.fromS(at.toString()), ":scheduled", AttributeValue.fromS(MessageStatus.SCHEDULED.name())));
    }

    /** {@code values} with the time a firing was for, as {@link #STILL_SCHEDULED_FOR} asks. */
    static Map<String, AttributeValue> firedFor(Instant sendAt, Map<String, AttributeValue> values) {
        var withTime = new HashMap<>(values);
        withTime.put(":sendAt", AttributeValue.fromS(sendAt.toString()));
        return withTime;
    }

    /** The values of {@link #FAIL} with {@link #STILL_SCHEDULED}. */
    static Map<String, AttributeValue> fail(MessageRecord.Failure why, Instant at) {
        var values = new HashMap<>(move(MessageStatus.FAILED, at));
        values.put(":code", AttributeValue.fromS(why.code().name()));
        values.put(":message", AttributeValue.fromS(why.message()));
        return values;
    }

    static Map<String, AttributeValue> providerId(String providerMessageId) {
        return Map.of(":providerMessageId", AttributeValue.fromS(providerMessageId));
    }

    static AttributeValue partition(String messageId) {
        return AttributeValue.fromS(PARTITION_PREFIX + messageId);
    }

    static Map<String, AttributeValue> key(String messageId) {
        return TableLayout.key(PARTITION_PREFIX + messageId, SORT_KEY);
    }
}
