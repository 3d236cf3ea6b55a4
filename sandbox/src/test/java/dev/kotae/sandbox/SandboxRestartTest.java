package dev.kotae.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kotae.standins.AcceptedMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** With a data directory, what the table and the queues hold survives a restart of the sandbox. */
class SandboxRestartTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ENTRIES = 40;

    @Test
    void aMessageSentBeforeARestartIsStillThereAfterIt(@TempDir Path data) throws Exception {
        var options = SandboxOptions.defaults().withApiPort(0).withDataDirectory(data);
        String messageId;
        try (var first = Sandbox.start(options)) {
            var sent = post(first.apiEndpoint(), "/messages", "{\"to\": \"+819012345678\", \"body\": \"kept\"}");
            assertThat(sent.statusCode()).isEqualTo(202);
            messageId = JSON.readTree(sent.body()).get("messageId").asText();
        }

        try (var second = Sandbox.start(options)) {
            var found = get(second.apiEndpoint(), "/messages/" + messageId);

            assertThat(found.statusCode()).isEqualTo(200);
            assertThat(found.body()).contains("\"status\":\"SENT\"");
        }
    }

    /**
     * A batch still on its queue when the sandbox stops, some entries taken off it by a sender that never
     * finished them: after the restart every entry goes out, each exactly once.
     */
    @Test
    void aBatchStoppedHalfwayIsFinishedAfterARestartEachEntrySentOnce(@TempDir Path data) throws Exception {
        var options = SandboxOptions.defaults().withApiPort(0).withDataDirectory(data)
                .withVisibilityTimeout(Duration.ofSeconds(1));
        var sent = new ArrayList<AcceptedMessage>();
        String batchId;
        try (var first = Sandbox.start(options)) {
            var accepted = post(first.apiEndpoint(), "/batches", batch());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            batchId = JSON.readTree(accepted.body()).get("batchId").asText();
            await(() -> first.sms().outbox().size() >= 5, "the batch to be under way");
            abandonSomeEntries(first);
            first.close();
            sent.addAll(first.sms().outbox());
        }
        assertThat(sent).as("sent before the restart").hasSizeBetween(5, ENTRIES - 1);

        try (var second = Sandbox.start(options)) {
            var api = second.apiEndpoint();
            await(() -> progress(api, batchId).at("/counts/sent").asInt() == ENTRIES, "every entry sent");
            sent.addAll(second.sms().outbox());
        }

        assertThat(sent).extracting(AcceptedMessage::destinationPhoneNumber)
                .containsExactlyInAnyOrderElementsOf(numbers());
    }

    /** A reminder booked before a restart goes out after it, at its time; the clock stays where it was moved. */
    @Test
    void aScheduleAndTheClocksAdvanceSurviveARestart(@TempDir Path data) throws Exception {
        var options = SandboxOptions.defaults().withApiPort(0).withDataDirectory(data);
        Instant sendAt;
        try (var first = Sandbox.start(options)) {
            var api = first.apiEndpoint();
            assertThat(post(api, "/sandbox/clock", "{\"advance\": \"P1D\"}").statusCode()).isEqualTo(200);
            var now = Instant.parse(JSON.readTree(get(api, "/sandbox/clock").body()).get("now").asText());
            sendAt = now.plus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            var booked = post(api, "/messages", "{\"to\": \"+819012345678\", \"body\": \"Kept for later\","
                    + " \"sendAt\": \"" + sendAt + "\"}");
            assertThat(booked.statusCode()).as(booked.body()).isEqualTo(202);
        }

        try (var second = Sandbox.start(options)) {
            var api = second.apiEndpoint();
            var ahead = JSON.readTree(get(api, "/sandbox/clock").body()).get("ahead").asText();
            var passed = JSON.readTree(post(api, "/sandbox/clock", "{\"advance\": \"PT3H\"}").body());

            assertThat(ahead).isEqualTo("PT24H");
            assertThat(passed.get("messagesSent").asInt()).isEqualTo(1);
            assertThat(second.sms().outbox()).singleElement().satisfies(sms ->
                    assertThat(sms.acceptedAt()).isBetween(sendAt, sendAt.plusSeconds(30)));
        }
    }

    /** What a sender that died right after receiving does: the entries stay in flight until their visibility ends. */
    private static void abandonSomeEntries(Sandbox sandbox) throws InterruptedException {
        var sender = sandbox.batchSender();
        sender.stop();
        try (var sqs = SqsClient.builder().endpointOverride(sandbox.endpoints().get("sqs"))
                .region(Region.AP_NORTHEAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build()) {
            var received = sqs.receiveMessage(r -> r.queueUrl(sender.queue().url()).maxNumberOfMessages(3)).messages();
            assertThat(received).as("entries still waiting when the sandbox stops").isNotEmpty();
        }
    }

    private static List<String> numbers() {
        return IntStream.range(0, ENTRIES).mapToObj(i -> "+8190" + (34_000_000 + i)).toList();
    }

    private static String batch() {
        var body = JSON.createObjectNode();
        var messages = body.putArray("messages");
        numbers().forEach(number -> messages.addObject().put("to", number).put("body", "Kept across a restart."));
        return body.toString();
    }

    private static JsonNode progress(URI api, String batchId) {
        try {
            return JSON.readTree(get(api, "/batches/" + batchId).body());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        var deadline = Instant.now().plusSeconds(60);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("waited a minute for " + what);
            }
            Thread.sleep(200);
        }
    }

    private static HttpResponse<String> post(URI api, String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(api.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(URI api, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(api.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
