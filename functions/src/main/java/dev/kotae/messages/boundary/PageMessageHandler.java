package dev.kotae.messages.boundary;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.kotae.Wiring;
import dev.kotae.messages.control.MessageStore;
import dev.kotae.platform.events.JsonStreamHandler;
import dev.kotae.platform.priming.Priming;
import dev.kotae.shared.boundary.ApiAnswers;
import dev.kotae.shared.boundary.ApiRequests;

import java.time.Clock;
import java.util.Map;

/**
 * The send page's {@code GET /api/messages/{messageId}}: a message the signed-in person sent, as the signed API
 * shows it (status, delivery, never the body), so the page follows it until it is delivered or fails. Another
 * person's message is not found, as one that does not exist.
 */
public class PageMessageHandler extends JsonStreamHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final MessageStore messages;
    private final Clock clock;

    public PageMessageHandler() {
        this(Wiring.fromEnvironment());
        Priming.register(PageMessageHandler.class, this::prime);
    }

    public PageMessageHandler(Wiring wiring) {
        this(wiring.messageStore(), wiring.clock());
    }

    public PageMessageHandler(MessageStore messages, Clock clock) {
        this.messages = messages;
        this.clock = clock;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return PageRequests.asHttpResponse(ApiRequests.logged(context, PageRequests.asProxyRequest(event),
                () -> ApiAnswers.answer(() -> find(event))));
    }

    /** A signed-in person's request for a message that cannot exist: the read and the 404, as a first request would. */
    public void prime() {
        var sample = Priming.event(APIGatewayV2HTTPEvent.class, "page-get-message.json", Priming.PHONE_NUMBER);
        sample.setPathParameters(Map.of("messageId", Priming.MESSAGE_ID));
        serve(sample, Priming.context());
    }

    private APIGatewayProxyResponseEvent find(APIGatewayV2HTTPEvent event) {
        var person = PageRequests.person(event);
        return MessageResponses.message(GetMessageHandler.seen(messages, clock, event.getPathParameters())
                .filter(view -> view.message().caller().equals(person.principal()))
                .orElseThrow(GetMessageHandler::notFound));
    }
}
