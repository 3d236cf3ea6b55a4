package dev.kotae.store;

import dev.kotae.platform.encoding.Hashing;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.Map;

/**
 * The sending number's pace ({@code PACE#{sha256(identity)} / PACE}): {@code nextFreeAt}, in epoch
 * milliseconds, is when the number is free after every reservation made so far. One item per number,
 * written once per reservation of up to ten entries, so its writes grow with the rate divided by ten.
 */
final class PaceItems {

    static final String PARTITION_PREFIX = "PACE#";
    static final String SORT_KEY = "PACE";
    static final String NEXT_FREE_AT = "nextFreeAt";
    /** Reserves from an idle number: nothing reserved, or all of it in the past. */
    static final String IDLE = "attribute_not_exists(" + NEXT_FREE_AT + ") OR " + NEXT_FREE_AT + " <= :now";
    /** Reserves after the reservations seen, if no other sender reserved since. */
    static final String UNCHANGED = NEXT_FREE_AT + " = :seen";
    static final String PAUSE = "attribute_not_exists(" + NEXT_FREE_AT + ") OR " + NEXT_FREE_AT + " < :until";
    static final String MOVE = "SET " + NEXT_FREE_AT + " = :next, " + TableLayout.DELETE_AFTER + " = :deleteAfter";

    private PaceItems() {
    }

    static Map<String, AttributeValue> key(String originationIdentity) {
        return TableLayout.key(PARTITION_PREFIX + Hashing.sha256Hex(originationIdentity), SORT_KEY);
    }

    static AttributeValue millis(Instant at) {
        return AttributeValue.fromN(Long.toString(at.toEpochMilli()));
    }

    static Instant nextFreeAt(Map<String, AttributeValue> item) {
        return Instant.ofEpochMilli(Long.parseLong(item.get(NEXT_FREE_AT).n()));
    }

    /** Kept a day after the number was last reserved: an idle number's item goes. */
    static AttributeValue deleteAfter(Instant next) {
        return TableLayout.epochSeconds(next.plusSeconds(86_400));
    }
}
