package dev.kotae.store;

import dev.kotae.LocalStandIns;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The number's pace on DynamoDB Local: senders racing for it each get their own time, one after another. */
class DynamoPaceTest {

    private static final Instant NOW = Instant.parse("2026-11-28T09:00:00Z");

    private final LocalStandIns standIns = LocalStandIns.start();
    private final String table = standIns.newTable();

    @Test
    void sendersRacingForTheNumberGetTimesThatNeverOverlap() throws Exception {
        var pace = new DynamoPace(standIns.dynamo, table, "phone-1", 10);
        var tasks = new ArrayList<Callable<Instant>>();
        for (int i = 0; i < 8; i++) {
            tasks.add(() -> pace.reserve(5, NOW, Duration.ofMinutes(1)).orElseThrow());
        }

        var starts = new ArrayList<Instant>();
        var pool = Executors.newFixedThreadPool(4);
        try {
            for (Future<Instant> start : pool.invokeAll(tasks)) {
                starts.add(start.get());
            }
        } finally {
            pool.shutdown();
        }

        // Five parts at ten a second take half a second each: eight reservations fill four seconds, back to back.
        starts.sort(Comparator.naturalOrder());
        var expected = new ArrayList<Instant>();
        for (int i = 0; i < 8; i++) {
            expected.add(NOW.plusMillis(500L * i));
        }
        assertThat(starts).isEqualTo(expected);
    }

    @Test
    void aNumberBookedBeyondTheWaitIsNotReserved() {
        var pace = new DynamoPace(standIns.dynamo, table, "phone-2", 1);
        pace.reserve(30, NOW, Duration.ofMinutes(1));

        var booked = pace.reserve(1, NOW, Duration.ofSeconds(20));
        var later = pace.reserve(1, NOW.plusSeconds(15), Duration.ofSeconds(20));

        assertThat(booked).as("free only in 30 s").isEmpty();
        assertThat(later).contains(NOW.plusSeconds(30));
    }

    @Test
    void aPauseHoldsEveryReservationUntilItEnds() {
        var pace = new DynamoPace(standIns.dynamo, table, "phone-3", 10);
        pace.reserve(1, NOW, Duration.ofMinutes(1));

        pace.pauseUntil(NOW.plusSeconds(1));
        pace.pauseUntil(NOW.plusMillis(500));

        assertThat(pace.reserve(1, NOW, Duration.ofMinutes(1))).as("an earlier pause shortens nothing")
                .contains(NOW.plusSeconds(1));
    }

    @Test
    void eachNumberHasItsOwnPace() {
        var first = new DynamoPace(standIns.dynamo, table, "phone-4", 1);
        var second = new DynamoPace(standIns.dynamo, table, "phone-5", 1);
        first.reserve(10, NOW, Duration.ofMinutes(1));

        assertThat(second.reserve(1, NOW, Duration.ofMinutes(1))).contains(NOW);
        assertThat(first.reserve(1, NOW, Duration.ofMinutes(1))).contains(NOW.plusSeconds(10));
    }
}
