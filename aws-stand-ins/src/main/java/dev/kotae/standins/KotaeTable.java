package dev.kotae.standins;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The stack's table, for DynamoDB Local: pk/sk strings, on demand, TTL on {@code deleteAfter}, a
 * stream of new images (read by {@link TableStream}).
 */
public final class KotaeTable {

    private KotaeTable() {
    }

    /** Creates it unless it exists (a reused data directory keeps it). */
    public static void create(DynamoDbClient dynamo, String name) {
        try {
            dynamo.createTable(t -> t.tableName(name)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                            a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                    .keySchema(
                            k -> k.attributeName("pk").keyType(KeyType.HASH),
                            k -> k.attributeName("sk").keyType(KeyType.RANGE))
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)));
            dynamo.updateTimeToLive(t -> t.tableName(name)
                    .timeToLiveSpecification(s -> s.attributeName("deleteAfter").enabled(true)));
        } catch (ResourceInUseException e) {
            // Already there; a table kept from before the stream existed gets one.
            var stream = dynamo.describeTable(t -> t.tableName(name)).table().streamSpecification();
            if (stream == null || !Boolean.TRUE.equals(stream.streamEnabled())) {
                dynamo.updateTable(t -> t.tableName(name)
                        .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)));
            }
        }
    }
}
