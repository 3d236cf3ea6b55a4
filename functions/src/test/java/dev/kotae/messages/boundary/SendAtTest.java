package dev.kotae.messages.boundary;

import dev.kotae.messages.control.SendRequestCodec;
import dev.kotae.conversations.control.KeywordBooks;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;
import dev.kotae.shared.entity.PhoneNumbers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code sendAt}, judged against a fixed now: 2026-11-28T00:00:00Z. */
class SendAtTest {

    private static final SendRequestCodec PARSER = new SendRequestCodec(PhoneNumbers.withDefaultCountry("JP"),
            KeywordBooks.reserved(Optional.empty()), Optional.empty(),
            Clock.fixed(Instant.parse("2026-11-28T00:00:00Z"), ZoneOffset.UTC));

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "2026-12-05T09:00:00+09:00, 2026-12-05T00:00:00Z",
            "2026-12-05T00:00:00Z, 2026-12-05T00:00:00Z",
            "2026-12-05t00:00:00z, 2026-12-05T00:00:00Z",
            "2026-12-04T19:00:00-05:00, 2026-12-05T00:00:00Z",
            "2026-12-05T00:00:00.000Z, 2026-12-05T00:00:00Z",
            // The edges: a minute ahead, and 365 days.
            "2026-11-28T00:01:00Z, 2026-11-28T00:01:00Z",
            "2027-11-28T00:00:00Z, 2027-11-28T00:00:00Z"})
    void aDateTimeWithAnOffsetIsOneInstant(String sendAt, String instant) {
        assertThat(parse(sendAt).sendAt()).contains(Instant.parse(instant));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "2026-12-05T09:00:00",          // no offset: whose nine o'clock?
            "2026-12-05",                   // a date is not a time
            "2026-12-05 09:00:00+09:00",    // RFC 3339 allows the space; ISO 8601 readers do not all do
            "2026-12-05T09:00+09:00",       // seconds are required
            "2026-12-05T09:00:00+0900",     // the offset has its colon
            "2026-02-30T09:00:00Z",         // no such day
            "2026-12-05T09:00:00.5Z",       // schedules fire to the second
            "2026-11-28T00:00:59Z",         // under a minute ahead
            "2026-11-27T00:00:00Z",         // the past
            "2027-11-28T00:00:01Z",         // over 365 days ahead
            "tomorrow"})
    void anythingElseIsRefusedWithItsOwnCode(String sendAt) {
        assertThatThrownBy(() -> parse(sendAt))
                .isInstanceOfSatisfying(KotaeException.class, refused -> {
                    assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_SEND_AT);
                    assertThat(refused.field()).contains("sendAt");
                });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1795000000", "true", "[]"})
    void aSendAtThatIsNotAStringIsRefused(String json) {
        assertThatThrownBy(() -> PARSER.parse("{\"to\": \"+819012345678\", \"body\": \"hi\", \"sendAt\": " + json + "}"))
                .isInstanceOfSatisfying(KotaeException.class,
                        refused -> assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_SEND_AT));
    }

    private static dev.kotae.messages.entity.SendRequest parse(String sendAt) {
        return PARSER.parse("{\"to\": \"+819012345678\", \"body\": \"hi\", \"sendAt\": \"" + sendAt + "\"}");
    }
}
