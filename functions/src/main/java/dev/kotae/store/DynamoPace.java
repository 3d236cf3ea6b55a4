package dev.kotae.store;

import dev.kotae.batches.control.Pace;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * {@link Pace} on the table: one conditional write per reservation, taking the number's next free
 * time from the write that failed when another sender reserved first (DynamoDB returns the item that
 * failed a condition when asked to: Amazon DynamoDB API Reference, UpdateItem,
 * ReturnValuesOnConditionCheckFailure).
 */
public final class DynamoPace implements Pace {

    /** Senders racing for the same number: each failed write tells the loser where to start next. */
    private static final int ATTEMPTS = 20;

    private final DynamoDbClient dynamo;
    private final String table;
    private final String originationIdentity;
    private final int partsPerSecond;

    public DynamoPace(DynamoDbClient dynamo, String table, String originationIdentity, int partsPerSecond) {
        this.dynamo = dynamo;
        this.table = table;
        this.originationIdentity = originationIdentity;
        this.partsPerSecond = partsPerSecond;
    }

    @Override
    public Optional<Instant> reserve(int parts, Instant now, Duration within) {
        var length = Duration.ofMillis((parts * 1000L + partsPerSecond - 1) / partsPerSecond);
        Optional<Instant> seen = Optional.empty();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            var start = seen.filter(at -> at.isAfter(now)).orElse(now);
            if (start.isAfter(now.plus(within))) {
                return Optional.empty();
            }
            var next = start.plus(length);
            var condition = seen.isPresent() ? PaceItems.UNCHANGED : PaceItems.IDLE;
            var values = seen.isPresent()
                    ? Map.of(":seen", PaceItems.millis(seen.get()), ":next", PaceItems.millis(next),
                            ":deleteAfter", PaceItems.deleteAfter(next))
                    : Map.of(":now", PaceItems.millis(now), ":next", PaceItems.millis(next),
                            ":deleteAfter", PaceItems.deleteAfter(next));
            try {
                Storage.call(() -> dynamo.updateItem(u -> u.tableName(table).key(PaceItems.key(originationIdentity))
                        .updateExpression(PaceItems.MOVE)
                        .conditionExpression(condition)
                        .expressionAttributeValues(values)
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
                return Optional.of(start);
            } catch (ConditionalCheckFailedException e) {
                seen = Optional.of(e.hasItem() ? PaceItems.nextFreeAt(e.item()) : now);
            }
        }
        // So many senders reserve at once that this one never won: it tries again later, as if booked.
        return Optional.empty();
    }

    @Override
    public void pauseUntil(Instant until) {
        try {
            Storage.call(() -> dynamo.updateItem(u -> u.tableName(table).key(PaceItems.key(originationIdentity))
                    .updateExpression(PaceItems.MOVE)
                    .conditionExpression(PaceItems.PAUSE)
                    .expressionAttributeValues(Map.of(":until", PaceItems.millis(until), ":next",
                            PaceItems.millis(until), ":deleteAfter", PaceItems.deleteAfter(until)))));
        } catch (ConditionalCheckFailedException e) {
            // Reserved beyond it already: the pause is in effect.
        }
    }

    @Override
    public int partsPerSecond() {
        return partsPerSecond;
    }
}
