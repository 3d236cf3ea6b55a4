package dev.kotae.conversations.boundary;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.kotae.Wiring;
import dev.kotae.conversations.control.ConversationStore;
import dev.kotae.platform.events.JsonStreamHandler;
import dev.kotae.platform.priming.Priming;
import dev.kotae.shared.boundary.ApiAnswers;
import dev.kotae.shared.boundary.ApiRequests;
import dev.kotae.shared.entity.PhoneNumbers;

import java.time.Clock;
import java.util.Map;

/** {@code GET /conversations/{phoneNumber}}: whether a number is opted in, and its conversations. */
public class GetConversationsHandler
        extends JsonStreamHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private final ConversationStore conversations;
    private final PhoneNumbers phoneNumbers;
    private final Clock clock;

    public GetConversationsHandler() {
        this(Wiring.fromEnvironment());
        Priming.register(GetConversationsHandler.class, this::prime);
    }

    /** Built from {@code wiring}, as the no-argument constructor builds it from the environment. */
    public GetConversationsHandler(Wiring wiring) {
        this(wiring.conversationStore(), wiring.phoneNumbers(), wiring.clock());
    }

    public GetConversationsHandler(ConversationStore conversations, PhoneNumbers phoneNumbers, Clock clock) {
        this.conversations = conversations;
        this.phoneNumbers = phoneNumbers;
        this.clock = clock;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return ApiRequests.logged(context, event,
                () -> ApiAnswers.answer(() -> find(event)));
    }

    /** A request for a number no one has: the number's parsing, the read and the 200, as a first request would. */
    public void prime() {
        ApiAnswers.answer(() -> find(new APIGatewayProxyRequestEvent()
                .withPathParameters(Map.of("phoneNumber", Priming.PHONE_NUMBER))));
    }

    private APIGatewayProxyResponseEvent find(APIGatewayProxyRequestEvent event) {
        var phoneNumber = ApiRequests.phoneNumber(event, phoneNumbers);
        return ApiAnswers.ok(RecipientView.render(conversations.read(phoneNumber), clock.instant()));
    }
}
