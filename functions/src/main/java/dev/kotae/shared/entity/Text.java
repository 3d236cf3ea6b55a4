package dev.kotae.shared.entity;

/** What a person would say about a piece of text: whether it is text at all, and whether it shows anything. */
public final class Text {

    private Text() {
    }

    /** Well-formed UTF-16: every surrogate is half of a pair. A lone one cannot be sent, stored or shown. */
    public static boolean isWellFormed(String text) {
        for (var i = 0; i < text.length(); i++) {
            var unit = text.charAt(i);
            if (Character.isHighSurrogate(unit)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(unit)) {
                return false;
            }
        }
        return true;
    }

    /** {@code text} with every lone surrogate replaced by U+FFFD, so it can be written as UTF-8. */
    public static String wellFormed(String text) {
        if (isWellFormed(text)) {
            return text;
        }
        var repaired = new StringBuilder(text.length());
        for (var i = 0; i < text.length(); i++) {
            var unit = text.charAt(i);
            if (Character.isHighSurrogate(unit) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                repaired.append(unit).append(text.charAt(++i));
            } else {
                repaired.append(Character.isSurrogate(unit) ? '\uFFFD' : unit);
            }
        }
        return repaired.toString();
    }

    /**
     * {@code text} cut to at most {@code max} UTF-16 units, ending in "…" when cut, never between the
     * two halves of a surrogate pair; well-formed either way.
     */
    public static String shortened(String text, int max) {
        if (text.length() <= max) {
            return wellFormed(text);
        }
        var end = max - 1;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return wellFormed(text.substring(0, end)) + "…";
    }

    /**
     * Blank to a person: nothing but white space (including no-break and ideographic spaces) and
     * characters that render as nothing (zero-width spaces and joiners, word joiners, byte-order
     * marks, other format and control characters, fillers and variation selectors).
     */
    public static boolean isBlankToAPerson(String text) {
        return text.codePoints().allMatch(Text::isInvisible);
    }

    private static boolean isInvisible(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.FORMAT, Character.CONTROL -> true;
            default -> Character.isWhitespace(codePoint) || isDefaultIgnorable(codePoint);
        };
    }

    /** Unicode's default-ignorable code points that are not format characters: they draw nothing either. */
    private static boolean isDefaultIgnorable(int codePoint) {
        return codePoint == 0x034F                                   // combining grapheme joiner
                || codePoint == 0x2800                               // braille pattern blank
                || codePoint == 0x17B4 || codePoint == 0x17B5       // Khmer inherent vowels
                || codePoint == 0x115F || codePoint == 0x1160       // Hangul choseong and jungseong fillers
                || codePoint == 0x3164 || codePoint == 0xFFA0       // Hangul fillers
                || (codePoint >= 0x180B && codePoint <= 0x180F)     // Mongolian free variation selectors, vowel separator
                || (codePoint >= 0xFE00 && codePoint <= 0xFE0F)     // variation selectors
                || (codePoint >= 0xE0100 && codePoint <= 0xE01EF);  // variation selectors supplement
    }
}
