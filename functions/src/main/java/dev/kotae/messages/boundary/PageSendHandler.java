package dev.kotae.messages.boundary;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kotae.Wiring;
import dev.kotae.messages.control.ApiSends;
import dev.kotae.messages.control.SendRequestCodec;
import dev.kotae.platform.encoding.Json;
import dev.kotae.platform.events.JsonStreamHandler;
import dev.kotae.platform.priming.Priming;
import dev.kotae.shared.boundary.ApiAnswers;
import dev.kotae.shared.boundary.ApiRequests;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;

/**
 * The send page's {@code POST /api/messages}: a signed-in person sends one SMS through the same send path
 * as the signed API ({@link ApiSends}: idempotency, the allowed countries, the price ceiling, opt-outs and
 * the per-caller daily quota, all unchanged), recorded and audited as that person. A scheduled send is the
 * signed API's; the page sends now.
 */
public class PageSendHandler extends JsonStreamHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final SendRequestCodec codec;
    private final ApiSends sends;

    public PageSendHandler() {
        this(Wiring.fromEnvironment());
        Priming.register(PageSendHandler.class, this::prime);
    }

    public PageSendHandler(Wiring wiring) {
        this(wiring.sendRequestCodec(), wiring.apiSends());
    }

    public PageSendHandler(SendRequestCodec codec, ApiSends sends) {
        this.codec = codec;
        this.sends = sends;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        var request = PageRequests.asProxyRequest(event);
        return PageRequests.asHttpResponse(ApiRequests.logged(context, request,
                () -> ApiAnswers.answer(() -> send(event, request), SendRequestCodec::asKotaeNamesIt)));
    }

    /**
     * SnapStart priming ({@link Priming}): serves {@code events/page-send-message.json} to a number this deployment
     * may send to, as a first request (its writes and its send answered without leaving the process), and reports
     * an origination identity End User Messaging does not know.
     */
    public void prime() {
        var destination = codec.sampleDestination();
        var sample = Priming.event(APIGatewayV2HTTPEvent.class, "page-send-message.json", destination);
        try {
            sample.setBody(((ObjectNode) Json.MAPPER.readTree(sample.getBody())).put("to", destination).toString());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The jar's sample send is not JSON", e);
        }
        serve(sample, Priming.context());
        sends.checkOriginationIdentity();
    }

    private APIGatewayProxyResponseEvent send(APIGatewayV2HTTPEvent event, APIGatewayProxyRequestEvent request) {
        var person = PageRequests.person(event);
        ApiRequests.requireJson(request);
        var idempotencyKey = ApiRequests.idempotencyKey(request);
        var message = codec.parse(ApiRequests.body(request));
        if (message.sendAt().isPresent()) {
            throw new KotaeException(ErrorCode.INVALID_SEND_AT, "The send page sends now; schedule through the API.", "sendAt");
        }
        return MessageResponses.accepted(sends.send(message, person, idempotencyKey));
    }
}
