package dev.kotae.batches.boundary;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kotae.batches.entity.Batch;
import dev.kotae.batches.entity.BatchProgress;
import dev.kotae.batches.entity.EntryState;
import dev.kotae.batches.entity.RejectedEntry;
import dev.kotae.platform.encoding.Json;
import dev.kotae.shared.boundary.ApiAnswers;

import java.util.List;
import java.util.Locale;

/** The batch API's resources as JSON; errors are answered as every Kotae API answers them ({@link ApiAnswers}). */
final class BatchResponses {

    private BatchResponses() {
    }

    /** {@code 202}: the batch's id, how many entries were queued, and each refused entry with its error. */
    static APIGatewayProxyResponseEvent accepted(Batch batch) {
        var body = Json.MAPPER.createObjectNode()
                .put("batchId", batch.batchId())
                .put("status", batch.status().name())
                .put("accepted", batch.accepted())
                .put("parts", batch.parts());
        batch.sendAt().ifPresent(at -> body.put("sendAt", at.toString()));
        rejected(body.putArray("rejected"), batch.rejected());
        return ApiAnswers.respond(202, body, null);
    }

    static APIGatewayProxyResponseEvent progress(BatchProgress progress) {
        var batch = progress.batch();
        var body = Json.MAPPER.createObjectNode()
                .put("batchId", batch.batchId())
                .put("status", batch.status().name())
                .put("caller", batch.caller())
                .put("createdAt", batch.createdAt().toString())
                .put("updatedAt", batch.updatedAt().toString())
                .put("size", batch.size())
                .put("accepted", batch.accepted())
                .put("parts", batch.parts());
        batch.sendAt().ifPresent(at -> body.put("sendAt", at.toString()));
        var counts = body.putObject("counts");
        for (var state : EntryState.values()) {
            counts.put(camel(state.name()), progress.states().get(state));
        }
        counts.put("rejected", batch.rejected().size());
        counts.put("delivered", progress.delivered());
        counts.put("deliveryFailed", progress.deliveryFailed());
        var byCode = body.putObject("failedByCode");
        progress.failedByCode().forEach((code, count) -> byCode.put(code.name(), count));
        progress.lastSendExpectedAt().ifPresent(at -> body.put("lastSendExpectedAt", at.toString()));
        progress.lastSentAt().ifPresent(at -> body.put("lastSentAt", at.toString()));
        var failures = body.putArray("failures");
        for (var failure : progress.failures()) {
            failures.addObject()
                    .put("index", failure.index())
                    .put("messageId", failure.messageId())
                    .put("to", failure.to())
                    .put("status", failure.state().name())
                    .putObject("error")
                    .put("code", failure.error().code().name())
                    .put("message", failure.error().message());
        }
        rejected(body.putArray("rejected"), batch.rejected());
        return ApiAnswers.ok(body);
    }

    private static void rejected(ArrayNode list, List<RejectedEntry> rejected) {
        for (var entry : rejected) {
            ObjectNode error = list.addObject().put("index", entry.index()).putObject("error")
                    .put("code", entry.code().name())
                    .put("message", entry.message());
            entry.field().ifPresent(field -> error.put("field", field));
        }
    }

    /** OPTED_OUT → optedOut: the counts' names as JSON members. */
    private static String camel(String constant) {
        var words = constant.toLowerCase(Locale.ROOT).split("_");
        var name = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            name.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return name.toString();
    }
}
