package dev.kotae.sandbox;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The machine's time passing for the EventBridge Scheduler stand-in: twice a second, the schedules due by
 * the sandbox's clock fire and the invocations they made run ({@link TimePassage#runDue}, which an advance
 * of the clock waits for, and which waits for an advance).
 */
final class ScheduleTicker implements AutoCloseable {

    private static final long PERIOD_MILLIS = 500;

    private final ScheduledExecutorService executor;

    private ScheduleTicker(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    static ScheduleTicker start(Runnable runDue) {
        var executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "kotae-schedules");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                runDue.run();
            } catch (RuntimeException e) {
                // A firing that fails is the stand-ins' to retry; the ticker keeps time whatever happens.
                System.err.println("Firing due schedules failed: " + e);
            }
        }, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return new ScheduleTicker(executor);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
