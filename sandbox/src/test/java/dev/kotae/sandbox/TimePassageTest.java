package dev.kotae.sandbox;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The order of an advance: each due time in turn, the clock at it, its work done before the clock moves on. */
class TimePassageTest {

    private static final Duration MOMENT = Duration.ofSeconds(1);

    private final SandboxClock clock = new SandboxClock();
    private final DueAt work = new DueAt();
    private final TimePassage time = new TimePassage(clock, work, new NoOutcomes(), Duration.ofMillis(10));

    @Test
    void eachDueTimeOnTheWayFiresWithTheClockAtItAndNoneBeyondTheEnd() throws Exception {
        var start = clock.instant();
        work.due("first", start.plus(Duration.ofHours(1)));
        work.due("second", start.plus(Duration.ofHours(3)));
        work.due("later", start.plus(Duration.ofHours(5)));

        var passage = time.advance(Duration.ofHours(4));

        assertThat(work.firings).extracting(Firing::name).containsExactly("first", "second");
        assertThat(work.firings.get(0).at()).isBetween(start.plus(Duration.ofHours(1)), start.plus(Duration.ofHours(1)).plus(MOMENT));
        assertThat(work.firings.get(1).at()).isBetween(start.plus(Duration.ofHours(3)), start.plus(Duration.ofHours(3)).plus(MOMENT));
        assertThat(passage.schedulesFired()).isEqualTo(2);
        assertThat(passage.reached()).isTrue();
        assertThat(clock.ahead()).isEqualTo(Duration.ofHours(4));
        assertThat(work.settled).isEqualTo(3);
    }

    @Test
    void workStillUnderWayAtADueTimeStopsTheClockThere() throws Exception {
        var start = clock.instant();
        work.due("batch", start.plus(Duration.ofHours(1)));
        work.due("after", start.plus(Duration.ofHours(2)));
        work.busyAfterFiring = Optional.of("1800 message(s) on kotae-local-batches");

        var passage = time.advance(Duration.ofHours(4));

        assertThat(passage.reached()).isFalse();
        assertThat(passage.stillUnderWay()).hasValue("1800 message(s) on kotae-local-batches");
        assertThat(passage.now()).isBetween(start.plus(Duration.ofHours(1)), start.plus(Duration.ofHours(1)).plus(MOMENT));
        assertThat(work.firings).extracting(Firing::name).containsExactly("batch");
    }

    @Test
    void timeNeverGoesBack() {
        assertThatThrownBy(() -> time.advance(Duration.ofHours(-1))).isInstanceOf(ControlError.class)
                .hasMessageContaining("never goes back");
        assertThatThrownBy(() -> time.advance(Duration.ZERO)).isInstanceOf(ControlError.class);
        assertThat(clock.ahead()).isZero();
    }

    @Test
    void aDueTimeThatFiringLeavesDueIsReportedNotLoopedOn() {
        work.due("stuck", clock.instant().plus(Duration.ofMinutes(5)));
        work.stuck = true;

        assertThatThrownBy(() -> time.advance(Duration.ofHours(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("left it due");
    }

    /** The ticker and an advance take turns: nothing fires while an advance waits for what it set going. */
    @Test
    void theTickersTurnWaitsForAnAdvanceToFinish() throws Exception {
        work.due("reminder", clock.instant().plus(Duration.ofMinutes(5)));
        var settling = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        work.onSettle = () -> {
            settling.countDown();
            release.await(10, TimeUnit.SECONDS);
        };
        var advance = new Thread(() -> {
            try {
                time.advance(Duration.ofHours(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        advance.start();
        assertThat(settling.await(10, TimeUnit.SECONDS)).isTrue();
        var tick = new Thread(time::runDue);
        tick.start();

        tick.join(200);
        assertThat(tick.isAlive()).as("the ticker's turn waits").isTrue();
        release.countDown();
        advance.join(10_000);
        tick.join(10_000);
        assertThat(tick.isAlive()).isFalse();
    }

    private record Firing(String name, Instant at) {
    }

    /** Schedules by due time; firing one records the clock's time then. */
    private static final class DueAt implements TimePassage.Work {
        final TreeMap<Instant, String> schedules = new TreeMap<>();
        final List<Firing> firings = new ArrayList<>();
        Optional<String> busyAfterFiring = Optional.empty();
        boolean stuck;
        int settled;
        Interruptible onSettle = () -> { };

        void due(String name, Instant at) {
            schedules.put(at, name);
        }

        @Override
        public synchronized Optional<Instant> nextDueAt() {
            return schedules.isEmpty() ? Optional.empty() : Optional.of(schedules.firstKey());
        }

        @Override
        public synchronized List<String> runDue(Instant now) {
            var fired = new ArrayList<String>();
            var due = schedules.headMap(now, true);
            due.values().forEach(name -> {
                fired.add(name);
                firings.add(new Firing(name, now));
            });
            if (!stuck) {
                due.clear();
            }
            return fired;
        }

        @Override
        public Optional<String> settle(Duration limit) throws InterruptedException {
            onSettle.run();
            settled++;
            return firings.isEmpty() ? Optional.empty() : busyAfterFiring;
        }
    }

    @FunctionalInterface
    private interface Interruptible {
        void run() throws InterruptedException;
    }

    private static final class NoOutcomes implements TimePassage.Outcomes {
        @Override
        public int accepted() {
            return 0;
        }

        @Override
        public int failed(List<String> messageIds, Instant at) {
            return 0;
        }

        @Override
        public int conversationsExpired(Instant from, Instant to) {
            return 0;
        }
    }
}
