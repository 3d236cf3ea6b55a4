package dev.kotae.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** A sandbox driven as a newcomer drives it, over HTTP only: the calls the end-to-end tests share. */
final class SandboxHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Inbound messages travel through SQS, so their effects are awaited, never assumed. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final URI api;

    SandboxHttp(URI api) {
        this.api = api;
    }

    /** A control or API call that must succeed, its answer as JSON. */
    JsonNode post(String path, Map<String, Object> body) {
        var response = exchange(HttpRequest.newBuilder(api.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body))).build());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return json(response);
    }

    JsonNode get(String path) {
        var response = exchange(HttpRequest.newBuilder(api.resolve(path)).GET().build());
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return json(response);
    }

    /** What the simulated phones of {@code number} received, oldest first. */
    JsonNode outbox(String number) {
        return get("/sandbox/outbox?to=" + number.replace("+", "%2B"));
    }

    /** What the event bus received about {@code number}, oldest first: each with its detail type and detail. */
    List<JsonNode> eventsAbout(String number) {
        var events = new ArrayList<JsonNode>();
        get("/sandbox/events").forEach(event -> {
            // The detail is the JSON text Kotae published.
            if (event.get("detail").asText().contains("\"phoneNumber\":\"" + number + "\"")) {
                events.add(event);
            }
        });
        return events;
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(api.resolve(path));
    }

    static void await(BooleanSupplier condition, String what) {
        var deadline = Instant.now().plus(PATIENCE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Waited " + PATIENCE.toSeconds() + " s for " + what);
            }
            pause(Duration.ofMillis(100));
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static HttpResponse<String> exchange(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
