package dev.kotae.sandbox;

import dev.kotae.conversations.entity.RecipientSnapshot;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Each number's opt-out state and conversations as the console last read them from the table, read again
 * only after a write to the number's partition: a page open beside a batch to a thousand numbers reads each
 * once, not a thousand items a second.
 */
final class RecipientCache {

    private final Function<String, RecipientSnapshot> reader;
    private final Map<String, RecipientSnapshot> read = new ConcurrentHashMap<>();
    private final Set<String> written = ConcurrentHashMap.newKeySet();

    /** @param reader the table's answer for a number: {@code ConversationStore::read} */
    RecipientCache(Function<String, RecipientSnapshot> reader) {
        this.reader = reader;
    }

    /** Something was written to the number's partition: the next look reads it again. */
    void written(String phoneNumber) {
        written.add(phoneNumber);
    }

    RecipientSnapshot get(String phoneNumber) {
        // The mark goes before the read: a write that lands during the read marks the number again.
        var stale = written.remove(phoneNumber);
        var cached = read.get(phoneNumber);
        if (cached != null && !stale) {
            return cached;
        }
        var fresh = reader.apply(phoneNumber);
        read.put(phoneNumber, fresh);
        return fresh;
    }
}
