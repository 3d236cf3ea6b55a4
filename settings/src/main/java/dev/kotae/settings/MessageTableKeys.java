package dev.kotae.settings;

/**
 * The message table's key and time-to-live attributes, named once for the three that define or read
 * them: the stack's table ({@code infra}'s {@code MessageTable}), the stand-ins' table for DynamoDB Local
 * ({@code standins.MessageTable}) and the functions' store ({@code store.TableLayout}, which says what
 * each item carries).
 */
public final class MessageTableKeys {

    public static final String PARTITION_KEY = "pk";
    public static final String SORT_KEY = "sk";
    /**
     * The TTL attribute, in epoch seconds. DynamoDB deletes expired items late, up to days (Developer
     * Guide, "Working with expired items and time to live"), so no logic relies on the sweep.
     */
    public static final String TIME_TO_LIVE = "deleteAfter";

    private MessageTableKeys() {
    }
}
