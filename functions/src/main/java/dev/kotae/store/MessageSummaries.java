package dev.kotae.store;

import dev.kotae.messages.entity.DeliveryReport;
import dev.kotae.messages.entity.MessageView;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Many messages at once, each with its furthest delivery status but not its history: a batch's entries, a
 * person's sends. Two items a message ({@link MessageItems}, {@link DeliveryItems}'s current), read together
 * ({@link BatchReads}).
 */
final class MessageSummaries {

    private final DynamoDbClient dynamo;
    private final String table;

    MessageSummaries(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The messages found among {@code messageIds}, by id; one no longer in the table is absent. */
    Map<String, MessageView> read(Collection<String> messageIds) {
        var keys = new ArrayList<Map<String, AttributeValue>>();
        for (var messageId : messageIds) {
            keys.add(MessageItems.key(messageId));
            keys.add(DeliveryItems.currentKey(messageId));
        }
        var records = new HashMap<String, Map<String, AttributeValue>>();
        var deliveries = new HashMap<String, DeliveryReport.Step>();
        for (var item : BatchReads.read(dynamo, table, keys)) {
            var sortKey = TableLayout.sortKey(item);
            if (sortKey.equals(MessageItems.SORT_KEY)) {
                records.put(item.get("messageId").s(), item);
            } else if (DeliveryItems.isCurrent(sortKey)) {
                deliveries.put(item.get(TableLayout.PARTITION_KEY).s().substring(MessageItems.PARTITION_PREFIX.length()),
                        DeliveryItems.read(item));
            }
        }
        var views = new HashMap<String, MessageView>();
        records.forEach((messageId, item) -> views.put(messageId, new MessageView(MessageItems.record(item),
                new DeliveryReport(Optional.ofNullable(deliveries.get(messageId)), List.of()))));
        return views;
    }
}
