package dev.kotae.messages.control;

import dev.kotae.conversations.control.KeywordBooks;
import dev.kotae.messages.entity.ScheduledSend;
import dev.kotae.shared.entity.PhoneNumbers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a schedule holds is read back, by the parser that read the booking, as the request that was booked. */
class ScheduledSendPayloadTest {

    private static final Instant BOOKED_AT = Instant.parse("2026-11-28T00:00:00Z");
    private static final SendRequestCodec PARSER = new SendRequestCodec(PhoneNumbers.withDefaultCountry("JP"),
            KeywordBooks.reserved(Optional.empty()), Optional.empty(), Clock.fixed(BOOKED_AT, ZoneOffset.UTC));

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"to\": \"090-1234-5678\", \"body\": \"Reminder\", \"sendAt\": \"2026-12-05T09:00:00+09:00\"}",
            "{\"to\": \"+819012345678\", \"body\": \"明日10:00 はい\", \"type\": \"PROMOTIONAL\", \"timeToLiveSeconds\": 600,"
                    + " \"maxPricePerPart\": \"0.05\", \"context\": {\"b\": \"2\", \"a\": \"1\"}, \"dryRun\": true,"
                    + " \"expectReply\": {\"keywords\": [\"confirm\", \"はい\"], \"ttlSeconds\": 3600, \"reference\": \"appt-1\"},"
                    + " \"sendAt\": \"2026-12-05T00:00:00Z\"}",
            "{\"to\": \"+819012345678\", \"body\": \"x\", \"expectReply\": {\"keywords\": [\"YES\"]},"
                    + " \"sendAt\": \"2027-11-28T00:00:00Z\"}"})
    void theBookedRequestComesBackAsBooked(String body) {
        var booked = PARSER.parse(body);
        var send = new ScheduledSend("0b9a3c1e-2f4d-4e6a-8b7c-9d0e1f2a3b4c", "arn:aws:iam::123456789012:role/app",
                BOOKED_AT, booked);

        var due = ScheduledSendPayload.read(ScheduledSendPayload.write(send));

        assertThat(due.messageId()).isEqualTo(send.messageId());
        assertThat(due.caller()).isEqualTo(send.caller());
        assertThat(due.bookedAt()).isEqualTo(BOOKED_AT);
        assertThat(PARSER.parse(due.request()).scheduledFor(due.sendAt())).isEqualTo(booked);
    }

    /** Booked before the ceiling was named per part, sent after: the stored request keeps its ceiling. */
    @Test
    void aRequestStoredWithTheCeilingsEarlierNameKeepsIt() {
        var input = "{\"messageId\": \"m-1\", \"caller\": \"arn:aws:iam::123456789012:role/app\","
                + " \"bookedAt\": \"2026-11-28T00:00:00Z\", \"sendAt\": \"2026-12-05T00:00:00Z\","
                + " \"request\": {\"to\": \"+819012345678\", \"body\": \"x\", \"maxPrice\": \"0.07\"}}";

        var request = PARSER.parse(ScheduledSendPayload.read(input).request());

        assertThat(request.maxPricePerPart()).contains("0.07");
    }

    @Test
    void anInputKotaeDidNotWriteIsRefused() {
        assertThatThrownBy(() -> ScheduledSendPayload.read("{\"messageId\": \"x\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("caller");
        assertThatThrownBy(() -> ScheduledSendPayload.read("not json")).isInstanceOf(IllegalArgumentException.class);
    }
}
