package dev.kotae.consent.boundary;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.kotae.Wiring;
import dev.kotae.consent.control.ConsentLedger;
import dev.kotae.platform.events.JsonStreamHandler;
import dev.kotae.platform.priming.Priming;
import dev.kotae.shared.boundary.ApiAnswers;
import dev.kotae.shared.boundary.ApiRequests;
import dev.kotae.shared.entity.PhoneNumbers;

import java.util.Map;

/** {@code GET /recipients/{phoneNumber}}: the number's opt-out, its consent to marketing and that consent's history. */
public class GetRecipientHandler extends JsonStreamHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private final ConsentLedger consent;
    private final PhoneNumbers phoneNumbers;

    public GetRecipientHandler() {
        this(Wiring.fromEnvironment());
        Priming.register(GetRecipientHandler.class, this::prime);
    }

    public GetRecipientHandler(Wiring wiring) {
        this(wiring.consentLedger(), wiring.phoneNumbers());
    }

    /** @param consent read only: this function records nothing and sends nothing */
    public GetRecipientHandler(ConsentLedger consent, PhoneNumbers phoneNumbers) {
        this.consent = consent;
        this.phoneNumbers = phoneNumbers;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return ApiRequests.logged(context, event, () -> ApiAnswers.answer(() -> ApiAnswers.ok(RecipientResponses.recipient(
                consent.find(ApiRequests.phoneNumber(event, phoneNumbers))))));
    }

    /** A request for a number no one has: the number's parsing and the two reads, as a first request would. */
    public void prime() {
        ApiAnswers.answer(() -> ApiAnswers.ok(RecipientResponses.recipient(consent.find(ApiRequests.phoneNumber(
                new APIGatewayProxyRequestEvent().withPathParameters(Map.of("phoneNumber", Priming.PHONE_NUMBER)),
                phoneNumbers)))));
    }
}
