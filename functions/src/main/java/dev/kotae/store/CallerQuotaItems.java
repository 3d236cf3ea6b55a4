package dev.kotae.store;

import dev.kotae.messages.control.QuotaUse;
import dev.kotae.platform.encoding.Hashing;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.ZoneOffset;
import java.util.Map;

/**
 * A caller's count for one UTC day ({@code CALLER#{sha256(principal)} / DAY#{date}}): raised in the
 * transaction that records each message (or batch), on condition that it is under the caller's limit, so a
 * refused send writes nothing and costs no extra call. Kept two days after its day.
 */
final class CallerQuotaItems {

    static final String PARTITION_PREFIX = "CALLER#";
    static final String SORT_PREFIX = "DAY#";
    static final String COUNT = "SET sent = if_not_exists(sent, :zero) + :count, " + TableLayout.DELETE_AFTER
            + " = :deleteAfter";
    /** Room for the count: a day not counted yet has a whole limit's room, which a use never exceeds ({@link QuotaUse#fitsADay}). */
    static final String ROOM_LEFT = "attribute_not_exists(sent) OR sent <= :room";

    private CallerQuotaItems() {
    }

    static Map<String, AttributeValue> key(QuotaUse use) {
        return TableLayout.key(PARTITION_PREFIX + Hashing.sha256Hex(use.principal()), SORT_PREFIX + use.day());
    }

    static Map<String, AttributeValue> values(QuotaUse use) {
        return Map.of(
                ":zero", AttributeValue.fromN("0"),
                ":count", AttributeValue.fromN(Integer.toString(use.count())),
                ":room", AttributeValue.fromN(Integer.toString(use.limit() - use.count())),
                ":deleteAfter", TableLayout.epochSeconds(use.day().plusDays(3).atStartOfDay().toInstant(ZoneOffset.UTC)));
    }
}
