package dev.kotae.shared.entity;

import java.time.Duration;
import java.util.Optional;

/** A failure that reaches the caller as a documented error code, never as a stack trace. */
public class KotaeException extends RuntimeException {

    private final ErrorCode code;
    private final String field;
    private final Duration retryAfter;

    public KotaeException(ErrorCode code, String message) {
        this(code, message, null, null, null);
    }

    public KotaeException(ErrorCode code, String message, String field) {
        this(code, message, field, null, null);
    }

    public KotaeException(ErrorCode code, String message, String field, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.field = field;
        this.retryAfter = retryAfter;
    }

    public static KotaeException retryLater(ErrorCode code, String message, Duration retryAfter, Throwable cause) {
        return new KotaeException(code, message, null, retryAfter, cause);
    }

    public ErrorCode code() {
        return code;
    }

    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
