package dev.kotae.sandbox;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.kotae.standins.TableStream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Lambda's DynamoDB stream event source, locally: polls the table's stream and hands new records to
 * a handler in order. A reported failure holds that record and every later one back, to be handed
 * over again on the next poll, as Lambda retries from the failed record (here without a limit: the
 * sandbox has no on-failure destination). An observer sees each record once, as it is read, whatever the
 * handler makes of it.
 */
final class StreamPoller implements AutoCloseable {

    private static final long POLL_MILLIS = 250;

    private final TableStream stream;
    private final LocalFunction<DynamodbEvent, StreamsEventResponse> function;
    private final Thread thread;
    private final Consumer<List<DynamodbEvent.DynamodbStreamRecord>> observer;
    private final List<DynamodbEvent.DynamodbStreamRecord> pending = new ArrayList<>();
    /** Wakes the poller before its next turn, for {@link #caughtUp} not to wait out its pauses. */
    private final Semaphore wake = new Semaphore(0);
    private final Object turns = new Object();
    private long turnsTaken;
    private boolean lastTurnIdle;
    private volatile boolean running = true;

    private StreamPoller(TableStream stream, LocalFunction<DynamodbEvent, StreamsEventResponse> function,
                         Consumer<List<DynamodbEvent.DynamodbStreamRecord>> observer) {
        this.stream = stream;
        this.function = function;
        this.observer = observer;
        this.thread = new Thread(this::poll, function.name() + "-event-source");
        thread.setDaemon(true);
    }

    static StreamPoller start(TableStream stream, LocalFunction<DynamodbEvent, StreamsEventResponse> function,
                              Consumer<List<DynamodbEvent.DynamodbStreamRecord>> observer) {
        var poller = new StreamPoller(stream, function, observer);
        poller.thread.start();
        return poller;
    }

    private void poll() {
        while (running) {
            var idle = false;
            try {
                var records = stream.poll().getRecords();
                pending.addAll(records);
                observe(records);
                if (!pending.isEmpty()) {
                    deliver();
                }
                idle = records.isEmpty() && pending.isEmpty();
            } catch (RuntimeException e) {
                if (running) {
                    System.err.println(function.name() + " event source: " + e.getMessage());
                }
            }
            synchronized (turns) {
                turnsTaken++;
                lastTurnIdle = idle;
                turns.notifyAll();
            }
            try {
                wake.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Whether everything written to the table before this call has been read and handed over: a whole turn
     * that began after it found no new record and none held back. Waits at most {@code limit} for that turn.
     */
    boolean caughtUp(Duration limit) throws InterruptedException {
        var deadline = System.nanoTime() + limit.toNanos();
        synchronized (turns) {
            // The turn under way may have begun before this call; the one after it did not.
            var wanted = turnsTaken + 2;
            wake.release(2);
            while (turnsTaken < wanted) {
                var left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(turns, left);
            }
            return lastTurnIdle;
        }
    }

    /** The observer's failure is its own: the records still reach the handler. */
    private void observe(List<DynamodbEvent.DynamodbStreamRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        try {
            observer.accept(records);
        } catch (RuntimeException e) {
            System.err.println(function.name() + " event source's observer: " + e.getMessage());
        }
    }

    private void deliver() {
        var event = new DynamodbEvent();
        event.setRecords(List.copyOf(pending));
        var failures = function.invoke(event).getBatchItemFailures();
        if (failures.isEmpty()) {
            pending.clear();
            return;
        }
        var failed = failures.get(0).getItemIdentifier();
        var retryFrom = 0;
        while (retryFrom < pending.size() && !pending.get(retryFrom).getDynamodb().getSequenceNumber().equals(failed)) {
            retryFrom++;
        }
        System.err.println(function.name() + ": stream records from " + failed + " will be delivered again");
        pending.subList(0, retryFrom).clear();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        stream.close();
    }
}
