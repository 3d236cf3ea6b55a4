package dev.kotae.consent.boundary;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kotae.Wiring;
import dev.kotae.consent.control.ConsentService;
import dev.kotae.platform.events.JsonStreamHandler;
import dev.kotae.shared.boundary.ApiAnswers;
import dev.kotae.shared.boundary.ApiRequests;
import dev.kotae.shared.boundary.StrictJson;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;
import dev.kotae.shared.entity.PhoneNumbers;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code PUT /recipients/{phoneNumber}/consent} records that the person agreed to marketing messages, with the
 * caller's proof (or, with {@code "doubleOptIn": true}, texts them the confirmation request and records it pending
 * until their YES); {@code DELETE} records that they withdrew. Both answer the number as {@code GET} shows it.
 */
public class RecipientConsentHandler extends JsonStreamHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    /** Where the consent was given, in the caller's words: a short name ({@code web-form}, {@code paper}). */
    private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    /** What the person agreed to, and where: enough for a form's wording and its address, not a document. */
    static final int MAX_PROOF = 2000;

    private final ConsentService consent;
    private final PhoneNumbers phoneNumbers;

    public RecipientConsentHandler() {
        this(Wiring.fromEnvironment());
    }

    public RecipientConsentHandler(Wiring wiring) {
        this(wiring.consentService(), wiring.phoneNumbers());
    }

    public RecipientConsentHandler(ConsentService consent, PhoneNumbers phoneNumbers) {
        this.consent = consent;
        this.phoneNumbers = phoneNumbers;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return ApiRequests.logged(context, event, () -> ApiAnswers.answer(() -> change(event)));
    }

    private APIGatewayProxyResponseEvent change(APIGatewayProxyRequestEvent event) {
        var phoneNumber = ApiRequests.phoneNumber(event, phoneNumbers);
        var caller = ApiRequests.caller(event);
        if ("DELETE".equals(event.getHttpMethod())) {
            return ApiAnswers.ok(RecipientResponses.recipient(consent.revoke(phoneNumber, caller)));
        }
        ApiRequests.requireJson(event);
        var body = StrictJson.readObject(ApiRequests.body(event));
        StrictJson.rejectUnknown(body, Set.of("source", "proof", "doubleOptIn"), "", ErrorCode.UNKNOWN_FIELD, Map.of());
        var doubleOptIn = doubleOptIn(body);
        var source = text(body, "source", "a short name of where the person agreed, such as web-form");
        if (!SOURCE.matcher(source).matches()) {
            throw invalid("source", "'source' must be 1 to 64 lower-case letters, digits and hyphens, such as web-form.");
        }
        var proof = text(body, "proof", "what the person agreed to, and where");
        if (proof.length() > MAX_PROOF) {
            throw invalid("proof", "'proof' must be at most " + MAX_PROOF + " characters: keep the document itself in"
                    + " your system, and its reference here.");
        }
        return ApiAnswers.ok(RecipientResponses.recipient(doubleOptIn
                // The request is a send: held to the countries this deployment sends to, as any.
                ? consent.requestConfirmation(phoneNumbers.toDestination(phoneNumber, "phoneNumber"), source, proof, caller)
                : consent.grant(phoneNumber, source, proof, caller)));
    }

    /** {@code doubleOptIn}: true asks the person to confirm by SMS (PENDING until their YES) instead of granting now. */
    private static boolean doubleOptIn(JsonNode body) {
        return StrictJson.optionalMember(body, "doubleOptIn").map(value -> {
            if (!value.isBoolean()) {
                throw invalid("doubleOptIn", "'doubleOptIn' must be true or false.");
            }
            return value.asBoolean();
        }).orElse(false);
    }

    /** A member the caller must give: a string of well-formed text (StrictJson's rule) that is not blank. */
    private static String text(JsonNode body, String member, String meaning) {
        return StrictJson.optionalText(body, member, ErrorCode.INVALID_CONSENT).filter(text -> !text.isBlank())
                .map(String::strip)
                .orElseThrow(() -> invalid(member, "'" + member + "' is required: " + meaning + "."));
    }

    private static KotaeException invalid(String member, String message) {
        return new KotaeException(ErrorCode.INVALID_CONSENT, message, member);
    }
}
