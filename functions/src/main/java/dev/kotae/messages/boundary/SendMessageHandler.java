package dev.kotae.messages.boundary;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kotae.Wiring;
import dev.kotae.messages.control.ApiSends;
import dev.kotae.messages.control.SendRequestCodec;
import dev.kotae.messages.entity.Caller;
import dev.kotae.platform.encoding.Json;
import dev.kotae.platform.events.JsonStreamHandler;
import dev.kotae.platform.priming.Priming;
import dev.kotae.shared.boundary.ApiAnswers;
import dev.kotae.shared.boundary.ApiRequests;

/**
 * {@code POST /messages}: validates the request, sends one SMS (or, with {@code sendAt}, schedules it),
 * answers 202 with its receipt.
 */
public class SendMessageHandler extends JsonStreamHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private final SendRequestCodec parser;
    private final ApiSends messages;

    public SendMessageHandler() {
        this(Wiring.fromEnvironment());
        Priming.register(SendMessageHandler.class, this::prime);
    }

    /** Built from {@code wiring}, as the no-argument constructor builds it from the environment. */
    public SendMessageHandler(Wiring wiring) {
        this(wiring.sendRequestCodec(), wiring.apiSends());
    }

    public SendMessageHandler(SendRequestCodec parser, ApiSends messages) {
        this.parser = parser;
        this.messages = messages;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return ApiRequests.logged(context, event, () -> ApiAnswers.answer(() -> send(event), SendRequestCodec::asKotaeNamesIt));
    }

    /**
     * SnapStart priming ({@link Priming}): serves {@code events/send-message.json} to a number this deployment
     * may send to, as a first request (its writes and its send are answered without leaving the process),
     * and reports an origination identity End User Messaging does not know.
     */
    public void prime() {
        var destination = parser.sampleDestination();
        var sample = Priming.event(APIGatewayProxyRequestEvent.class, "send-message.json", destination);
        // The file writes its number as a person might ("+81 90-…"): the body's 'to' is set, not searched for.
        try {
            sample.setBody(((ObjectNode) Json.MAPPER.readTree(sample.getBody())).put("to", destination).toString());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The jar's sample send is not JSON", e);
        }
        serve(sample, Priming.context());
        messages.checkOriginationIdentity();
    }

    private APIGatewayProxyResponseEvent send(APIGatewayProxyRequestEvent event) {
        ApiRequests.requireJson(event);
        var idempotencyKey = ApiRequests.idempotencyKey(event);
        var request = parser.parse(ApiRequests.body(event));
        var receipt = messages.send(request, Caller.iam(ApiRequests.caller(event)), idempotencyKey);
        return MessageResponses.accepted(receipt);
    }
}
