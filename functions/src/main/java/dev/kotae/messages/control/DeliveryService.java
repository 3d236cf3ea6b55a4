package dev.kotae.messages.control;

import dev.kotae.messages.entity.DeliveryEvent;
import dev.kotae.messages.entity.DeliveryStatus;

/** Records a delivery event on its message and counts deliveries and failures, each exactly once. */
public final class DeliveryService {

    private final MessageStore store;
    private final DeliveryMetrics metrics;

    public DeliveryService(MessageStore store, DeliveryMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    /** @return the outcome, for the log */
    public String record(DeliveryEvent event) {
        var outcome = store.recordDelivery(event);
        if (outcome == MessageStore.DeliveryOutcome.MOVED) {
            switch (event.status().orElse(DeliveryStatus.SUCCESSFUL)) {
                case DELIVERED -> metrics.delivered();
                case FAILED -> metrics.failed(event.eventType());
                default -> {
                    // handed to the carrier: not an outcome yet
                }
            }
        }
        return outcome.name();
    }

    /**
     * For SnapStart priming, beside its sample delivery (whose calls never leave the process): the table's
     * connection and a refused transaction's path (a delivery for a message the table does not hold), by a
     * transaction of one failing check, which writes nothing ({@link MessageStore#prime}).
     */
    public void prime() {
        store.prime();
    }
}
