package dev.kotae.messages.entity;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** How long a record is kept: its retention counted from when the message went, or was to go. */
class MessageRecordTest {

    private static final Instant BOOKED = Instant.parse("2026-12-01T00:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(90);

    @Test
    void aMessageSentNowIsKeptForItsRetentionFromWhenItWasRecorded() {
        var sent = MessageRecord.accepted("m-1", SendRequest.of("+819012345678", "hi"), "caller", BOOKED);

        assertThat(sent.keptUntil(RETENTION)).isEqualTo(BOOKED.plus(RETENTION));
    }

    @Test
    void aScheduledMessageIsKeptForItsRetentionFromItsSendAt() {
        var sendAt = BOOKED.plus(Duration.ofDays(30));
        var booked = MessageRecord.accepted("m-2", SendRequest.of("+819012345678", "hi").scheduledFor(sendAt), "caller",
                BOOKED);

        assertThat(booked.keptUntil(RETENTION)).isEqualTo(sendAt.plus(RETENTION));
    }

    /** A sendAt not after the record (as a restored record may hold) counts from the record. */
    @Test
    void aSendAtBeforeTheRecordCountsFromTheRecord() {
        var booked = MessageRecord.accepted("m-3", SendRequest.of("+819012345678", "hi").scheduledFor(BOOKED.minusSeconds(1)),
                "caller", BOOKED);

        assertThat(booked.keptUntil(RETENTION)).isEqualTo(BOOKED.plus(RETENTION));
    }
}
