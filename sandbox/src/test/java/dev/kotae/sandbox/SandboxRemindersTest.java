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
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An appointment's reminder pair through the sandbox's API, as a caller books it, and time passing over it
 * as it passes on AWS: each reminder goes out at its own time, whatever the advance that passes it.
 */
class SandboxRemindersTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PHONE = "+819012345678";
    /**
     * How long after its time a send may be accepted: the firing, a function's first run and the call that made
     * it, on a busy machine. Far less than the hours and days between the times these tests book.
     */
    private static final Duration PROMPTLY = Duration.ofSeconds(30);

    /** The sandbox guide's story (docs/sandbox.md): book both reminders, let a week pass in one call. */
    @Test
    void aWeekPassingInOneCallSendsEachReminderAtItsTimeAndTheFirstConversationExpiresBeforeTheSecond() throws Exception {
        try (var sandbox = Sandbox.start(SandboxOptions.defaults().withApiPort(0))) {
            var api = sandbox.apiEndpoint();
            var appointment = now(api).plus(Duration.ofDays(8));
            var sevenDaysBefore = appointment.minus(Duration.ofDays(7));
            var oneDayBefore = appointment.minus(Duration.ofDays(1));
            var first = book(api, sevenDaysBefore);
            var second = book(api, oneDayBefore);

            var passed = advance(api, "P7D");

            assertThat(passed.get("schedulesFired").asInt()).isEqualTo(2);
            assertThat(passed.get("messagesSent").asInt()).isEqualTo(2);
            assertThat(passed.get("messagesFailed").asInt()).isZero();
            assertThat(passed.get("conversationsExpired").asInt()).isEqualTo(1);
            assertThat(passed.get("reached").asBoolean()).isTrue();
            assertThat(passed.get("ahead").asText()).isEqualTo("PT168H");
            var sent = acceptedTimes(api);
            assertThat(sent).hasSize(2);
            // What each firing set going was done before the clock moved on: its delivery events too.
            assertThat(message(api, first).at("/delivery/status").asText()).isEqualTo("DELIVERED");
            assertThat(message(api, second).at("/delivery/status").asText()).isEqualTo("DELIVERED");
            assertThat(sent.get(0)).isBetween(sevenDaysBefore, sevenDaysBefore.plus(PROMPTLY));
            assertThat(sent.get(1)).isBetween(oneDayBefore, oneDayBefore.plus(PROMPTLY));
            var conversations = get(api, "/conversations/%2B819012345678").get("conversations");
            assertThat(conversations).hasSize(2);
            // Newest first: the second reminder's, open; the first's, expired a day after it opened, days before.
            assertThat(conversations.get(0).get("state").asText()).isEqualTo("OPEN");
            assertThat(conversations.get(1).get("state").asText()).isEqualTo("EXPIRED");
            assertThat(Instant.parse(conversations.get(1).get("expiresAt").asText())).isBefore(sent.get(1));
        }
    }

    @Test
    void theFirstReminderGoesOutItsConfirmIsHeardAndTheCanceledSecondNever() throws Exception {
        try (var sandbox = Sandbox.start(SandboxOptions.defaults().withApiPort(0))) {
            var api = sandbox.apiEndpoint();
            var appointment = now(api).plus(Duration.ofDays(8));
            var sevenDaysBefore = book(api, appointment.minus(Duration.ofDays(7)));
            var oneDayBefore = book(api, appointment.minus(Duration.ofDays(1)));

            var firstDay = advance(api, "P1DT1M");
            var confirmed = post(api, "/sandbox/inbound", "{\"from\": \"" + PHONE + "\", \"body\": \"CONFIRM\"}");
            var answered = waitForConversation(api);
            waitForOutbox(api, 2);
            var canceled = send(api, HttpRequest.newBuilder(api.resolve("/messages/" + oneDayBefore)).DELETE());
            var restOfTheWeek = advance(api, "P7D");

            assertThat(firstDay.get("messagesSent").asInt()).isEqualTo(1);
            assertThat(message(api, sevenDaysBefore).get("status").asText()).isEqualTo("SENT");
            assertThat(confirmed.statusCode()).isEqualTo(202);
            assertThat(answered).isEqualTo("CONFIRMED");
            assertThat(canceled.statusCode()).isEqualTo(200);
            assertThat(restOfTheWeek.get("schedulesFired").asInt()).isZero();
            assertThat(restOfTheWeek.get("messagesSent").asInt()).isZero();
            assertThat(message(api, oneDayBefore).get("status").asText()).isEqualTo("CANCELED");
            // The first reminder and CONFIRM's answer: nothing from the canceled second.
            var outbox = get(api, "/sandbox/outbox?to=%2B819012345678");
            assertThat(outbox).hasSize(2);
            assertThat(outbox.get(0).get("body").asText()).contains("Reply CONFIRM");
        }
    }

    /**
     * A throttled firing is retried by Lambda a minute and then two minutes later, in the sandbox's time: the
     * send is where AWS would put it, three minutes after its time, within one advance.
     */
    @Test
    void aThrottledFiringIsRetriedAtLambdasRetryTimesWithinOneAdvance() throws Exception {
        try (var sandbox = Sandbox.start(SandboxOptions.defaults().withApiPort(0))) {
            var api = sandbox.apiEndpoint();
            var sendAt = now(api).plus(Duration.ofHours(1));
            var messageId = book(api, sendAt);
            // Each invocation's client tries three times (AwsClients): the first two invocations are refused.
            throttleSends(api, 6);

            var passed = advance(api, "PT2H");

            assertThat(passed.get("schedulesFired").asInt()).isEqualTo(1);
            assertThat(passed.get("messagesSent").asInt()).isEqualTo(1);
            assertThat(message(api, messageId).get("status").asText()).isEqualTo("SENT");
            assertThat(acceptedTimes(api)).singleElement().satisfies(accepted ->
                    assertThat(accepted).isBetween(sendAt.plus(Duration.ofMinutes(3)),
                            sendAt.plus(Duration.ofMinutes(3)).plus(PROMPTLY)));
        }
    }

    /**
     * The hour's deadline keeps its meaning: a firing throttled on every attempt is never sent, and an hour
     * after its time the message reads FAILED with SEND_DEADLINE_PASSED and the last reason.
     */
    @Test
    void aFiringThrottledOnEveryAttemptIsNeverSentAndFailsAtItsDeadline() throws Exception {
        try (var sandbox = Sandbox.start(SandboxOptions.defaults().withApiPort(0))) {
            var api = sandbox.apiEndpoint();
            var messageId = book(api, now(api).plus(Duration.ofHours(1)));
            // Three invocations, each trying three times (AwsClients).
            throttleSends(api, 9);

            var passed = advance(api, "PT3H");

            assertThat(passed.get("messagesSent").asInt()).isZero();
            assertThat(passed.get("messagesFailed").asInt()).isEqualTo(1);
            var message = message(api, messageId);
            assertThat(message.get("status").asText()).isEqualTo("FAILED");
            assertThat(message.get("error").get("code").asText()).isEqualTo("SEND_DEADLINE_PASSED");
            assertThat(get(api, "/sandbox/outbox?to=%2B819012345678")).isEmpty();
            // The console says what the record says, with each refused attempt.
            var bubble = get(api, Console.STATE).at("/phones/0/thread/0");
            assertThat(bubble.get("status").asText()).isEqualTo("failed");
            assertThat(bubble.get("failure").asText()).isEqualTo("SEND_DEADLINE_PASSED");
            assertThat(bubble.get("refusals")).hasSize(9);
        }
    }

    @Test
    void aClockThatWouldGoBackIsRefused() throws Exception {
        try (var sandbox = Sandbox.start(SandboxOptions.defaults().withApiPort(0))) {
            var api = sandbox.apiEndpoint();

            var back = post(api, "/sandbox/clock", "{\"advance\": \"-PT1H\"}");
            var notADuration = post(api, "/sandbox/clock", "{\"advance\": \"tomorrow\"}");

            assertThat(back.statusCode()).isEqualTo(400);
            assertThat(back.body()).contains("INVALID_CLOCK").contains("never goes back");
            assertThat(notADuration.statusCode()).isEqualTo(400);
            assertThat(notADuration.body()).contains("INVALID_CLOCK").contains("'tomorrow'");
            assertThat(get(api, "/sandbox/clock").get("ahead").asText()).isEqualTo("PT0S");
        }
    }

    private static Instant now(URI api) throws Exception {
        return Instant.parse(get(api, "/sandbox/clock").get("now").asText()).truncatedTo(ChronoUnit.SECONDS);
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

    private static void throttleSends(URI api, int calls) throws Exception {
        var fault = post(api, "/sandbox/faults", "{\"operation\": \"SendTextMessage\", \"fault\": \"throttle\", \"count\": "
                + calls + "}");
        assertThat(fault.statusCode()).as(fault.body()).isEqualTo(202);
    }

    private static JsonNode advance(URI api, String duration) throws Exception {
        var response = post(api, "/sandbox/clock", "{\"advance\": \"" + duration + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** When End User Messaging accepted each message to the phone, oldest first. */
    private static List<Instant> acceptedTimes(URI api) throws Exception {
        var times = new ArrayList<Instant>();
        get(api, "/sandbox/outbox?to=%2B819012345678").forEach(sms -> times.add(Instant.parse(sms.get("acceptedAt").asText())));
        return times;
    }

    /** A reply travels through SQS: its effect is awaited. */
    private static String waitForConversation(URI api) throws Exception {
        String state = "";
        for (int tick = 0; tick < 50 && !state.equals("CONFIRMED"); tick++) {
            var conversations = get(api, "/conversations/%2B819012345678").get("conversations");
            state = conversations.isEmpty() ? "" : conversations.get(0).get("state").asText();
            Thread.sleep(200);
        }
        return state;
    }

    /** CONFIRM's answer goes out after its decision is committed: it is awaited too. */
    private static void waitForOutbox(URI api, int messages) throws Exception {
        for (int tick = 0; tick < 50 && get(api, "/sandbox/outbox?to=%2B819012345678").size() < messages; tick++) {
            Thread.sleep(200);
        }
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
