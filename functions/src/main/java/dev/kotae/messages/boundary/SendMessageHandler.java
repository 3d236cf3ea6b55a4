package dev.kotae.messages.boundary;

import dev.kotae.messages.control.SendRequestParser;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.kotae.Wiring;
import dev.kotae.messages.control.MessageService;
import dev.kotae.messages.entity.MessageStatus;
import dev.kotae.messages.entity.SendReceipt;
import dev.kotae.sms.SmsEncoding;
import dev.kotae.platform.Priming;
import dev.kotae.shared.boundary.ApiAnswers;
import dev.kotae.shared.boundary.ApiRequests;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;
import software.amazon.lambda.powertools.logging.CorrelationIdPaths;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.util.Optional;

/**
 * {@code POST /messages}: validates the request, sends one SMS (or, with {@code sendAt}, schedules it),
 * answers 202 with its receipt.
 */
public class SendMessageHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private static final String PRIMING_REQUEST =
            "{\"to\":\"" + Priming.PHONE_NUMBER + "\",\"body\":\"Your code is 123456\",\"expectReply\":{\"keywords\":[\"CONFIRM\"]}}";

    private final SendRequestParser parser;
    private final MessageService messages;

    public SendMessageHandler() {
        this(Wiring.fromEnvironment());
        Priming.register(SendMessageHandler.class, this::prime);
    }

    /** Built from {@code wiring}, as the no-argument constructor builds it from the environment. */
    public SendMessageHandler(Wiring wiring) {
        this(SendRequestParser.of(wiring), wiring.messageService());
    }

    public SendMessageHandler(SendRequestParser parser, MessageService messages) {
        this.parser = parser;
        this.messages = messages;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, CorrelationIdPaths.API_GATEWAY_REST, event, () -> ApiAnswers.answer(() -> send(event), SendRequestParser::asKotaeNamesIt));
    }

    /** The first request's paths without its write or its send: parsing, the reads, the 202 and an error. */
    public void prime() {
        var request = parser.parse(PRIMING_REQUEST);
        messages.prime();
        MessageResponses.accepted(new SendReceipt(Priming.MESSAGE_ID, request.to(), MessageStatus.SENT,
                SmsEncoding.of(request.body()), 1, Optional.empty(), Optional.empty()));
        ApiAnswers.error(new KotaeException(ErrorCode.RECIPIENT_OPTED_OUT, "priming", "to"));
    }

    private APIGatewayProxyResponseEvent send(APIGatewayProxyRequestEvent event) {
        ApiRequests.requireJson(event);
        var idempotencyKey = ApiRequests.idempotencyKey(event);
        var request = parser.parse(ApiRequests.body(event));
        var receipt = messages.send(request, ApiRequests.caller(event), idempotencyKey);
        return MessageResponses.accepted(receipt);
    }
}
