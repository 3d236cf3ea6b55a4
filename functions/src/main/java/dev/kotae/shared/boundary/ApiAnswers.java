package dev.kotae.shared.boundary;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kotae.platform.encoding.Json;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;
import dev.kotae.shared.entity.Text;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** How every Kotae API answers: JSON, with one shape for every error. */
public final class ApiAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(ApiAnswers.class);

    private ApiAnswers() {
    }

    /** As {@link #answer(Supplier, UnaryOperator)}, for requests whose refusals name only Kotae's own fields (path parameters). */
    public static APIGatewayProxyResponseEvent answer(Supplier<APIGatewayProxyResponseEvent> work) {
        return answer(work, UnaryOperator.identity());
    }

    /**
     * Runs one request's work and answers with its response, its documented error, or a bare 500
     * whose details go to the log only.
     *
     * @param fieldAsKotaeNamesIt a refusal's field as the log may show it: a member name the caller
     *                            chose (an unknown member, a context key) could be a phone number or a
     *                            secret, and stays out of the log
     */
    public static APIGatewayProxyResponseEvent answer(Supplier<APIGatewayProxyResponseEvent> work,
                                                      UnaryOperator<String> fieldAsKotaeNamesIt) {
        try {
            return work.get();
        } catch (KotaeException e) {
            LOG.info("Refused: {} {}", e.code(), e.field().map(fieldAsKotaeNamesIt).orElse(""));
            return error(e);
        } catch (RuntimeException e) {
            LOG.error("Request failed unexpectedly", e);
            return error(new KotaeException(ErrorCode.INTERNAL_ERROR, "Kotae failed unexpectedly; the failure is logged."));
        }
    }

    public static APIGatewayProxyResponseEvent error(KotaeException error) {
        var body = Json.MAPPER.createObjectNode();
        // A refusal may quote what the caller sent (a member's name); never as text that is not well-formed.
        var details = body.putObject("error")
                .put("code", error.code().name())
                .put("message", Text.wellFormed(error.getMessage()));
        error.field().ifPresent(field -> details.put("field", Text.wellFormed(field)));
        var retryAfter = error.retryAfter()
                // Rounded up: a client that waits the seconds given must not come back before the time.
                .map(delay -> Long.toString(Math.max(1, (delay.toMillis() + 999) / 1000))).orElse(null);
        return respond(error.code().httpStatus(), body, retryAfter);
    }

    public static APIGatewayProxyResponseEvent ok(ObjectNode body) {
        return respond(200, body, null);
    }

    public static APIGatewayProxyResponseEvent respond(int status, ObjectNode body, String retryAfter) {
        var headers = new HashMap<String, String>();
        headers.put("Content-Type", "application/json");
        if (retryAfter != null) {
            headers.put("Retry-After", retryAfter);
        }
        try {
            return new APIGatewayProxyResponseEvent()
                    .withStatusCode(status)
                    .withHeaders(headers)
                    .withBody(Json.MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }
}
