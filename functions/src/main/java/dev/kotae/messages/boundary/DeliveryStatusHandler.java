package dev.kotae.messages.boundary;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.kotae.Wiring;
import dev.kotae.messages.control.DeliveryService;
import dev.kotae.platform.events.CorrelationId;
import dev.kotae.platform.events.JsonStreamHandler;
import dev.kotae.platform.events.SqsBatch;
import dev.kotae.platform.priming.Priming;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;


/**
 * Delivery events from the configuration set's SNS destination, through SQS: each moves its
 * message towards DELIVERED or FAILED ({@link SqsBatch}: a bad record fails alone).
 */
public class DeliveryStatusHandler extends JsonStreamHandler<SQSEvent, SQSBatchResponse> {

    private final DeliveryService deliveries;

    public DeliveryStatusHandler() {
        this(Wiring.fromEnvironment());
        Priming.register(DeliveryStatusHandler.class, this::prime);
    }

    /** Built from {@code wiring}, as the no-argument constructor builds it from the environment. */
    public DeliveryStatusHandler(Wiring wiring) {
        this(wiring.deliveryService());
    }

    public DeliveryStatusHandler(DeliveryService deliveries) {
        this.deliveries = deliveries;
    }

    /**
     * SnapStart priming ({@link Priming}): serves {@code events/delivery-delivered.json} as a first request
     * (its record is answered without leaving the process, and its metric is not written), then reaches the
     * table with a check that writes nothing ({@link DeliveryService#prime}): this role may not read, and the
     * first real delivery would otherwise open the first connection.
     */
    public void prime() {
        serve(Priming.event(SQSEvent.class, "delivery-delivered.json", Priming.PHONE_NUMBER), Priming.context());
        deliveries.prime();
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> SqsBatch.process(event, record ->
                DeliveryEnvelope.parse(record.getBody())
                        .map(delivery -> {
                            CorrelationId.set(delivery.kotaeMessageId());
                            return "delivery " + delivery.eventType() + " for " + delivery.kotaeMessageId() + ": "
                                    + deliveries.record(delivery);
                        })
                        .orElse("delivery event for a message Kotae did not send: ignored")));
    }
}
