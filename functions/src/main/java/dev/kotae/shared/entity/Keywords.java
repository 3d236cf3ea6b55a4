package dev.kotae.shared.entity;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a keyword is compared: Unicode NFKC (so full-width ＣＯＮＦＩＲＭ is CONFIRM), outer
 * punctuation, symbols and emoji dropped, inner whitespace collapsed, upper case.
 */
public final class Keywords {

    private static final Pattern OUTER_NOISE = Pattern.compile("^[\\p{P}\\p{S}\\p{Z}\\p{Cf}\\x{FE0E}\\x{FE0F}\\s]+|[\\p{P}\\p{S}\\p{Z}\\p{Cf}\\x{FE0E}\\x{FE0F}\\s]+$");
    private static final Pattern WHITESPACE = Pattern.compile("[\\p{Z}\\s]+");

    private Keywords() {
    }

    public static String normalise(String text) {
        var folded = Normalizer.normalize(text, Normalizer.Form.NFKC);
        var trimmed = OUTER_NOISE.matcher(folded).replaceAll("");
        return WHITESPACE.matcher(trimmed).replaceAll(" ").toUpperCase(Locale.ROOT);
    }
}
