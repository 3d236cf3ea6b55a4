package dev.kotae.conversations.boundary;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.kotae.Wiring;
import dev.kotae.conversations.control.ConversationStore;
import dev.kotae.platform.priming.Priming;
import dev.kotae.shared.boundary.ApiAnswers;
import dev.kotae.shared.boundary.ApiRequests;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;
import dev.kotae.shared.entity.PhoneNumbers;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** {@code GET /conversations/{phoneNumber}}: whether a number is opted in, and its conversations. */
public class GetConversationsHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

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
        var raw = Optional.ofNullable(event.getPathParameters()).map(p -> p.get("phoneNumber"))
                .orElseThrow(() -> new KotaeException(ErrorCode.INVALID_PHONE_NUMBER, "A phone number is required.",
                        "phoneNumber"));
        // API Gateway hands the parameter over decoded once; a number still escaped (%2B…, sent encoded twice) is
        // decoded here too. Only %XX escapes are: a literal '+' is the E.164 prefix, not an encoded space.
        String decoded;
        try {
            decoded = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new KotaeException(ErrorCode.INVALID_PHONE_NUMBER, "The phone number in the path has a malformed"
                    + " %-escape.", "phoneNumber");
        }
        var phoneNumber = phoneNumbers.toE164(decoded, "phoneNumber");
        return ApiAnswers.ok(RecipientView.render(conversations.read(phoneNumber), clock.instant()));
    }
}
