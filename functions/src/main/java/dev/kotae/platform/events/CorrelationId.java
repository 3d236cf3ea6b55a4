package dev.kotae.platform.events;

import org.slf4j.MDC;

/**
 * The correlation id every log line of a request carries, in Powertools' own field
 * ({@code correlation_id}). Kotae sets it from what it already holds (API Gateway's request id, an SQS
 * message's id, an inbound message's): Powertools' JMESPath route to the same value costs a first request
 * some 240 classes of a JMESPath engine, for one field.
 */
public final class CorrelationId {

    static final String FIELD = "correlation_id";

    private CorrelationId() {
    }

    /** Names the log lines that follow, until Powertools clears the request's state. */
    public static void set(String id) {
        MDC.put(FIELD, id);
    }

    static void clear() {
        MDC.remove(FIELD);
    }
}
