package dev.kotae.messages.control;

import dev.kotae.platform.priming.Priming;

import java.io.PrintStream;
import java.time.Clock;

/**
 * Delivery outcomes as CloudWatch metrics, in embedded metric format: one JSON line on stdout that
 * CloudWatch Logs turns into {@code Kotae/DeliveredMessages} and {@code Kotae/FailedDeliveries}
 * (also per event type). Every metric carries the {@value #STACK_DIMENSION} dimension, so two Kotae
 * stacks in one account and region (staging, production) never count into each other's alarms.
 */
public final class DeliveryMetrics {

    public static final String NAMESPACE = "Kotae";
    public static final String STACK_DIMENSION = "Stack";
    public static final String DELIVERED_MESSAGES = "DeliveredMessages";
    public static final String FAILED_DELIVERIES = "FailedDeliveries";

    private final PrintStream out;
    private final Clock clock;
    private final String stack;

    /** @param stack the stack's name, the value of every metric's {@value #STACK_DIMENSION} dimension */
    public DeliveryMetrics(PrintStream out, Clock clock, String stack) {
        this.out = out;
        this.clock = clock;
        this.stack = stack;
    }

    public void delivered() {
        emit(line(DELIVERED_MESSAGES, "[[\"" + STACK_DIMENSION + "\"]]", ""));
    }

    public void failed(String eventType) {
        emit(line(FAILED_DELIVERIES, "[[\"" + STACK_DIMENSION + "\",\"EventType\"],[\"" + STACK_DIMENSION + "\"]]",
                ",\"EventType\":\"" + eventType + "\""));
    }

    /** Priming's delivery never happened: its line is made, so the path is loaded, and not written. */
    private void emit(String line) {
        if (!Priming.active()) {
            out.println(line);
        }
    }

    private String line(String metric, String dimensions, String extraMembers) {
        return "{\"_aws\":{\"Timestamp\":" + clock.millis() + ",\"CloudWatchMetrics\":[{\"Namespace\":\"" + NAMESPACE
                + "\",\"Dimensions\":" + dimensions + ",\"Metrics\":[{\"Name\":\"" + metric + "\",\"Unit\":\"Count\"}]}]},\""
                + STACK_DIMENSION + "\":\"" + stack + "\"" + extraMembers + ",\"" + metric + "\":1}";
    }
}
