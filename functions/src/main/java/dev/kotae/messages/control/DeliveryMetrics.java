package dev.kotae.messages.control;

import java.io.PrintStream;
import java.time.Clock;

/**
 * Failed deliveries as a CloudWatch metric, in embedded metric format: one JSON line on stdout
 * that CloudWatch Logs turns into {@code Kotae/FailedDeliveries}, per event type and in total.
 */
public final class DeliveryMetrics {

    public static final String NAMESPACE = "Kotae";
    public static final String FAILED_DELIVERIES = "FailedDeliveries";

    private final PrintStream out;
    private final Clock clock;

    public DeliveryMetrics(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    public void failed(String eventType) {
        out.println("{\"_aws\":{\"Timestamp\":" + clock.millis() + ",\"CloudWatchMetrics\":[{\"Namespace\":\""
                + NAMESPACE + "\",\"Dimensions\":[[\"EventType\"],[]],\"Metrics\":[{\"Name\":\"" + FAILED_DELIVERIES
                + "\",\"Unit\":\"Count\"}]}]},\"EventType\":\"" + eventType + "\",\"" + FAILED_DELIVERIES + "\":1}");
    }
}
