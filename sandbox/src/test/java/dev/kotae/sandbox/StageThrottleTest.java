package dev.kotae.sandbox;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class StageThrottleTest {

    private final AtomicLong nanos = new AtomicLong();
    private final StageThrottle throttle = new StageThrottle(10, 20, nanos::get);

    @Test
    void aFullBucketAdmitsTheBurstAndThenRefuses() {
        for (int request = 0; request < 20; request++) {
            assertThat(throttle.admits("POST", "/messages")).as("request %d", request + 1).isTrue();
        }

        assertThat(throttle.admits("POST", "/messages")).isFalse();
    }

    @Test
    void anEmptyBucketRefillsAtTheRateAndNeverPastTheBurst() {
        drain("POST", "/messages");

        nanos.addAndGet(100_000_000);   // a tenth of a second: one token at 10 a second
        assertThat(throttle.admits("POST", "/messages")).isTrue();
        assertThat(throttle.admits("POST", "/messages")).isFalse();

        nanos.addAndGet(60_000_000_000L);   // a minute: the bucket holds the burst, no more
        drain("POST", "/messages");
    }

    @Test
    void eachMethodHasItsOwnBucket() {
        drain("POST", "/messages");

        assertThat(throttle.admits("GET", "/messages/{messageId}")).isTrue();
        assertThat(throttle.admits("POST", "/batches")).isTrue();
    }

    /** Takes exactly the burst's 20 tokens, then finds the bucket empty. */
    private void drain(String method, String resource) {
        for (int request = 0; request < 20; request++) {
            assertThat(throttle.admits(method, resource)).as("request %d", request + 1).isTrue();
        }
        assertThat(throttle.admits(method, resource)).isFalse();
    }
}
