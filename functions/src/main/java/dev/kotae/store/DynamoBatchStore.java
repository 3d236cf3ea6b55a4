package dev.kotae.store;

import dev.kotae.batches.control.BatchStore;
import dev.kotae.batches.entity.Batch;
import dev.kotae.batches.entity.BatchEntry;
import dev.kotae.batches.entity.BatchStatus;
import dev.kotae.messages.control.QuotaUse;
import dev.kotae.messages.entity.MessageView;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link BatchStore} on the table: {@link BatchItems}, and the entries' {@link MessageItems} and {@link DeliveryItems}. */
public final class DynamoBatchStore implements BatchStore {

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;
    private final MessageSummaries summaries;

    private static final String BATCH = "the batch";
    private static final String QUOTA = "the caller's count for the day";

    public DynamoBatchStore(DynamoDbClient dynamo, String table, Duration retention) {
        this.dynamo = dynamo;
        this.summaries = new MessageSummaries(dynamo, table);
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
        for (var index : batch.acceptedIndexes()) {
            indexOf.put(BatchEntry.messageId(batch.batchId(), index), index);
        }
        var entries = new HashMap<Integer, MessageView>();
        summaries.read(indexOf.keySet()).forEach((messageId, view) -> entries.put(indexOf.get(messageId), view));
        return entries;
    }
}
