package dev.kotae.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An appointment's reminder pair through the sandbox's API, as a caller books it: the first goes out
 * when the sandbox's clock reaches it, its CONFIRM is heard, the second is canceled and never sent.
 */
class SandboxRemindersTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PHONE = "+819012345678";

    @Test
    void theFirstReminderGoesOutItsConfirmIsHeardAndTheCanceledSecondNever() throws Exception {
        try (var sandbox = Sandbox.start(SandboxOptions.defaults().withApiPort(0))) {
            var api = sandbox.apiEndpoint();
            var now = Instant.parse(get(api, "/sandbox/clock").get("now").asText()).truncatedTo(ChronoUnit.SECONDS);
            var appointment = now.plus(Duration.ofDays(8));
            var sevenDaysBefore = book(api, appointment.minus(Duration.ofDays(7)));
            var oneDayBefore = book(api, appointment.minus(Duration.ofDays(1)));

            advance(api, "P1DT1M");
            var first = waitForStatus(api, sevenDaysBefore, "SENT");
            var confirmed = post(api, "/sandbox/inbound", "{\"from\": \"" + PHONE + "\", \"body\": \"CONFIRM\"}");
            var canceled = send(api, HttpRequest.newBuilder(api.resolve("/messages/" + oneDayBefore)).DELETE());
            advance(api, "P7D");
            Thread.sleep(1_500);

            assertThat(first.get("status").asText()).isEqualTo("SENT");
            assertThat(confirmed.statusCode()).isEqualTo(202);
            assertThat(waitForConversation(api)).isEqualTo("CONFIRMED");
            assertThat(canceled.statusCode()).isEqualTo(200);
            assertThat(message(api, oneDayBefore).get("status").asText()).isEqualTo("CANCELED");
            // The first reminder and CONFIRM's answer: nothing from the canceled second.
            var outbox = get(api, "/sandbox/outbox?to=%2B819012345678");
            assertThat(outbox).hasSize(2);
            assertThat(outbox.get(0).get("body").asText()).contains("Reply CONFIRM");
        }
    }

    private static String book(URI api, Instant sendAt) throws Exception {
        var response = post(api, "/messages", "{\"to\": \"" + PHONE + "\", \"sendAt\": \"" + sendAt + "\","
                + " \"body\": \"Sakura Clinic: your appointment is in a week or a day. Reply CONFIRM to confirm.\","
                + " \"expectReply\": {\"keywords\": [\"CONFIRM\"], \"reference\": \"appt-123\"}}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        var receipt = JSON.readTree(response.body());
        assertThat(receipt.get("status").asText()).isEqualTo("SCHEDULED");
        return receipt.get("messageId").asText();
    }

    private static void advance(URI api, String duration) throws Exception {
        assertThat(post(api, "/sandbox/clock", "{\"advance\": \"" + duration + "\"}").statusCode()).isEqualTo(200);
    }

    /** The ticker fires due schedules twice a second: what is due is sent within a few ticks. */
    private static JsonNode waitForStatus(URI api, String messageId, String status) throws Exception {
        JsonNode message = message(api, messageId);
        for (int tick = 0; tick < 50 && !message.get("status").asText().equals(status); tick++) {
            Thread.sleep(100);
            message = message(api, messageId);
        }
        return message;
    }

    private static String waitForConversation(URI api) throws Exception {
        String state = "";
        for (int tick = 0; tick < 50 && !state.equals("CONFIRMED"); tick++) {
            var conversations = get(api, "/conversations/%2B819012345678").get("conversations");
            state = conversations.isEmpty() ? "" : conversations.get(0).get("state").asText();
            Thread.sleep(100);
        }
        return state;
    }

    private static JsonNode message(URI api, String messageId) throws Exception {
        return get(api, "/messages/" + messageId);
    }

    private static JsonNode get(URI api, String path) throws Exception {
        return JSON.readTree(send(api, HttpRequest.newBuilder(api.resolve(path)).GET()).body());
    }

    private static HttpResponse<String> post(URI api, String path, String body) throws Exception {
        return send(api, HttpRequest.newBuilder(api.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> send(URI api, HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
