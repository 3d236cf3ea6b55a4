package dev.kotae.store;

import dev.kotae.messages.entity.MessageRecord;
import dev.kotae.platform.encoding.Hashing;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A person's send, listed under them ({@code SENDER#{sha256(principal)} / SENT#{createdAt}#{messageId}}) in the
 * transaction that records the message, so the send page can show them their own, newest first. The item holds
 * only the message's id: the message item stays the one owner of its status. Kept as long as the message.
 */
final class SenderItems {

    static final String PARTITION_PREFIX = "SENDER#";
    static final String SORT_PREFIX = "SENT#";
    static final String MESSAGE_ID = "messageId";

    private SenderItems() {
    }

    static Map<String, AttributeValue> item(MessageRecord message, Duration retention) {
        var item = new HashMap<>(TableLayout.key(partitionOf(message.caller()),
                SORT_PREFIX + TableLayout.sortable(message.createdAt()) + "#" + message.messageId()));
        item.put(MESSAGE_ID, AttributeValue.fromS(message.messageId()));
        item.put(TableLayout.DELETE_AFTER, TableLayout.epochSeconds(message.keptUntil(retention)));
        return item;
    }

    static AttributeValue partition(String principal) {
        return AttributeValue.fromS(partitionOf(principal));
    }

    private static String partitionOf(String principal) {
        return PARTITION_PREFIX + Hashing.sha256Hex(principal);
    }
}
