package dev.kotae.infra;

import dev.kotae.settings.MessageTableKeys;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * Kotae's single table: messages, idempotency keys, opt-outs and conversations, keyed so that no
 * partition is hot (one per message, key or recipient). On-demand capacity follows traffic;
 * point-in-time recovery and RETAIN protect the audit trail and the opt-out list; a rotating
 * customer-managed key encrypts it, so reading it takes a grant on the key too.
 */
public final class MessageTable extends Construct {

    private final Table table;

    public MessageTable(Construct scope, String id) {
        super(scope, id);
        table = Table.Builder.create(this, "Table")
                .partitionKey(Attribute.builder().name(MessageTableKeys.PARTITION_KEY).type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name(MessageTableKeys.SORT_KEY).type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute(MessageTableKeys.TIME_TO_LIVE)
                // New items, for the event relay: a decision's events leave from its committed record.
                .stream(StreamViewType.NEW_IMAGE)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .encryption(TableEncryption.CUSTOMER_MANAGED)
                .encryptionKey(Key.Builder.create(this, "Key")
                        .description("Kotae: encrypts the messages table")
                        .enableKeyRotation(true)
                        .removalPolicy(RemovalPolicy.RETAIN)
                        .build())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    public ITable table() {
        return table;
    }
}
