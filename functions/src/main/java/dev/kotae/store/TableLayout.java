package dev.kotae.store;

import dev.kotae.settings.MessageTableKeys;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

/**
 * The table's key and TTL attributes, as the stack and the stand-in table define them
 * ({@link MessageTableKeys}). Which items the table holds, and what each carries:
 * {@code docs/data-model.md}, one class per item kind in this package.
 */
public final class TableLayout {

    public static final String PARTITION_KEY = MessageTableKeys.PARTITION_KEY;
    public static final String SORT_KEY = MessageTableKeys.SORT_KEY;
    /** Epoch seconds; DynamoDB deletes expired items late, so no logic relies on the sweep. */
    public static final String DELETE_AFTER = MessageTableKeys.TIME_TO_LIVE;

    /** A put's condition that the item is new: nothing at its key yet. */
    static final String IS_NEW = "attribute_not_exists(" + PARTITION_KEY + ")";
    /** An update's condition that the item exists. */
    static final String EXISTS = "attribute_exists(" + PARTITION_KEY + ")";
    /** A query's key condition: one partition, {@code :pk}. */
    static final String IN_PARTITION = PARTITION_KEY + " = :pk";

    private TableLayout() {
    }

    public static Map<String, AttributeValue> key(String partition, String sort) {
        return Map.of(PARTITION_KEY, AttributeValue.fromS(partition), SORT_KEY, AttributeValue.fromS(sort));
    }

    /**
     * The phone number whose opt-out state and conversations live in the partition {@code partitionKey}, if
     * it is a recipient's: what a reader of the table's stream needs to tell whose state changed.
     */
    public static Optional<String> recipientOf(String partitionKey) {
        return RecipientItems.phoneNumberOf(partitionKey);
    }

    public static String sortKey(Map<String, AttributeValue> item) {
        return item.get(SORT_KEY).s();
    }

    /**
     * A time for a sort key, its fraction always written to the nanosecond so that keys order as the times do:
     * {@link Instant}'s own text drops trailing zeros, and {@code ...:33Z} would sort after {@code ...:33.5Z}.
     */
    static String sortable(Instant instant) {
        return SORTABLE.format(instant);
    }

    private static final DateTimeFormatter SORTABLE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    public static AttributeValue epochSeconds(Instant instant) {
        return AttributeValue.fromN(Long.toString(instant.getEpochSecond()));
    }
}
