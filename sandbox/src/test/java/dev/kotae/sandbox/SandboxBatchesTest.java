package dev.kotae.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.kotae.settings.KotaeSettings;
import dev.kotae.standins.AcceptedMessage;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch through the whole sandbox, as the issue that asked for batches puts it: invalid, opted-out and
 * duplicate entries, a throttle in the middle, and the sender replaced mid-batch (after one of its
 * environments died holding entries it had received) — and every valid entry sent exactly once, with
 * {@code GET /batches/{batchId}} adding up.
 */
class SandboxBatchesTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ENTRIES = 60;
    private static final String OPTED_OUT = "+819099990000";

    @Test
    void everyValidEntryIsSentExactlyOnceThroughThrottlesAndARestart() throws Exception {
        var options = SandboxOptions.defaults().withApiPort(0).withVisibilityTimeout(Duration.ofSeconds(2))
                .withContext(KotaeSettings.MESSAGES_PER_SECOND, "20");
        try (var sandbox = Sandbox.start(options)) {
            var api = sandbox.apiEndpoint();
            // The opted-out number says STOP first; its answer is the one message it gets.
            assertThat(post(api, "/sandbox/inbound", "{\"from\": \"" + OPTED_OUT + "\", \"body\": \"STOP\"}")
                    .statusCode()).isEqualTo(202);
            waitFor(() -> outboxTo(api, OPTED_OUT) == 1, "the STOP answer");

            var batch = post(api, "/batches", batchOf(ENTRIES));
            assertThat(batch.statusCode()).as(batch.body()).isEqualTo(202);
            var receipt = JSON.readTree(batch.body());
            var batchId = receipt.get("batchId").asText();
            // 60 valid, plus the opted-out number, a duplicate of entry 0 and an invalid number.
            assertThat(receipt.get("accepted").asInt()).isEqualTo(ENTRIES + 1);
            assertThat(receipt.get("rejected")).hasSize(2);

            waitFor(() -> sentSoFar(api) >= 10, "the first entries");
            assertThat(post(api, "/sandbox/faults", "{\"fault\": \"throttle\", \"count\": 6}").statusCode()).isEqualTo(202);
            waitFor(() -> sentSoFar(api) >= 25, "entries after the throttles");
            restartAbandoningReceivedEntries(sandbox);

            waitFor(() -> progress(api, batchId).at("/counts/queued").asInt() == 0
                    && progress(api, batchId).at("/counts/sending").asInt() == 0, "the whole batch");
            var progress = progress(api, batchId);
            var sent = get(api, "/sandbox/outbox");
            var perNumber = new HashMap<String, Integer>();
            sent.forEach(message -> perNumber.merge(message.get("to").asText(), 1, Integer::sum));

            assertThat(perNumber.entrySet().stream().filter(entry -> !entry.getKey().equals(OPTED_OUT))
                    .map(entry -> entry.getValue()).collect(Collectors.toSet())).as("each number once").containsOnly(1);
            assertThat(perNumber).hasSize(ENTRIES + 1).containsEntry(OPTED_OUT, 1);
            assertThat(progress.at("/counts/sent").asInt()).isEqualTo(ENTRIES);
            assertThat(progress.at("/counts/optedOut").asInt()).isEqualTo(1);
            assertThat(progress.at("/counts/rejected").asInt()).isEqualTo(2);
            assertThat(progress.at("/counts/failed").asInt() + progress.at("/counts/unknown").asInt()
                    + progress.at("/counts/canceled").asInt()).isZero();
            var counted = 0;
            for (var state : Set.of("scheduled", "queued", "sending", "sent", "dryRun", "failed", "optedOut", "canceled",
                    "unknown")) {
                counted += progress.at("/counts/" + state).asInt();
            }
            assertThat(counted).as("every queued entry counted once").isEqualTo(progress.get("accepted").asInt());
            assertThat(progress.get("size").asInt()).isEqualTo(counted + progress.at("/counts/rejected").asInt());
            waitFor(() -> progress(api, batchId).at("/counts/delivered").asInt() == ENTRIES, "the deliveries");
        }
    }

    @Test
    void aBatchSentLaterGoesOutAtItsTimeWhenTheSandboxClockPassesIt() throws Exception {
        try (var sandbox = Sandbox.start(SandboxOptions.defaults().withApiPort(0))) {
            var api = sandbox.apiEndpoint();
            var now = Instant.parse(get(api, "/sandbox/clock").get("now").asText());
            var sendAt = now.plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            var body = JSON.createObjectNode().put("sendAt", sendAt.toString());
            var messages = body.putArray("messages");
            for (int i = 0; i < 3; i++) {
                messages.addObject().put("to", "+8190" + (23_000_000 + i)).put("body", "Tomorrow at " + (9 + i) + ":00.");
            }

            var batch = JSON.readTree(post(api, "/batches", body.toString()).body());
            var batchId = batch.get("batchId").asText();
            var waiting = progress(api, batchId);
            var passed = post(api, "/sandbox/clock", "{\"advance\": \"P2D\"}");

            assertThat(batch.get("status").asText()).isEqualTo("SCHEDULED");
            assertThat(waiting.at("/counts/scheduled").asInt()).isEqualTo(3);
            assertThat(passed.statusCode()).isEqualTo(200);
            // Each entry's schedule fired at sendAt, and the entries went out then, before the clock moved on.
            assertThat(JSON.readTree(passed.body()).get("schedulesFired").asInt()).isEqualTo(3);
            assertThat(JSON.readTree(passed.body()).get("messagesSent").asInt()).isEqualTo(3);
            assertThat(progress(api, batchId).at("/counts/sent").asInt()).isEqualTo(3);
            assertThat(get(api, "/sandbox/outbox")).hasSize(3).allSatisfy(sms -> assertThat(
                    Instant.parse(sms.get("acceptedAt").asText())).isBetween(sendAt, sendAt.plusSeconds(30)));
        }
    }

    /**
     * Stops the sender, then receives a few entries as an environment that died right after receiving them
     * would have (they come back when their visibility timeout ends), and starts a new sender.
     */
    private static void restartAbandoningReceivedEntries(Sandbox sandbox) throws InterruptedException {
        var sender = sandbox.batchSender();
        sender.stop();
        try (var sqs = SqsClient.builder().endpointOverride(sandbox.endpoints().get("sqs"))
                .region(Region.AP_NORTHEAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build()) {
            var received = sqs.receiveMessage(r -> r.queueUrl(sender.queue().url()).maxNumberOfMessages(5)).messages();
            assertThat(received).as("entries still waiting when the sender stopped").isNotEmpty();
        }
        sender.start();
    }

    private static String batchOf(int valid) {
        var messages = JSON.createArrayNode();
        for (int i = 0; i < valid; i++) {
            messages.addObject().put("to", "+8190" + (12_000_000 + i))
                    .put("body", "Sakura Clinic: your appointment is tomorrow at " + (9 + i % 8) + ":00. Reply CONFIRM.");
        }
        messages.addObject().put("to", OPTED_OUT).put("body", "Sakura Clinic: your appointment is tomorrow.");
        messages.add(messages.get(0).deepCopy());
        messages.addObject().put("to", "12345").put("body", "Sakura Clinic: your appointment is tomorrow.");
        var batch = JSON.createObjectNode();
        batch.set("messages", messages);
        return batch.toString();
    }

    private static int sentSoFar(URI api) throws Exception {
        return get(api, "/sandbox/outbox").size();
    }

    private static int outboxTo(URI api, String number) throws Exception {
        return get(api, "/sandbox/outbox?to=" + number.replace("+", "%2B")).size();
    }

    private static JsonNode progress(URI api, String batchId) throws Exception {
        return get(api, "/batches/" + batchId);
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitFor(Condition condition, String what) throws Exception {
        var deadline = Instant.now().plusSeconds(60);
        while (!condition.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("waited a minute for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static JsonNode get(URI api, String path) throws Exception {
        return JSON.readTree(send(HttpRequest.newBuilder(api.resolve(path)).GET()).body());
    }

    private static HttpResponse<String> post(URI api, String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(api.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
