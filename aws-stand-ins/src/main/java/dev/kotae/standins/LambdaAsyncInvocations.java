package dev.kotae.standins;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Lambda's asynchronous invocation, as EventBridge Scheduler uses it: an event accepted for a
 * function runs when {@link #runDue} is next called; an event whose function throws is tried
 * twice more, a minute and then two minutes later, and after that, or once older than the maximum
 * event age, goes to the on-failure destination (Lambda Developer Guide, "How Lambda handles errors
 * and retries with asynchronous invocation"; Kotae sets 2 retries and a one-hour maximum age).
 */
public final class LambdaAsyncInvocations {

    private static final int RETRIES = 2;
    private static final Duration FIRST_RETRY_AFTER = Duration.ofMinutes(1);

    private final Duration maximumEventAge;
    private final Map<String, Consumer<String>> functions = new HashMap<>();
    private final List<Pending> queue = new ArrayList<>();
    private final List<Failure> failures = new ArrayList<>();

    private final KeptItems<KeptEvent> keptEvents;
    private final KeptState<KeptFailures> keptFailures;

    /** In memory. */
    public LambdaAsyncInvocations(Duration maximumEventAge) {
        this(maximumEventAge, Optional.empty());
    }

    /**
     * Keeping the events waiting (and the failures) in {@code dataDirectory} when given, and starting with what
     * it kept there: an event accepted is run, or retried, after a restart too.
     */
    public LambdaAsyncInvocations(Duration maximumEventAge, Optional<Path> dataDirectory) {
        this.maximumEventAge = maximumEventAge;
        this.keptEvents = KeptItems.in(dataDirectory, "lambda-async-invocations", KeptEvent.class);
        this.keptFailures = KeptState.in(dataDirectory, "lambda-async-failures", KeptFailures.class);
        keptEvents.all().stream().map(Pending::from).sorted(java.util.Comparator.comparing(Pending::runAt))
                .forEach(queue::add);
        keptFailures.read().ifPresent(kept -> failures.addAll(kept.failures()));
    }

    /** A function, by every ARN it is invoked by (its alias's, say), taking its event's JSON. */
    public synchronized void register(String functionArn, Consumer<String> function) {
        functions.put(functionArn, function);
    }

    /**
     * Lambda's Invoke with InvocationType Event: accepted for later, or refused when no such function exists.
     *
     * @throws IllegalArgumentException as Lambda answers ResourceNotFoundException
     */
    public synchronized void invoke(String functionArn, String event, Instant at) {
        if (!functions.containsKey(functionArn)) {
            throw new IllegalArgumentException("ResourceNotFoundException: Function not found: " + functionArn);
        }
        accept(new Pending(UUID.randomUUID().toString(), functionArn, event, at, at, 0));
    }

    private void accept(Pending pending) {
        queue.add(pending);
        keptEvents.put(pending.id(), pending.kept());
    }

    /**
     * Runs every event due by {@code now}, oldest first; what they enqueue or retry waits for the next call. A
     * data directory forgets the events only once they have run: one stopped in the middle runs again.
     */
    public void runDue(Instant now) {
        List<Pending> due;
        synchronized (this) {
            due = queue.stream().filter(pending -> !pending.runAt().isAfter(now)).toList();
            queue.removeAll(due);
        }
        for (var pending : due) {
            run(pending, now);
            keptEvents.remove(pending.id());
        }
    }

    /** When the next event runs (accepted, or a retry): empty when none waits. */
    public synchronized Optional<Instant> nextDueAt() {
        return queue.stream().map(Pending::runAt).min(Instant::compareTo);
    }

    /** Events that failed every attempt, as the on-failure destination receives them. */
    public synchronized List<Failure> failures() {
        return List.copyOf(failures);
    }

    /** Forgets every event waiting and every failure, keeping the functions. */
    public synchronized void reset() {
        queue.forEach(pending -> keptEvents.remove(pending.id()));
        queue.clear();
        failures.clear();
        keptFailures.write(new KeptFailures(List.of()));
    }

    /** Events accepted and not yet run or retried. */
    public synchronized int pending() {
        return queue.size();
    }

    private void run(Pending pending, Instant now) {
        Consumer<String> function;
        synchronized (this) {
            function = functions.get(pending.functionArn());
        }
        try {
            function.accept(pending.event());
        } catch (RuntimeException error) {
            synchronized (this) {
                var retryAt = now.plus(FIRST_RETRY_AFTER.multipliedBy(1L << pending.attempt()));
                if (pending.attempt() >= RETRIES || retryAt.isAfter(pending.acceptedAt().plus(maximumEventAge))) {
                    failures.add(new Failure(pending.functionArn(), pending.event(), error.toString(), pending.attempt() + 1));
                    keptFailures.write(new KeptFailures(List.copyOf(failures)));
                } else {
                    accept(new Pending(UUID.randomUUID().toString(), pending.functionArn(), pending.event(),
                            pending.acceptedAt(), retryAt, pending.attempt() + 1));
                }
            }
        }
    }

    /** An event waiting to run, or to be retried; {@code id} names its file in a data directory. */
    private record Pending(String id, String functionArn, String event, Instant acceptedAt, Instant runAt, int attempt) {

        KeptEvent kept() {
            return new KeptEvent(id, functionArn, event, acceptedAt.toString(), runAt.toString(), attempt);
        }

        static Pending from(KeptEvent kept) {
            return new Pending(kept.id(), kept.functionArn(), kept.event(), Instant.parse(kept.acceptedAt()),
                    Instant.parse(kept.runAt()), kept.attempt());
        }
    }

    /** An event waiting, as a data directory keeps it, one file each. */
    record KeptEvent(String id, String functionArn, String event, String acceptedAt, String runAt, int attempt) {
    }

    /** The events that failed every attempt, as a data directory keeps them. */
    record KeptFailures(List<Failure> failures) {
    }

    /** An event the function failed on every attempt; {@code condition} is the last error. */
    public record Failure(String functionArn, String event, String condition, int attempts) {
    }
}
