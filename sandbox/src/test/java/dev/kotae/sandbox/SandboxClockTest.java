package dev.kotae.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox's clock moves time for every handler: what takes hours on AWS is seen in a second. */
class SandboxClockTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void advancingTheClockExpiresAConversationForTheHandlersAndNeverGoesBack() throws Exception {
        try (var sandbox = Sandbox.start(SandboxOptions.defaults().withApiPort(0))) {
            var api = sandbox.apiEndpoint();
            assertThat(get(api, "/sandbox/clock").get("ahead").asText()).isEqualTo("PT0S");
            var sent = post(api, "/messages", "{\"to\": \"+819012345678\", \"body\": \"Reply CONFIRM\","
                    + " \"expectReply\": {\"keywords\": [\"CONFIRM\"], \"ttlSeconds\": 3600}}");
            assertThat(sent.statusCode()).isEqualTo(202);
            assertThat(conversationState(api)).isEqualTo("OPEN");

            var moved = post(api, "/sandbox/clock", "{\"advance\": \"PT2H\"}");
            var back = post(api, "/sandbox/clock", "{\"advance\": \"-PT1H\"}");

            assertThat(moved.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(moved.body()).get("ahead").asText()).isEqualTo("PT2H");
            assertThat(conversationState(api)).isEqualTo("EXPIRED");
            assertThat(back.statusCode()).isEqualTo(400);
            assertThat(back.body()).contains("INVALID_CLOCK");
        }
    }

    private static String conversationState(URI api) throws Exception {
        return get(api, "/conversations/%2B819012345678").get("conversations").get(0).get("state").asText();
    }

    private static JsonNode get(URI api, String path) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(api.resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static HttpResponse<String> post(URI api, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(api.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
