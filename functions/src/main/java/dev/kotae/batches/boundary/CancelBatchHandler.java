package dev.kotae.batches.boundary;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.kotae.Wiring;
import dev.kotae.batches.control.BatchService;
import dev.kotae.platform.events.JsonStreamHandler;
import dev.kotae.platform.priming.Priming;
import dev.kotae.shared.boundary.ApiAnswers;
import dev.kotae.shared.boundary.ApiRequests;

import java.util.Map;

/**
 * {@code DELETE /batches/{batchId}}: stops what has not been sent yet, answering as
 * {@code GET /batches/{batchId}} would, now CANCELED. Only the principal that sent it may, or one the
 * deployment lets cancel any ({@code kotae:callers}' {@code cancelAny}).
 */
public class CancelBatchHandler extends JsonStreamHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private final BatchService batches;

    public CancelBatchHandler() {
        this(Wiring.fromEnvironment());
        Priming.register(CancelBatchHandler.class, this::prime);
    }

    /** Built from {@code wiring}, as the no-argument constructor builds it from the environment. */
    public CancelBatchHandler(Wiring wiring) {
        this(wiring.batchService());
    }

    public CancelBatchHandler(BatchService batches) {
        this.batches = batches;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return ApiRequests.logged(context, event,
                () -> ApiAnswers.answer(() -> BatchResponses.progress(batches.cancel(GetBatchHandler.batchId(event),
                        ApiRequests.caller(event)))));
    }

    /** A cancel of a batch that cannot exist: the read and the 404, as a first request would. */
    public void prime() {
        ApiAnswers.answer(() -> BatchResponses.progress(batches.cancel(GetBatchHandler.batchId(
                new APIGatewayProxyRequestEvent().withPathParameters(Map.of("batchId", Priming.MESSAGE_ID))), "priming")));
    }
}
