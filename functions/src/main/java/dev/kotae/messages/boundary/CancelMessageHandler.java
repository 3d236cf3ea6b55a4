package dev.kotae.messages.boundary;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.kotae.Wiring;
import dev.kotae.messages.control.MessageCancellation;
import dev.kotae.messages.entity.DeliveryReport;
import dev.kotae.messages.entity.MessageView;
import dev.kotae.platform.events.JsonStreamHandler;
import dev.kotae.platform.priming.Priming;
import dev.kotae.shared.boundary.ApiAnswers;
import dev.kotae.shared.boundary.ApiRequests;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;

import java.util.Map;
import java.util.Optional;

/**
 * {@code DELETE /messages/{messageId}}: cancels a scheduled message, answering it as
 * {@code GET /messages/{messageId}} would, now CANCELED. Only the principal that booked it may, or one
 * the deployment lets cancel any ({@code kotae:callers}' {@code cancelAny}).
 */
public class CancelMessageHandler extends JsonStreamHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private final MessageCancellation cancellation;

    public CancelMessageHandler() {
        this(Wiring.fromEnvironment());
        Priming.register(CancelMessageHandler.class, this::prime);
    }

    /** Built from {@code wiring}, as the no-argument constructor builds it from the environment. */
    public CancelMessageHandler(Wiring wiring) {
        this(wiring.messageCancellation());
    }

    public CancelMessageHandler(MessageCancellation cancellation) {
        this.cancellation = cancellation;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return ApiRequests.logged(context, event,
                () -> ApiAnswers.answer(() -> cancel(event)));
    }

    /** A cancel of a message that cannot exist: the read and the 404, as a first request would. */
    public void prime() {
        ApiAnswers.answer(() -> cancel(new APIGatewayProxyRequestEvent()
                .withPathParameters(Map.of("messageId", Priming.MESSAGE_ID))));
    }

    private APIGatewayProxyResponseEvent cancel(APIGatewayProxyRequestEvent event) {
        var messageId = Optional.ofNullable(event.getPathParameters())
                .map(parameters -> parameters.get("messageId"))
                .filter(id -> GetMessageHandler.MESSAGE_ID.matcher(id).matches())
                .orElseThrow(() -> new KotaeException(ErrorCode.MESSAGE_NOT_FOUND, "No message has this id.",
                        "messageId"));
        var canceled = cancellation.cancel(messageId, ApiRequests.caller(event));
        return MessageResponses.message(new MessageView(canceled, DeliveryReport.none()));
    }
}
