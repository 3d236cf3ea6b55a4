package dev.kotae.sms;

/**
 * How an SMS body travels and how many parts it costs. GSM-7 packs 160 characters into one
 * segment (153 per part when split, the rest being the concatenation header); anything outside
 * the GSM 03.38 alphabet, Japanese included, forces UCS-2: 70 UTF-16 units, 67 per part.
 */
public enum SmsEncoding {
    GSM7(160, 153),
    UCS2(70, 67);

    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** Characters reached through the escape code: each costs two septets. */
    private static final String GSM_EXTENSION = "\f^{}\\[~]|€";

    private final int singleSegmentUnits;
    private final int unitsPerPart;

    SmsEncoding(int singleSegmentUnits, int unitsPerPart) {
        this.singleSegmentUnits = singleSegmentUnits;
        this.unitsPerPart = unitsPerPart;
    }

    /** The cheapest encoding that can carry {@code body}. */
    public static SmsEncoding of(String body) {
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (GSM_BASIC.indexOf(c) < 0 && GSM_EXTENSION.indexOf(c) < 0) {
                return UCS2;
            }
        }
        return GSM7;
    }

    /** Segments {@code body} costs in this encoding; a character's units are never split across parts. */
    public int segments(String body) {
        int total = 0;
        for (int i = 0; i < body.length(); i++) {
            total += units(body, i);
        }
        if (total <= singleSegmentUnits) {
            return 1;
        }
        int parts = 1;
        int filled = 0;
        for (int i = 0; i < body.length(); i++) {
            int units = units(body, i);
            if (filled + units > unitsPerPart) {
                parts++;
                filled = 0;
            }
            filled += units;
        }
        return parts;
    }

    /** Units at {@code index}; the low half of a surrogate pair is counted with its high half. */
    private int units(String body, int index) {
        char c = body.charAt(index);
        if (this == GSM7) {
            return GSM_EXTENSION.indexOf(c) >= 0 ? 2 : 1;
        }
        if (Character.isLowSurrogate(c) && index > 0 && Character.isHighSurrogate(body.charAt(index - 1))) {
            return 0;
        }
        return Character.isHighSurrogate(c) && index + 1 < body.length() ? 2 : 1;
    }
}
