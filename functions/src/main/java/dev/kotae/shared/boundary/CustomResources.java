package dev.kotae.shared.boundary;

import com.amazonaws.services.lambda.runtime.events.CloudFormationCustomResourceEvent;
import dev.kotae.platform.encoding.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * How Kotae's custom resources answer CloudFormation: one PUT of the response object to the event's
 * pre-signed URL (CloudFormation User Guide, "Custom resource response objects"), whatever happened.
 * Without it the stack waits for the resource's ServiceTimeout.
 */
public final class CustomResources {

    private static final Logger LOG = LoggerFactory.getLogger(CustomResources.class);
    /** CloudFormation shows the reason in the stack's events; it takes at most 4 KB of response, so keep it short. */
    private static final int MAX_REASON = 1000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What a resource's handler did: its physical id, why (shown when it failed), and its attributes. */
    public record Outcome(String physicalId, String reason, Map<String, String> data) {

        public static Outcome done(String physicalId) {
            return new Outcome(physicalId, "OK", Map.of());
        }
    }

    /** Work that may refuse with a reason CloudFormation should show: the message names the fix. */
    @FunctionalInterface
    public interface Work {
        Outcome run();
    }

    /**
     * Runs {@code work} and answers CloudFormation: SUCCESS with its outcome, or FAILED with the
     * refusal's message ({@code refusal}'s instances) or the failure's class and message.
     *
     * @param physicalIdOnFailure the id to answer when the work fails: the event's own, or its request id on a create
     */
    public void handle(CloudFormationCustomResourceEvent event, Class<? extends RuntimeException> refusal, Work work) {
        var physicalIdOnFailure = event.getPhysicalResourceId() != null ? event.getPhysicalResourceId() : event.getRequestId();
        try {
            var outcome = work.run();
            respond(event, "SUCCESS", outcome);
        } catch (RuntimeException e) {
            if (refusal.isInstance(e)) {
                LOG.error("{} of {} refused: {}", event.getRequestType(), event.getResourceType(), e.getMessage());
                respond(event, "FAILED", new Outcome(physicalIdOnFailure, e.getMessage(), Map.of()));
            } else {
                LOG.error("{} of {} failed", event.getRequestType(), event.getResourceType(), e);
                respond(event, "FAILED", new Outcome(physicalIdOnFailure,
                        e.getClass().getSimpleName() + ": " + e.getMessage(), Map.of()));
            }
        }
    }

    /** A property the resource must be given; its absence fails the resource, named. */
    public static String required(Map<String, Object> properties, String name) {
        var value = properties == null ? null : properties.get(name);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalArgumentException("Property " + name + " is required");
        }
        return value.toString();
    }

    private void respond(CloudFormationCustomResourceEvent event, String status, Outcome outcome) {
        var reason = outcome.reason();
        var body = Json.MAPPER.createObjectNode()
                .put("Status", status)
                .put("Reason", reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason)
                .put("PhysicalResourceId", outcome.physicalId())
                .put("StackId", event.getStackId())
                .put("RequestId", event.getRequestId())
                .put("LogicalResourceId", event.getLogicalResourceId())
                .put("NoEcho", false);
        if (!outcome.data().isEmpty()) {
            var data = body.putObject("Data");
            outcome.data().forEach(data::put);
        }
        var request = HttpRequest.newBuilder(URI.create(event.getResponseUrl()))
                .timeout(Duration.ofSeconds(10))
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            var response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("CloudFormation answered " + response.statusCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not answer CloudFormation", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while answering CloudFormation", e);
        }
    }
}
