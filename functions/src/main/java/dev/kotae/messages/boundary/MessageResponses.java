package dev.kotae.messages.boundary;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kotae.messages.entity.Conversation;
import dev.kotae.messages.entity.DeliveryReport;
import dev.kotae.messages.entity.MessageView;
import dev.kotae.messages.entity.SendReceipt;
import dev.kotae.platform.encoding.Json;
import dev.kotae.shared.boundary.ApiAnswers;
import dev.kotae.shared.entity.PhoneNumbers;

import java.util.List;

/** The messages API's resources as JSON; errors are answered as every Kotae API answers them ({@link ApiAnswers}). */
final class MessageResponses {

    private MessageResponses() {
    }

    static APIGatewayProxyResponseEvent accepted(SendReceipt receipt) {
        var body = Json.MAPPER.createObjectNode()
                .put("messageId", receipt.messageId())
                .put("to", receipt.to())
                .put("status", receipt.status().name())
                .put("segments", receipt.segments())
                .put("encoding", receipt.encoding().name());
        receipt.sendAt().ifPresent(at -> body.put("sendAt", at.toString()));
        receipt.heldFor().ifPresent(reason -> body.put("heldFor", reason.name()));
        receipt.conversation().ifPresent(conversation -> body.set("conversation", conversation(conversation)));
        return ApiAnswers.respond(202, body, null);
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
        message.sendAt().ifPresent(at -> body.put("sendAt", at.toString()));
        message.providerMessageId().ifPresent(id -> body.put("providerMessageId", id));
        message.failure().ifPresent(failure -> body.putObject("error")
                .put("code", failure.code().name())
                .put("message", failure.message()));
        message.conversation().ifPresent(conversation -> body.set("conversation", conversation(conversation)));
        view.delivery().current().ifPresent(current -> body.set("delivery", deliveryStep(current)));
        var history = body.putArray("deliveryHistory");
        view.delivery().history().forEach(step -> history.add(deliveryStep(step)));
        return ApiAnswers.ok(body);
    }

    /**
     * A person's own sends, for the send page: when, to whom (masked: the list is on screen, and the person knows
     * whom they wrote to), how far it went. Never the body, which is not stored.
     */
    static APIGatewayProxyResponseEvent sentBy(List<MessageView> views) {
        var body = Json.MAPPER.createObjectNode();
        var list = body.putArray("messages");
        for (var view : views) {
            var message = view.message();
            var node = list.addObject()
                    .put("messageId", message.messageId())
                    .put("to", PhoneNumbers.mask(message.to()))
                    .put("status", message.status().name())
                    .put("segments", message.segments())
                    .put("createdAt", message.createdAt().toString());
            message.failure().ifPresent(failure -> node.putObject("error").put("code", failure.code().name()));
            view.delivery().current().ifPresent(current -> node.set("delivery", deliveryStep(current)));
        }
        return ApiAnswers.ok(body);
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
}
