package dev.kotae.sms;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * SendTextMessage's {@code MaxPrice}: "the maximum amount that you want to spend, in US dollars, per each
 * text message" (AWS End User Messaging SMS API Reference, SendTextMessage), written as at most two
 * digits, a point and one to five decimals. What a message costs is its parts times the destination's
 * price per part, so Kotae's ceilings are per part ({@code kotae:maxPricePerPart}, the API's
 * {@code maxPricePerPart}), and the service is sent the whole message's: parts times the ceiling per part.
 * Sent unscaled, a per-part ceiling would refuse every message of two parts or more at its own price.
 */
public final class MaxPrice {

    /** The service's pattern for MaxPrice, which Kotae's per-part ceilings are written in too. */
    public static final Pattern PATTERN = Pattern.compile("[0-9]{0,2}\\.[0-9]{1,5}");
    /** The highest MaxPrice the pattern allows. */
    public static final BigDecimal LARGEST = new BigDecimal("99.99999");
    /**
     * The most parts one message can take: 1,600 UTF-16 units of emoji, 800 surrogate pairs, which
     * {@link SmsEncoding#UCS2} packs 33 to a part, none split (GSM-7 at its worst, 1,600 two-septet
     * characters, takes 22).
     */
    public static final int MOST_PARTS = 25;
    /** The highest ceiling per part whose whole-message MaxPrice always fits {@link #LARGEST}. */
    public static final BigDecimal LARGEST_PER_PART = LARGEST.divide(BigDecimal.valueOf(MOST_PARTS), 5, RoundingMode.FLOOR);

    private MaxPrice() {
    }

    /** Whether {@code price} is a ceiling per part Kotae takes: the service's pattern, at most {@link #LARGEST_PER_PART}. */
    public static boolean isPerPartCeiling(String price) {
        return PATTERN.matcher(price).matches() && new BigDecimal(price).compareTo(LARGEST_PER_PART) <= 0;
    }

    /** The MaxPrice for a message of {@code parts} parts at {@code perPart} US dollars a part, as the service takes it. */
    public static String forMessage(BigDecimal perPart, int parts) {
        return perPart.multiply(BigDecimal.valueOf(parts)).setScale(Math.max(1, perPart.scale()), RoundingMode.UNNECESSARY)
                .toPlainString();
    }
}
