package dev.kotae.messages.boundary;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.kotae.Wiring;
import dev.kotae.messages.control.MessageStore;
import dev.kotae.messages.entity.MessageView;
import dev.kotae.platform.events.JsonStreamHandler;
import dev.kotae.platform.priming.Priming;
import dev.kotae.shared.boundary.ApiAnswers;
import dev.kotae.shared.boundary.ApiRequests;

import java.time.Clock;

/**
 * The send page's {@code GET /api/messages} ("My sends"): the signed-in person's own latest messages, newest first,
 * each with its status and delivery, the number masked and never the body. Only a person's sends are listed
 * ({@link MessageStore.Listing#SENDERS_OWN}).
 */
public class PageMySendsHandler extends JsonStreamHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    /** As many as the page shows: two reads a message, within one BatchGetItem's 100 keys. */
    static final int LATEST = 20;

    private final MessageStore messages;
    private final Clock clock;

    public PageMySendsHandler() {
        this(Wiring.fromEnvironment());
        Priming.register(PageMySendsHandler.class, this::prime);
    }

    public PageMySendsHandler(Wiring wiring) {
        this(wiring.messageStore(), wiring.clock());
    }

    public PageMySendsHandler(MessageStore messages, Clock clock) {
        this.messages = messages;
        this.clock = clock;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return PageRequests.asHttpResponse(ApiRequests.logged(context, PageRequests.asProxyRequest(event),
                () -> ApiAnswers.answer(() -> list(event))));
    }

    /** A signed-in person's list: the query and the read of what it names, as a first request would. */
    public void prime() {
        serve(Priming.event(APIGatewayV2HTTPEvent.class, "page-my-sends.json", Priming.PHONE_NUMBER),
                Priming.context());
    }

    private APIGatewayProxyResponseEvent list(APIGatewayV2HTTPEvent event) {
        var person = PageRequests.person(event);
        var now = clock.instant();
        return MessageResponses.sentBy(messages.sentBy(person.principal(), LATEST).stream()
                .map(view -> new MessageView(view.message().asSeenAt(now), view.delivery()))
                .toList());
    }
}
