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
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code GET /batches/{batchId}}: the batch's entries counted by state and delivery, and those not sent. */
public class GetBatchHandler extends JsonStreamHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    static final Pattern BATCH_ID = Pattern.compile("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");

    private final BatchService batches;

    public GetBatchHandler() {
        this(Wiring.fromEnvironment());
        Priming.register(GetBatchHandler.class, this::prime);
    }

    /** Built from {@code wiring}, as the no-argument constructor builds it from the environment. */
    public GetBatchHandler(Wiring wiring) {
        this(wiring.batchService());
    }

    public GetBatchHandler(BatchService batches) {
        this.batches = batches;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return ApiRequests.logged(context, event,
                () -> ApiAnswers.answer(() -> BatchResponses.progress(batches.progress(batchId(event)))));
    }

    /** A request for a batch that cannot exist: the read and the 404, as a first request would. */
    public void prime() {
        ApiAnswers.answer(() -> BatchResponses.progress(batches.progress(batchId(new APIGatewayProxyRequestEvent()
                .withPathParameters(Map.of("batchId", Priming.MESSAGE_ID))))));
    }

    /** The path's batch id; one that cannot be a batch's is not found, without a read. */
    static String batchId(APIGatewayProxyRequestEvent event) {
        return Optional.ofNullable(event.getPathParameters())
                .map(parameters -> parameters.get("batchId"))
                .filter(id -> BATCH_ID.matcher(id).matches())
                .orElseThrow(() -> new KotaeException(ErrorCode.BATCH_NOT_FOUND, "No batch has this id.", "batchId"));
    }
}
