package dev.kotae.store;

import dev.kotae.messages.entity.DeliveryReport;
import dev.kotae.messages.entity.MessageView;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Many messages at once, each with its furthest delivery status but not its history: a batch's entries, a
 * person's sends. Two items a message ({@link MessageItems}, {@link DeliveryItems}'s current), read with
 * BatchGetItem, 100 keys a call (Amazon DynamoDB API Reference, BatchGetItem).
 */
final class MessageSummaries {

    private static final int KEYS_PER_READ = 100;
    private static final int READ_ATTEMPTS = 8;

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
        for (int start = 0; start < keys.size(); start += KEYS_PER_READ) {
            for (var item : read(keys.subList(start, Math.min(keys.size(), start + KEYS_PER_READ)))) {
                var sortKey = TableLayout.sortKey(item);
                if (sortKey.equals(MessageItems.SORT_KEY)) {
                    records.put(item.get("messageId").s(), item);
                } else if (DeliveryItems.isCurrent(sortKey)) {
                    deliveries.put(item.get(TableLayout.PARTITION_KEY).s().substring(MessageItems.PARTITION_PREFIX.length()),
                            DeliveryItems.read(item));
                }
            }
        }
        var views = new HashMap<String, MessageView>();
        records.forEach((messageId, item) -> views.put(messageId, new MessageView(MessageItems.record(item),
                new DeliveryReport(Optional.ofNullable(deliveries.get(messageId)), List.of()))));
        return views;
    }

    /** One BatchGetItem's keys, asking again for what DynamoDB left unprocessed (it may, under load). */
    private List<Map<String, AttributeValue>> read(List<Map<String, AttributeValue>> keys) {
        var found = new ArrayList<Map<String, AttributeValue>>();
        // Consistent: an entry sent a moment ago must not read as waiting (or canceled), nor a send just made as absent.
        Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys)
                .consistentRead(true).build());
        for (int attempt = 1; !request.isEmpty(); attempt++) {
            if (attempt > READ_ATTEMPTS) {
                throw Storage.unavailable(SdkClientException.create(
                        "DynamoDB left keys unprocessed " + READ_ATTEMPTS + " times"));
            }
            var pending = request;
            var response = Storage.call(() -> dynamo.batchGetItem(b -> b.requestItems(pending)));
            found.addAll(response.responses().getOrDefault(table, List.of()));
            request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            if (!request.isEmpty()) {
                pause(attempt);
            }
        }
        return found;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(20L << Math.min(attempt, 6));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading messages", interrupted);
        }
    }
}
