package dev.kotae.messages.boundary;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kotae.messages.entity.Text;
import dev.kotae.messages.entity.Conversation;
import dev.kotae.messages.entity.ErrorCode;
import dev.kotae.messages.entity.KotaeException;
import dev.kotae.messages.entity.DeliveryReport;
import dev.kotae.messages.entity.MessageView;
import dev.kotae.messages.entity.SendReceipt;
import dev.kotae.platform.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.function.Supplier;

/** The messages API's JSON: one shape per resource, one shape for every error. */
public final class ApiResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ApiResponses.class);

    private ApiResponses() {
    }

    static APIGatewayProxyResponseEvent accepted(SendReceipt receipt) {
        var body = Json.MAPPER.createObjectNode()
                .put("messageId", receipt.messageId())
                .put("to", receipt.to())
                .put("status", receipt.status().name())
                .put("segments", receipt.segments())
                .put("encoding", receipt.encoding().name());
        receipt.conversation().ifPresent(conversation -> body.set("conversation", conversation(conversation)));
        return respond(202, body, null);
    }

    static APIGatewayProxyResponseEvent message(MessageView view) {
        var message = view.message();
        var body = Json.MAPPER.createObjectNode()
                .put("messageId", message.messageId())
                .put("to", message.to())
                .put("type", message.type().name())
                .put("status", message.status().name())
                .put("segments", message.segments())
                .put("encoding", message.encoding().name())
                .put("bodyLength", message.bodyLength())
                .put("dryRun", message.dryRun())
                .put("caller", message.caller())
                .put("createdAt", message.createdAt().toString())
                .put("updatedAt", message.updatedAt().toString());
        message.providerMessageId().ifPresent(id -> body.put("providerMessageId", id));
        message.failure().ifPresent(failure -> body.putObject("error")
                .put("code", failure.code().name())
                .put("message", failure.message()));
        message.conversation().ifPresent(conversation -> body.set("conversation", conversation(conversation)));
        view.delivery().current().ifPresent(current -> body.set("delivery", deliveryStep(current)));
        var history = body.putArray("deliveryHistory");
        view.delivery().history().forEach(step -> history.add(deliveryStep(step)));
        return ok(body);
    }

    public static APIGatewayProxyResponseEvent error(KotaeException error) {
        var body = Json.MAPPER.createObjectNode();
        // A refusal may quote what the caller sent (a member's name); never as text that is not well-formed.
        var details = body.putObject("error")
                .put("code", error.code().name())
                .put("message", Text.wellFormed(error.getMessage()));
        error.field().ifPresent(field -> details.put("field", Text.wellFormed(field)));
        var retryAfter = error.retryAfter().map(delay -> Long.toString(Math.max(1, delay.toSeconds()))).orElse(null);
        return respond(error.code().httpStatus(), body, retryAfter);
    }

    /**
     * Runs one request's work and answers with its response, its documented error, or a bare 500
     * whose details go to the log only.
     */
    public static APIGatewayProxyResponseEvent answer(Supplier<APIGatewayProxyResponseEvent> work) {
        try {
            return work.get();
        } catch (KotaeException e) {
            // The field as Kotae names it: a member name the caller chose (an unknown member, a context key)
            // could be a phone number or a secret, and stays out of the log.
            LOG.info("Refused: {} {}", e.code(), e.field().map(SendRequestParser::asKotaeNamesIt).orElse(""));
            return error(e);
        } catch (RuntimeException e) {
            LOG.error("Request failed unexpectedly", e);
            return error(new KotaeException(ErrorCode.INTERNAL_ERROR, "Kotae failed unexpectedly; the failure is logged."));
        }
    }

    public static APIGatewayProxyResponseEvent ok(ObjectNode body) {
        return respond(200, body, null);
    }

    private static ObjectNode deliveryStep(DeliveryReport.Step step) {
        var node = Json.MAPPER.createObjectNode();
        step.status().ifPresent(status -> node.put("status", status.name()));
        node.put("eventType", step.eventType()).put("at", step.at().toString());
        step.description().ifPresent(description -> node.put("description", description));
        return node;
    }

    private static ObjectNode conversation(Conversation conversation) {
        var node = Json.MAPPER.createObjectNode()
                .put("conversationId", conversation.conversationId())
                .put("expiresAt", conversation.expiresAt().toString());
        conversation.keywords().forEach(node.putArray("keywords")::add);
        conversation.reference().ifPresent(reference -> node.put("reference", reference));
        return node;
    }

    private static APIGatewayProxyResponseEvent respond(int status, ObjectNode body, String retryAfter) {
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
