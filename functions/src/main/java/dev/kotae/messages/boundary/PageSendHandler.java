package dev.kotae.messages.boundary;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.kotae.Wiring;
import dev.kotae.messages.control.ApiSends;
import dev.kotae.messages.control.SendRequestCodec;
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
public class PageSendHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final SendRequestCodec codec;
    private final ApiSends sends;

    public PageSendHandler() {
        this(Wiring.fromEnvironment());
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
                () -> ApiAnswers.answer(() -> send(event), SendRequestCodec::asKotaeNamesIt)));
    }

    private APIGatewayProxyResponseEvent send(APIGatewayV2HTTPEvent event) {
        var person = PageRequests.person(event);
        var request = PageRequests.asProxyRequest(event);
        ApiRequests.requireJson(request);
        var idempotencyKey = ApiRequests.idempotencyKey(request);
        var message = codec.parse(ApiRequests.body(request));
        if (message.sendAt().isPresent()) {
            throw new KotaeException(ErrorCode.INVALID_SEND_AT, "The send page sends now; schedule through the API.", "sendAt");
        }
        return MessageResponses.accepted(sends.send(message, person, idempotencyKey));
    }
}
