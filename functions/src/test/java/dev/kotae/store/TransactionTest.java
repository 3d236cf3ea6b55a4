package dev.kotae.store;

import dev.kotae.LocalStandIns;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A cancelled transaction read by its items' names, against DynamoDB Local. */
class TransactionTest {

    private final LocalStandIns standIns = LocalStandIns.start();
    private final String table = standIns.newTable();

    @Test
    void aCancelledTransactionSaysWhichNamedItemFailedAndNothingOfItemsNeverAdded() {
        var item = Map.of("pk", AttributeValue.fromS("p#1"), "sk", AttributeValue.fromS("s"));
        new Transaction(table).put("first", item).write(standIns.dynamo);

        var cancelled = catchCancelled(new Transaction(table)
                .put("other", Map.of("pk", AttributeValue.fromS("p#2"), "sk", AttributeValue.fromS("s")))
                .put("again", p -> p.item(item).conditionExpression(TableLayout.IS_NEW)));

        assertThat(cancelled.failed("again")).isTrue();
        assertThat(cancelled.failed("other")).isFalse();
        assertThat(cancelled.failed("never added")).isFalse();
        assertThat(cancelled.conflicted("never added")).isFalse();
        assertThat(cancelled.reason("again").code()).isEqualTo("ConditionalCheckFailed");
    }

    @Test
    void eachItemIsNamedOnce() {
        var item = Map.of("pk", AttributeValue.fromS("p#1"), "sk", AttributeValue.fromS("s"));

        assertThatThrownBy(() -> new Transaction(table).put("item", item).put("item", item))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item");
    }

    private Transaction.Cancelled catchCancelled(Transaction transaction) {
        try {
            transaction.write(standIns.dynamo);
        } catch (Transaction.Cancelled cancelled) {
            return cancelled;
        }
        throw new AssertionError("the transaction was not cancelled");
    }
}
