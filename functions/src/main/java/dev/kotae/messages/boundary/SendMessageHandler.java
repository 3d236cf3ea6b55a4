package dev.kotae.messages.boundary;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.kotae.messages.control.MessageService;
import dev.kotae.Wiring;
import software.amazon.lambda.powertools.logging.CorrelationIdPaths;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/** {@code POST /messages}: validates the request, sends one SMS, answers 202 with its receipt. */
public class SendMessageHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private final SendRequestParser parser;
    private final MessageService messages;

    public SendMessageHandler() {
        this(Wiring.fromEnvironment());
    }

    private SendMessageHandler(Wiring wiring) {
        this(wiring.sendRequestParser(), wiring.messageService());
    }

    public SendMessageHandler(SendRequestParser parser, MessageService messages) {
        this.parser = parser;
        this.messages = messages;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, CorrelationIdPaths.API_GATEWAY_REST, event, () -> ApiResponses.answer(() -> send(event)));
    }

    private APIGatewayProxyResponseEvent send(APIGatewayProxyRequestEvent event) {
        ApiRequests.requireJson(event);
        var idempotencyKey = ApiRequests.idempotencyKey(event);
        var request = parser.parse(ApiRequests.body(event));
        var receipt = messages.send(request, ApiRequests.caller(event), idempotencyKey);
        return ApiResponses.accepted(receipt);
    }
}
