package dev.kotae.standins;

import dev.kotae.settings.MessageTableKeys;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The stack's message table, for DynamoDB Local: the same key and TTL attributes ({@link MessageTableKeys}),
 * string keys, on demand, a stream of new images (read by {@link TableStream}).
 */
public final class MessageTable {

    private MessageTable() {
    }

    /** Creates it unless it exists (a reused data directory keeps it). */
    public static void create(DynamoDbClient dynamo, String name) {
        try {
            dynamo.createTable(t -> t.tableName(name)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            a -> a.attributeName(MessageTableKeys.PARTITION_KEY).attributeType(ScalarAttributeType.S),
                            a -> a.attributeName(MessageTableKeys.SORT_KEY).attributeType(ScalarAttributeType.S))
                    .keySchema(
                            k -> k.attributeName(MessageTableKeys.PARTITION_KEY).keyType(KeyType.HASH),
                            k -> k.attributeName(MessageTableKeys.SORT_KEY).keyType(KeyType.RANGE))
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)));
            dynamo.updateTimeToLive(t -> t.tableName(name)
                    .timeToLiveSpecification(s -> s.attributeName(MessageTableKeys.TIME_TO_LIVE).enabled(true)));
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
