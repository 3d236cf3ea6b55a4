package dev.kotae.sandbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The stack's stage throttle ({@code kotae:apiRateLimit}, {@code kotae:apiBurstLimit}), as API Gateway applies
 * it: a token bucket per method of the stage (API Gateway Developer Guide, "Throttle requests to your REST APIs":
 * per-API, per-stage limits apply at the method level), holding up to the burst and refilled at the rate, one
 * token a request. It runs on this machine's time, as API Gateway's on its own: moving the sandbox's clock
 * refills nothing.
 */
final class StageThrottle {

    private static final double NANOS_PER_SECOND = 1e9;

    private final double ratePerSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    StageThrottle(int ratePerSecond, int burst) {
        this(ratePerSecond, burst, System::nanoTime);
    }

    StageThrottle(int ratePerSecond, int burst, LongSupplier nanoTime) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    /** Takes a token from the method's bucket: false when it is empty, and API Gateway answers 429. */
    boolean admits(String method, String resource) {
        return buckets.computeIfAbsent(method + " " + resource, key -> new Bucket(burst, nanoTime.getAsLong()))
                .take(nanoTime.getAsLong());
    }

    private final class Bucket {
        private double tokens;
        private long filledAt;

        Bucket(double tokens, long filledAt) {
            this.tokens = tokens;
            this.filledAt = filledAt;
        }

        synchronized boolean take(long now) {
            tokens = Math.min(burst, tokens + (now - filledAt) / NANOS_PER_SECOND * ratePerSecond);
            filledAt = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
