package dev.kotae.batches.boundary;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.kotae.Wiring;
import dev.kotae.batches.control.BatchRequestParser;
import dev.kotae.batches.control.BatchService;
import dev.kotae.batches.entity.Batch;
import dev.kotae.messages.control.SendRequestCodec;
import dev.kotae.platform.events.JsonStreamHandler;
import dev.kotae.platform.priming.Priming;
import dev.kotae.shared.boundary.ApiAnswers;
import dev.kotae.shared.boundary.ApiRequests;

import java.time.Instant;

/**
 * {@code POST /batches}: reads the list, queues its valid entries for the paced sender, answers 202
 * with the batch's id and each refused entry by index.
 */
public class CreateBatchHandler extends JsonStreamHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private static final String PRIMING_REQUEST = "{\"type\":\"TRANSACTIONAL\",\"messages\":[{\"to\":\""
            + Priming.PHONE_NUMBER + "\",\"body\":\"Your appointment is tomorrow\"},{\"to\":\"+1\",\"body\":\"x\"}]}";

    private final BatchRequestParser parser;
    private final BatchService batches;

    public CreateBatchHandler() {
        this(Wiring.fromEnvironment());
        Priming.register(CreateBatchHandler.class, this::prime);
    }

    /** Built from {@code wiring}, as the no-argument constructor builds it from the environment. */
    public CreateBatchHandler(Wiring wiring) {
        this(new BatchRequestParser(wiring.sendRequestCodec()), wiring.batchService());
    }

    public CreateBatchHandler(BatchRequestParser parser, BatchService batches) {
        this.parser = parser;
        this.batches = batches;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return ApiRequests.logged(context, event,
                () -> ApiAnswers.answer(() -> create(event), SendRequestCodec::asKotaeNamesIt));
    }

    /** The first request's reading and answer, without its writes: a valid entry and a refused one. */
    public void prime() {
        var request = parser.parse(PRIMING_REQUEST);
        BatchResponses.accepted(Batch.accepting(Priming.MESSAGE_ID, "priming", request, Instant.EPOCH));
    }

    private APIGatewayProxyResponseEvent create(APIGatewayProxyRequestEvent event) {
        ApiRequests.requireJson(event);
        var idempotencyKey = ApiRequests.idempotencyKey(event);
        var request = parser.parse(ApiRequests.body(event));
        return BatchResponses.accepted(batches.create(request, ApiRequests.caller(event), idempotencyKey));
    }
}
