package dev.kotae.shared.entity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Text as a person and UTF-8 see it; {@code \\uD83D} and the like are lone surrogates, written escaped here. */
class TextTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            hello                    | hello                    | true
            😀 smile                 | 😀 smile                 | true
            \\uD83D                  | \\uFFFD                  | false
            a\\uDE00b                | a\\uFFFDb                | false
            \\uD83D\\uD83D\\uDE00    | \\uFFFD😀                | false
            end\\uD83D               | end\\uFFFD               | false
            """)
    void loneSurrogatesAreReplacedAndPairsKept(String escaped, String expected, boolean wellFormed) {
        var text = unescape(escaped);

        assertThat(Text.isWellFormed(text)).isEqualTo(wellFormed);
        assertThat(Text.wellFormed(text)).isEqualTo(unescape(expected));
        assertThat(Text.isWellFormed(Text.wellFormed(text))).isTrue();
    }

    @ParameterizedTest(name = "\"{0}\" cut to {1} → \"{2}\"")
    @CsvSource(delimiter = '|', textBlock = """
            hello        | 5 | hello
            hello!       | 5 | hell…
            ab😀cd       | 4 | ab…
            ab😀cd       | 5 | ab😀…
            """)
    void shortenedTextNeverSplitsAPairAndEndsInAnEllipsisWhenCut(String text, int max, String expected) {
        assertThat(Text.shortened(text, max)).isEqualTo(expected).hasSizeLessThanOrEqualTo(max);
    }

    /** {@code \\uXXXX} in the table's text, as the code unit. */
    private static String unescape(String escaped) {
        var text = new StringBuilder();
        for (var i = 0; i < escaped.length(); i++) {
            if (escaped.startsWith("\\u", i)) {
                text.append((char) Integer.parseInt(escaped.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                text.append(escaped.charAt(i));
            }
        }
        return text.toString();
    }
}
