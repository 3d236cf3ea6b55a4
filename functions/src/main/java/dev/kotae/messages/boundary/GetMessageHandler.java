package dev.kotae.messages.boundary;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.kotae.Wiring;
import dev.kotae.messages.control.MessageStore;
import dev.kotae.messages.entity.MessageView;
import dev.kotae.platform.events.JsonStreamHandler;
import dev.kotae.platform.priming.Priming;
import dev.kotae.shared.boundary.ApiAnswers;
import dev.kotae.shared.boundary.ApiRequests;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code GET /messages/{messageId}}: the stored audit record of one message. */
public class GetMessageHandler extends JsonStreamHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    /** A UUID; a batch entry's is its batch's id and its index ({@link dev.kotae.batches.entity.BatchEntry#messageId}). */
    static final Pattern MESSAGE_ID = Pattern.compile("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}(-[0-9]{1,3})?");

    private final MessageStore messages;
    private final Clock clock;

    public GetMessageHandler() {
        this(Wiring.fromEnvironment());
        Priming.register(GetMessageHandler.class, this::prime);
    }

    /** Built from {@code wiring}, as the no-argument constructor builds it from the environment. */
    public GetMessageHandler(Wiring wiring) {
        this(wiring.messageStore(), wiring.clock());
    }

    public GetMessageHandler(MessageStore messages, Clock clock) {
        this.messages = messages;
        this.clock = clock;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return ApiRequests.logged(context, event, () -> ApiAnswers.answer(() -> find(event)));
    }

    /** A request for a message that cannot exist: the read and the 404, as a first request would. */
    public void prime() {
        ApiAnswers.answer(() -> find(new APIGatewayProxyRequestEvent()
                .withPathParameters(Map.of("messageId", Priming.MESSAGE_ID))));
    }

    private APIGatewayProxyResponseEvent find(APIGatewayProxyRequestEvent event) {
        return MessageResponses.message(seen(messages, clock, event.getPathParameters()).orElseThrow(GetMessageHandler::notFound));
    }

    /** The message the path names, as it reads now; none for an id that cannot be one, or no such message. */
    static Optional<MessageView> seen(MessageStore messages, Clock clock, Map<String, String> pathParameters) {
        var now = clock.instant();
        return Optional.ofNullable(pathParameters)
                .map(parameters -> parameters.get("messageId"))
                .filter(id -> MESSAGE_ID.matcher(id).matches())
                .flatMap(messages::find)
                .map(view -> new MessageView(view.message().asSeenAt(now), view.delivery()));
    }

    static KotaeException notFound() {
        return new KotaeException(ErrorCode.MESSAGE_NOT_FOUND, "No message has this id.", "messageId");
    }
}
