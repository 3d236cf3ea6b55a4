package dev.kotae.messages.boundary;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.kotae.Wiring;
import dev.kotae.messages.control.DeliveryService;
import dev.kotae.platform.SqsBatch;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Delivery events from the configuration set's SNS destination, through SQS: each moves its
 * message towards DELIVERED or FAILED ({@link SqsBatch}: a bad record fails alone).
 */
public class DeliveryStatusHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final DeliveryService deliveries;

    public DeliveryStatusHandler() {
        this(Wiring.fromEnvironment().deliveryService());
    }

    public DeliveryStatusHandler(DeliveryService deliveries) {
        this.deliveries = deliveries;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> SqsBatch.process(event, record ->
                DeliveryEnvelope.parse(record.getBody())
                        .map(delivery -> {
                            SqsBatch.correlate(delivery.kotaeMessageId());
                            return "delivery " + delivery.eventType() + " for " + delivery.kotaeMessageId() + ": "
                                    + deliveries.record(delivery);
                        })
                        .orElse("delivery event for a message Kotae did not send: ignored")));
    }
}
