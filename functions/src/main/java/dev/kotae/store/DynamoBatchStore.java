package dev.kotae.store;

import dev.kotae.batches.control.BatchStore;
import dev.kotae.batches.entity.Batch;
import dev.kotae.batches.entity.BatchEntry;
import dev.kotae.batches.entity.BatchStatus;
import dev.kotae.messages.control.QuotaUse;
import dev.kotae.messages.entity.DeliveryReport;
import dev.kotae.messages.entity.MessageView;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link BatchStore} on the table: {@link BatchItems}, and the entries' {@link MessageItems} and {@link DeliveryItems}. */
public final class DynamoBatchStore implements BatchStore {

    /** BatchGetItem's most keys per call (Amazon DynamoDB API Reference, BatchGetItem). */
    private static final int KEYS_PER_READ = 100;
    private static final int READ_ATTEMPTS = 8;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;

    private static final String BATCH = "the batch";
    private static final String QUOTA = "the caller's count for the day";

    public DynamoBatchStore(DynamoDbClient dynamo, String table, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
    }

    @Override
    public Creation create(Batch batch, Optional<QuotaUse> quota) {
        var creation = new Transaction(table)
                .put(BATCH, p -> p.item(BatchItems.item(batch, retention)).conditionExpression(TableLayout.IS_NEW));
        var rejected = BatchItems.rejectedItems(batch, retention);
        for (int i = 0; i < rejected.size(); i++) {
            creation.put("rejected entry " + i, rejected.get(i));
        }
        quota.ifPresent(use -> creation.update(QUOTA, u -> u.key(CallerQuotaItems.key(use))
                .updateExpression(CallerQuotaItems.COUNT)
                .conditionExpression(CallerQuotaItems.ROOM_LEFT)
                .expressionAttributeValues(CallerQuotaItems.values(use))));
        try {
            creation.write(dynamo);
            return new Creation.Created();
        } catch (Transaction.Cancelled cancelled) {
            if (cancelled.failed(BATCH)) {
                return find(batch.batchId()).<Creation>map(Creation.Exists::new).orElseThrow(cancelled::unavailable);
            }
            if (cancelled.failed(QUOTA)) {
                return new Creation.CallerQuotaExceeded();
            }
            throw cancelled.unavailable();
        }
    }

    @Override
    public boolean markHeld(String batchId, BatchStatus held, Instant at) {
        return move(batchId, BatchItems.MOVE_FROM, BatchStatus.ACCEPTING, held, at);
    }

    @Override
    public boolean cancel(String batchId, Instant at) {
        return move(batchId, BatchItems.NOT_CANCELED_YET, BatchStatus.CANCELED, BatchStatus.CANCELED, at);
    }

    private boolean move(String batchId, String condition, BatchStatus from, BatchStatus to, Instant at) {
        try {
            Storage.call(() -> dynamo.updateItem(u -> u.tableName(table).key(BatchItems.key(batchId))
                    .updateExpression(BatchItems.MOVE)
                    .conditionExpression(condition)
                    .expressionAttributeNames(BatchItems.STATUS_NAME)
                    .expressionAttributeValues(BatchItems.move(from, to, at))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Optional<Batch> find(String batchId) {
        var items = new ArrayList<Map<String, AttributeValue>>();
        Storage.call(() -> dynamo.queryPaginator(q -> q.tableName(table).consistentRead(true)
                .keyConditionExpression(TableLayout.IN_PARTITION)
                .expressionAttributeValues(Map.of(":pk", BatchItems.partition(batchId)))).items().stream()
                .toList()).forEach(items::add);
        return BatchItems.batch(items);
    }

    @Override
    public Map<Integer, MessageView> entries(Batch batch) {
        var indexOf = new HashMap<String, Integer>();
        var keys = new ArrayList<Map<String, AttributeValue>>();
        for (var index : batch.acceptedIndexes()) {
            var messageId = BatchEntry.messageId(batch.batchId(), index);
            indexOf.put(messageId, index);
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
        var entries = new HashMap<Integer, MessageView>();
        records.forEach((messageId, item) -> entries.put(indexOf.get(messageId), new MessageView(MessageItems.record(item),
                new DeliveryReport(Optional.ofNullable(deliveries.get(messageId)), List.of()))));
        return entries;
    }

    /** One BatchGetItem's keys, asking again for what DynamoDB left unprocessed (it may, under load). */
    private List<Map<String, AttributeValue>> read(List<Map<String, AttributeValue>> keys) {
        var found = new ArrayList<Map<String, AttributeValue>>();
        // Consistent, as the batch's own read: an entry sent a moment ago must not count as waiting (or canceled).
        Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys)
                .consistentRead(true).build());
        for (int attempt = 1; !request.isEmpty(); attempt++) {
            if (attempt > READ_ATTEMPTS) {
                throw Storage.unavailable(software.amazon.awssdk.core.exception.SdkClientException.create(
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
            throw new IllegalStateException("interrupted while reading a batch's entries", interrupted);
        }
    }
}
