package dev.kotae.sms;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SmsEncodingTest {

    @ParameterizedTest(name = "{0} x{1} -> {2}, {3} segment(s)")
    @CsvSource({
            // text, repeat, encoding, segments
            "a, 160, GSM7, 1",
            "a, 161, GSM7, 2",
            "a, 306, GSM7, 2",
            "a, 307, GSM7, 3",
            "€, 80, GSM7, 1",      // extension characters cost two septets
            "€, 81, GSM7, 2",
            "あ, 70, UCS2, 1",
            "あ, 71, UCS2, 2",
            "あ, 134, UCS2, 2",
            "あ, 135, UCS2, 3",
            "😀, 35, UCS2, 1",     // an emoji is two UTF-16 units
            "😀, 36, UCS2, 2",
    })
    void countsSegmentsAsCarriersBillThem(String text, int repeat, SmsEncoding encoding, int segments) {
        var body = text.repeat(repeat);

        assertThat(SmsEncoding.of(body)).isEqualTo(encoding);
        assertThat(encoding.segments(body)).isEqualTo(segments);
    }

    @ParameterizedTest
    @CsvSource({"Your code is 482913, GSM7", "Ça coûte 5€, UCS2", "Café @ 10:00 ~ £5, GSM7", "予約を確認, UCS2"})
    void picksTheCheapestEncodingThatCarriesTheText(String body, SmsEncoding encoding) {
        assertThat(SmsEncoding.of(body)).isEqualTo(encoding);
    }

    @ParameterizedTest
    @CsvSource({"151, 2", "152, 3"})
    void neverSplitsAnEscapedCharacterAcrossParts(int leadingCharacters, int segments) {
        // 306 septets either way; after 152 characters the euro's escape pair no longer fits in part one.
        var body = "a".repeat(leadingCharacters) + "€" + "a".repeat(304 - leadingCharacters);

        assertThat(SmsEncoding.GSM7.segments(body)).isEqualTo(segments);
    }
}
