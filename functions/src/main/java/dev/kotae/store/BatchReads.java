package dev.kotae.store;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Many items by key, consistently: BatchGetItem, 100 keys a call (Amazon DynamoDB API Reference, BatchGetItem),
 * asking again for what DynamoDB left unprocessed (it may, under load). An item not in the table is absent.
 */
final class BatchReads {

    private static final int KEYS_PER_READ = 100;
    private static final int READ_ATTEMPTS = 8;

    private BatchReads() {
    }

    static List<Map<String, AttributeValue>> read(DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> keys) {
        var found = new ArrayList<Map<String, AttributeValue>>();
        for (int start = 0; start < keys.size(); start += KEYS_PER_READ) {
            found.addAll(readAtMostOneCall(dynamo, table, keys.subList(start, Math.min(keys.size(), start + KEYS_PER_READ))));
        }
        return found;
    }

    private static List<Map<String, AttributeValue>> readAtMostOneCall(DynamoDbClient dynamo, String table,
                                                                      List<Map<String, AttributeValue>> keys) {
        var found = new ArrayList<Map<String, AttributeValue>>();
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
            throw new IllegalStateException("interrupted while reading items", interrupted);
        }
    }
}
