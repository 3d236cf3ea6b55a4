package dev.kotae.store;

import dev.kotae.batches.entity.Batch;
import dev.kotae.batches.entity.BatchStatus;
import dev.kotae.batches.entity.RejectedEntry;
import dev.kotae.shared.entity.ErrorCode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A batch's items: {@code BATCH#{batchId} / BATCH} says who sent it, where it stands and its size;
 * {@code BATCH#{batchId} / REJECTED#{n}} hold the entries refused when it was read, up to
 * {@value #REJECTED_PER_ITEM} each (a thousand refusals would not fit one item's 400 KB). Each valid
 * entry has its own message item, under the id {@link dev.kotae.batches.entity.BatchEntry#messageId}
 * derives. Kept as long as message records.
 */
final class BatchItems {

    static final String PARTITION_PREFIX = "BATCH#";
    static final String SORT_KEY = "BATCH";
    static final String REJECTED_PREFIX = "REJECTED#";
    static final int REJECTED_PER_ITEM = 100;
    static final Map<String, String> STATUS_NAME = Map.of("#status", "status");
    /** The sender's check, in the transaction that takes an entry: the batch exists and was not canceled. */
    static final String NOT_CANCELED = TableLayout.EXISTS + " AND #status <> :canceled";
    static final Map<String, AttributeValue> NOT_CANCELED_VALUES = Map.of(":canceled",
            AttributeValue.fromS(BatchStatus.CANCELED.name()));
    /** Moves the batch to {@code :status} at {@code :at}, from {@code :from} only. */
    static final String MOVE = "SET #status = :status, updatedAt = :at";
    static final String MOVE_FROM = "#status = :from";
    /** A batch is canceled once: from whatever it stood at, but canceled. */
    static final String NOT_CANCELED_YET = "#status <> :from";

    private BatchItems() {
    }

    static Map<String, AttributeValue> key(String batchId) {
        return TableLayout.key(PARTITION_PREFIX + batchId, SORT_KEY);
    }

    static Map<String, AttributeValue> item(Batch batch, Duration retention) {
        var item = new HashMap<>(key(batch.batchId()));
        item.put("batchId", AttributeValue.fromS(batch.batchId()));
        item.put("caller", AttributeValue.fromS(batch.caller()));
        item.put("status", AttributeValue.fromS(batch.status().name()));
        item.put("createdAt", AttributeValue.fromS(batch.createdAt().toString()));
        item.put("updatedAt", AttributeValue.fromS(batch.updatedAt().toString()));
        item.put("size", AttributeValue.fromN(Integer.toString(batch.size())));
        item.put("parts", AttributeValue.fromN(Integer.toString(batch.parts())));
        item.put("fingerprint", AttributeValue.fromS(batch.fingerprint()));
        batch.sendAt().ifPresent(at -> item.put("sendAt", AttributeValue.fromS(at.toString())));
        item.put(TableLayout.DELETE_AFTER, TableLayout.epochSeconds(batch.createdAt().plus(retention)));
        return item;
    }

    /** The items holding the refused entries, written with the batch's own. */
    static List<Map<String, AttributeValue>> rejectedItems(Batch batch, Duration retention) {
        var items = new ArrayList<Map<String, AttributeValue>>();
        var rejected = batch.rejected();
        for (int start = 0; start < rejected.size(); start += REJECTED_PER_ITEM) {
            var item = new HashMap<>(TableLayout.key(PARTITION_PREFIX + batch.batchId(),
                    REJECTED_PREFIX + String.format("%04d", start / REJECTED_PER_ITEM)));
            item.put("entries", AttributeValue.fromL(rejected.subList(start, Math.min(rejected.size(),
                    start + REJECTED_PER_ITEM)).stream().map(BatchItems::rejected).toList()));
            item.put(TableLayout.DELETE_AFTER, TableLayout.epochSeconds(batch.createdAt().plus(retention)));
            items.add(item);
        }
        return items;
    }

    static AttributeValue partition(String batchId) {
        return AttributeValue.fromS(PARTITION_PREFIX + batchId);
    }

    /** The batch from its partition's items (in sort-key order: the batch's, then its refused entries'); empty when it has none. */
    static Optional<Batch> batch(List<Map<String, AttributeValue>> items) {
        var header = items.stream().filter(item -> TableLayout.sortKey(item).equals(SORT_KEY)).findFirst();
        var rejected = items.stream().filter(item -> TableLayout.sortKey(item).startsWith(REJECTED_PREFIX))
                .flatMap(item -> item.get("entries").l().stream()).map(BatchItems::rejected).toList();
        return header.map(item -> batch(item, rejected));
    }

    private static Batch batch(Map<String, AttributeValue> item, List<RejectedEntry> rejected) {
        return new Batch(
                item.get("batchId").s(),
                item.get("caller").s(),
                BatchStatus.valueOf(item.get("status").s()),
                Instant.parse(item.get("createdAt").s()),
                Instant.parse(item.get("updatedAt").s()),
                Integer.parseInt(item.get("size").n()),
                Integer.parseInt(item.get("parts").n()),
                rejected,
                item.get("fingerprint").s(),
                Optional.ofNullable(item.get("sendAt")).map(at -> Instant.parse(at.s())));
    }

    static Map<String, AttributeValue> move(BatchStatus from, BatchStatus to, Instant at) {
        return Map.of(":from", AttributeValue.fromS(from.name()), ":status", AttributeValue.fromS(to.name()),
                ":at", AttributeValue.fromS(at.toString()));
    }

    private static AttributeValue rejected(RejectedEntry entry) {
        var map = new HashMap<String, AttributeValue>();
        map.put("index", AttributeValue.fromN(Integer.toString(entry.index())));
        map.put("code", AttributeValue.fromS(entry.code().name()));
        map.put("message", AttributeValue.fromS(entry.message()));
        entry.field().ifPresent(field -> map.put("field", AttributeValue.fromS(field)));
        return AttributeValue.fromM(map);
    }

    private static RejectedEntry rejected(AttributeValue value) {
        var map = value.m();
        return new RejectedEntry(Integer.parseInt(map.get("index").n()), ErrorCode.valueOf(map.get("code").s()),
                map.get("message").s(), Optional.ofNullable(map.get("field")).map(AttributeValue::s));
    }
}
