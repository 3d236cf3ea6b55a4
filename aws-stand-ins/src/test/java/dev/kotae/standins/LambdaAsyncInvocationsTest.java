package dev.kotae.standins;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LambdaAsyncInvocationsTest {

    private static final String FUNCTION = "arn:aws:lambda:ap-northeast-1:000000000000:function:send:live";
    private static final Instant AT = Instant.parse("2026-12-05T00:00:00Z");

    @Test
    void aFailedEventIsRetriedAMinuteAndThenTwoMinutesLaterThenGoesToTheFailures() {
        var invocations = new LambdaAsyncInvocations(Duration.ofHours(1));
        var runs = new ArrayList<Instant>();
        invocations.register(FUNCTION, event -> {
            throw new IllegalStateException("throttled");
        });
        invocations.invoke(FUNCTION, "{}", AT);

        for (var due = invocations.nextDueAt(); due.isPresent(); due = invocations.nextDueAt()) {
            runs.add(due.get());
            invocations.runDue(due.get());
        }

        assertThat(runs).containsExactly(AT, AT.plus(Duration.ofMinutes(1)), AT.plus(Duration.ofMinutes(3)));
        assertThat(invocations.failures()).singleElement().satisfies(failure -> assertThat(failure.attempts()).isEqualTo(3));
    }

    /** With a data directory, an event accepted and not yet run is run after a restart, at its time. */
    @Test
    void anEventWaitingInADataDirectoryRunsAfterARestart(@TempDir Path data) {
        var before = new LambdaAsyncInvocations(Duration.ofHours(1), Optional.of(data));
        before.register(FUNCTION, event -> { });
        before.invoke(FUNCTION, "{\"kept\": true}", AT);

        var restarted = new LambdaAsyncInvocations(Duration.ofHours(1), Optional.of(data));
        var received = new ArrayList<String>();
        restarted.register(FUNCTION, received::add);

        assertThat(restarted.nextDueAt()).hasValue(AT);
        restarted.runDue(AT);
        assertThat(received).containsExactly("{\"kept\": true}");
        assertThat(new LambdaAsyncInvocations(Duration.ofHours(1), Optional.of(data)).nextDueAt()).isEmpty();
    }
}
