package dev.kotae.messages.boundary;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.kotae.Wiring;
import dev.kotae.messages.control.SendRequestCodec;
import dev.kotae.platform.encoding.Json;
import dev.kotae.platform.events.JsonStreamHandler;
import dev.kotae.platform.priming.Priming;
import dev.kotae.shared.boundary.ApiAnswers;
import dev.kotae.shared.boundary.ApiRequests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send page's {@code POST /api/preview}: what a send of this body would be, as the API reads it, sending,
 * recording and counting nothing: the number as it would be sent (normalised, in an allowed country, or the
 * refusal a send would get) and the message's parts and encoding, for the page to show as the person types.
 */
public class PagePreviewHandler extends JsonStreamHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(PagePreviewHandler.class);

    private final SendRequestCodec codec;

    public PagePreviewHandler() {
        this(Wiring.fromEnvironment());
        Priming.register(PagePreviewHandler.class, this::prime);
    }

    public PagePreviewHandler(Wiring wiring) {
        this(wiring.sendRequestCodec());
    }

    public PagePreviewHandler(SendRequestCodec codec) {
        this.codec = codec;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        var request = PageRequests.asProxyRequest(event);
        return PageRequests.asHttpResponse(ApiRequests.logged(context, request,
                () -> ApiAnswers.answer(() -> preview(event, request), SendRequestCodec::asKotaeNamesIt)));
    }

    /** A preview of the page's sample send, to a number the deployment may send to: the parse, and no AWS call. */
    public void prime() {
        var destination = codec.sampleDestination();
        var sample = Priming.event(APIGatewayV2HTTPEvent.class, "page-send-message.json", destination);
        sample.setBody(Json.MAPPER.createObjectNode().put("to", destination).put("body", "Kotae").toString());
        var answer = serve(sample, Priming.context());
        if (answer.getStatusCode() != 200) {
            LOG.error("Priming's sample preview was refused ({}): {}", answer.getStatusCode(), answer.getBody());
        }
    }

    private APIGatewayProxyResponseEvent preview(APIGatewayV2HTTPEvent event, APIGatewayProxyRequestEvent request) {
        PageRequests.person(event);
        ApiRequests.requireJson(request);
        var message = codec.parse(ApiRequests.body(request));
        return ApiAnswers.ok(Json.MAPPER.createObjectNode()
                .put("to", message.to())
                .put("segments", message.segments())
                .put("encoding", message.encoding().name()));
    }
}
