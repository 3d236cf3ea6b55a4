package dev.kotae.shared.boundary;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.kotae.platform.events.CorrelationId;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;
import dev.kotae.shared.entity.PhoneNumbers;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** What the handlers read from an API Gateway proxy event, whatever the header's case. */
public final class ApiRequests {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Printable ASCII, as Stripe-style clients generate (UUIDs, ULIDs, request hashes). */
    private static final Pattern IDEMPOTENCY_KEY_FORMAT = Pattern.compile("[\\x20-\\x7E]{1,128}");
    private static final String UNKNOWN_CALLER = "unknown";

    private ApiRequests() {
    }

    /**
     * Runs {@code handling} inside Powertools' logging, every line naming API Gateway's request id as its
     * correlation id: the value Powertools' {@code API_GATEWAY_REST} path reads, set directly.
     */
    public static APIGatewayProxyResponseEvent logged(Context context, APIGatewayProxyRequestEvent event,
                                                      Supplier<APIGatewayProxyResponseEvent> handling) {
        return PowertoolsLogging.withLogging(context, () -> {
            Optional.ofNullable(event.getRequestContext()).map(APIGatewayProxyRequestEvent.ProxyRequestContext::getRequestId)
                    .ifPresent(CorrelationId::set);
            return handling.get();
        });
    }

    /**
     * The header's one value. Given twice (API Gateway keeps the last in {@code headers} and both in
     * {@code multiValueHeaders}), it could mean two things and is refused with {@code code}.
     */
    public static Optional<String> header(APIGatewayProxyRequestEvent event, String name, ErrorCode code) {
        var values = Optional.ofNullable(event.getMultiValueHeaders()).orElse(Map.of()).entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase(name))
                .mapToInt(header -> header.getValue() == null ? 0 : header.getValue().size())
                .sum();
        if (values > 1) {
            throw new KotaeException(code, "'" + name + "' is given more than once.", name);
        }
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return Optional.empty();
        }
        return headers.entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    public static void requireJson(APIGatewayProxyRequestEvent event) {
        var mediaType = header(event, "Content-Type", ErrorCode.UNSUPPORTED_MEDIA_TYPE)
                .map(value -> value.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))
                .orElse("");
        if (!mediaType.equals("application/json")) {
            throw new KotaeException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Send the message as JSON with 'Content-Type: application/json'.", "Content-Type");
        }
    }

    public static Optional<String> idempotencyKey(APIGatewayProxyRequestEvent event) {
        return header(event, IDEMPOTENCY_KEY, ErrorCode.INVALID_IDEMPOTENCY_KEY).map(key -> {
            if (!IDEMPOTENCY_KEY_FORMAT.matcher(key).matches()) {
                throw new KotaeException(ErrorCode.INVALID_IDEMPOTENCY_KEY,
                        "'Idempotency-Key' must be 1 to 128 printable ASCII characters.", IDEMPOTENCY_KEY);
            }
            return key;
        });
    }

    /**
     * The body as the caller sent it. The stack declares {@code application/json} a binary media type,
     * so API Gateway hands over the bytes, base64-encoded, unaltered (API Gateway Developer Guide,
     * "Binary media types for REST APIs"), and bytes that are not UTF-8 are refused here rather than
     * read as replacement characters.
     */
    public static String body(APIGatewayProxyRequestEvent event) {
        var body = event.getBody();
        if (body == null || !Boolean.TRUE.equals(event.getIsBase64Encoded())) {
            return body;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Base64.getDecoder().decode(body)))
                    .toString();
        } catch (CharacterCodingException | IllegalArgumentException e) {
            throw new KotaeException(ErrorCode.INVALID_JSON, "The request body is not UTF-8 text, which JSON must be.");
        }
    }

    /**
     * The path's {@code {phoneNumber}} in E.164. API Gateway hands the parameter over decoded once; a number still
     * escaped ({@code %2B…}, sent encoded twice) is decoded here too. Only {@code %XX} escapes are: a literal '+' is
     * the E.164 prefix, not an encoded space.
     */
    public static String phoneNumber(APIGatewayProxyRequestEvent event, PhoneNumbers phoneNumbers) {
        var raw = Optional.ofNullable(event.getPathParameters()).map(p -> p.get("phoneNumber"))
                .orElseThrow(() -> new KotaeException(ErrorCode.INVALID_PHONE_NUMBER, "A phone number is required.",
                        "phoneNumber"));
        String decoded;
        try {
            decoded = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new KotaeException(ErrorCode.INVALID_PHONE_NUMBER, "The phone number in the path has a malformed"
                    + " %-escape.", "phoneNumber");
        }
        return phoneNumbers.toE164(decoded, "phoneNumber");
    }

    /** The IAM principal API Gateway authenticated (AWS_IAM authorization), for audit. */
    public static String caller(APIGatewayProxyRequestEvent event) {
        var context = event.getRequestContext();
        if (context == null || context.getIdentity() == null) {
            return UNKNOWN_CALLER;
        }
        var identity = context.getIdentity();
        return Optional.ofNullable(identity.getUserArn())
                .or(() -> Optional.ofNullable(identity.getCaller()))
                .filter(caller -> !caller.isBlank())
                .orElse(UNKNOWN_CALLER);
    }
}
