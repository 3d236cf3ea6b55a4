package dev.kotae.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.kotae.standins.SmsSimulator;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole system as a newcomer drives it: only HTTP to the sandbox's API and control surface.
 * Each test uses its own phone number, so they share one sandbox.
 */
class SandboxEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Sandbox sandbox;
    private static URI api;
    private static SandboxHttp http;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withApiPort(0).withVisibilityTimeout(Duration.ofSeconds(1)));
        api = sandbox.apiEndpoint();
        http = new SandboxHttp(api);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void theRootSaysReadyAndListsTheEndpoints() {
        var status = get("/");

        assertThat(status.get("status").asText()).isEqualTo("ready");
        assertThat(status.get("endpoints").fieldNames()).toIterable()
                .contains("api", "dynamodb", "sqs", "sms", "eventbridge");
    }

    @Test
    void aSentMessageReachesTheOutbox() {
        var number = newNumber();

        var receipt = send(Map.of("to", number, "body", "Your code is 482913"), null);

        assertThat(receipt.statusCode()).isEqualTo(202);
        assertThat(outbox(number)).singleElement().satisfies(sms ->
                assertThat(sms.get("body").asText()).isEqualTo("Your code is 482913"));
        assertThat(get("/messages/" + json(receipt).get("messageId").asText()).get("status").asText()).isEqualTo("SENT");
    }

    /** The local API hands Kotae the bytes, as the stack's API does for application/json; nothing is repaired. */
    @Test
    void bytesThatAreNotUtf8AreRefusedAndNothingIsSent() {
        var number = newNumber();
        var prefix = ("{\"to\": \"" + number + "\", \"body\": \"caf").getBytes(StandardCharsets.UTF_8);
        var body = new byte[prefix.length + 3];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[prefix.length] = (byte) 0xE9;   // é in Latin-1, not UTF-8
        body[prefix.length + 1] = '"';
        body[prefix.length + 2] = '}';

        var response = exchange(HttpRequest.newBuilder(api.resolve("/messages"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("INVALID_JSON");
        assertThat(outbox(number)).isEmpty();
    }

    /** A path no HTTP client would build (a malformed escape) still gets the API's error shape, not an HTML page. */
    @Test
    void aRequestTheHttpLayerCannotReadIsAnsweredInTheErrorShape() throws IOException {
        try (var socket = new Socket(api.getHost(), api.getPort())) {
            socket.getOutputStream().write(("GET /messages/%zz HTTP/1.1\r\nHost: " + api.getHost()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            var response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(response).startsWith("HTTP/1.1 400").containsIgnoringCase("content-type: application/json");
            var body = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
            assertThat(body.get("error").get("code").asText()).isEqualTo("DEFAULT_4XX");
            assertThat(body.get("error").get("message").asText()).isNotBlank();
        }
    }

    /**
     * Paths API Gateway passes to the function, its parameter decoded once, reach the function here too: an
     * encoded '%', an encoded '/' or dots are the function's to judge, not the HTTP layer's.
     */
    @Test
    void pathsApiGatewayPassesOnReachTheFunctionWithTheParameterDecodedOnce() {
        var percent = exchange(HttpRequest.newBuilder(URI.create(api + "/conversations/%25")).GET().build());
        var encodedTwice = exchange(HttpRequest.newBuilder(URI.create(api + "/conversations/%252B819012345678")).GET().build());
        var climbing = exchange(HttpRequest.newBuilder(URI.create(api + "/messages/..%2F..%2Fsandbox%2Foutbox")).GET().build());

        assertThat(percent.statusCode()).isEqualTo(400);
        assertThat(json(percent).get("error").get("code").asText()).isEqualTo("INVALID_PHONE_NUMBER");
        // Decoded once by the gateway, to %2B…, which the function reads as the number's '+'.
        assertThat(encodedTwice.statusCode()).as(encodedTwice.body()).isEqualTo(200);
        assertThat(json(encodedTwice).get("phoneNumber").asText()).isEqualTo("+819012345678");
        assertThat(climbing.statusCode()).isEqualTo(404);
        assertThat(json(climbing).get("error").get("code").asText()).isEqualTo("MESSAGE_NOT_FOUND");
    }

    @Test
    void deliveryEventsMoveMessagesToDeliveredOrFailed() {
        var delivered = json(send(Map.of("to", newNumber(), "body", "Arrives"), null)).get("messageId").asText();
        var failed = json(send(Map.of("to", "+14254147167", "body", "Never arrives"), null)).get("messageId").asText();

        await(() -> get("/messages/" + delivered).path("delivery").path("status").asText().equals("DELIVERED"),
                "delivery of " + delivered);
        await(() -> get("/messages/" + failed).path("delivery").path("status").asText().equals("FAILED"),
                "failure of " + failed);
        assertThat(get("/messages/" + failed).get("delivery").get("eventType").asText()).isEqualTo("TEXT_CARRIER_UNREACHABLE");
        assertThat(get("/messages/" + delivered).get("deliveryHistory")).extracting(step -> step.get("eventType").asText())
                .containsExactly("TEXT_SUCCESSFUL", "TEXT_DELIVERED");
    }

    @Test
    void aReplyConfirmsTheConversationAndIsAnswered() {
        var number = newNumber();
        var receipt = json(send(Map.of("to", number, "body", "Reply CONFIRM for tomorrow 10:00",
                "expectReply", Map.of("keywords", new String[] {"CONFIRM"}, "reference", "appt-9")), null));

        post("/sandbox/inbound", Map.of("from", number, "body", "confirm", "inReplyTo", receipt.get("messageId").asText()));

        awaitConversation(number, c -> c.get("conversations").get(0).get("state").asText().equals("CONFIRMED"));
        awaitOutbox(number, 2);
        assertThat(outbox(number).get(1).get("body").asText()).isEqualTo("Kotae: Confirmed: appt-9. Thank you.");
        // The event leaves from the committed decision through the table's stream, a moment later.
        await(() -> eventsAbout(number).size() == 1, "the ConversationConfirmed event for " + number);
        assertThat(eventsAbout(number).get(0).get("detailType").asText()).isEqualTo("ConversationConfirmed");
    }

    @Test
    void afterStopTheNumberIsRefusedAndNothingIsSent() {
        var number = newNumber();

        post("/sandbox/inbound", Map.of("from", number, "body", "STOP"));
        awaitConversation(number, c -> c.get("optedOut").asBoolean());
        var refused = send(Map.of("to", number, "body", "Sale!"), null);

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json(refused).get("error").get("code").asText()).isEqualTo("RECIPIENT_OPTED_OUT");
        assertThat(outbox(number)).singleElement().satisfies(reply ->
                assertThat(reply.get("body").asText()).startsWith("Kotae: You are unsubscribed"));
    }

    @Test
    void startOptsBackInAndHelpIsAnswered() {
        var number = newNumber();
        post("/sandbox/inbound", Map.of("from", number, "body", "停止"));
        awaitConversation(number, c -> c.get("optedOut").asBoolean());

        post("/sandbox/inbound", Map.of("from", number, "body", "再開"));
        awaitConversation(number, c -> !c.get("optedOut").asBoolean());
        post("/sandbox/inbound", Map.of("from", number, "body", "HELP"));

        awaitOutbox(number, 3);
        assertThat(outbox(number).get(1).get("body").asText()).contains("配信を再開しました");
        assertThat(outbox(number).get(2).get("body").asText()).contains("help@example.com");
    }

    /** With the documented deploy's settings, STOP is Kotae's alone: End User Messaging's list is untouched, so HELP still goes out. */
    @Test
    void helpFromAnOptedOutNumberIsAnsweredAsADeploymentWithTheReadmesSettingsAnswersIt() {
        var number = newNumber();
        post("/sandbox/inbound", Map.of("from", number, "body", "STOP"));
        awaitConversation(number, c -> c.get("optedOut").asBoolean());

        post("/sandbox/inbound", Map.of("from", number, "body", "HELP"));

        awaitOutbox(number, 2);
        assertThat(outbox(number).get(1).get("body").asText()).contains("help@example.com");
    }

    @Test
    void aDestinationInACountryNotAllowedIsRefusedAndNothingIsSent() {
        var refused = send(Map.of("to", "+33612345678", "body", "Bonjour"), null);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused).get("error").get("code").asText()).isEqualTo("DESTINATION_NOT_ALLOWED");
        assertThat(outbox("+33612345678")).isEmpty();
    }

    @Test
    void aDeploymentSettingTheSandboxWouldRefuseStopsItBeforeAnythingStarts() {
        var options = SandboxOptions.defaults().withApiPort(0).withContext("kotae:defaultCountry", "Japan");

        assertThatThrownBy(() -> Sandbox.start(options))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kotae:defaultCountry")
                .hasMessageContaining("two-letter");
    }

    @Test
    void aDuplicatedInboundMessageIsAnsweredOnce() {
        var number = newNumber();
        var id = UUID.randomUUID().toString();

        var after = newNumber();

        post("/sandbox/inbound", Map.of("from", number, "body", "HELP", "inboundMessageId", id));
        post("/sandbox/inbound", Map.of("from", number, "body", "HELP", "inboundMessageId", id));
        // One poller takes the inbound queue in order: once a text sent after both is answered, both were handled.
        post("/sandbox/inbound", Map.of("from", after, "body", "HELP"));

        awaitOutbox(after, 1);
        assertThat(outbox(number)).hasSize(1);
    }

    @Test
    void aPoisonRecordReachesTheDeadLetterQueueWhileItsNeighboursAreAnswered() {
        var number = newNumber();
        var before = get("/sandbox/dlq").size();

        post("/sandbox/inbound", Map.of("from", number, "malformed", true));
        post("/sandbox/inbound", Map.of("from", number, "body", "HELP"));

        awaitOutbox(number, 1);
        await(() -> get("/sandbox/dlq").size() > before, "the poison record in the dead-letter queue");
        // The console shows it too: the queue's depth, and the record as it arrived.
        await(() -> {
            for (var queue : get(Console.STATE).get("deadLetters")) {
                if (queue.get("queue").asText().equals(Sandbox.QUEUE) && queue.get("depth").asInt() > 0) {
                    return queue.get("messages").toString().contains("not a number");
                }
            }
            return false;
        }, "the poison record in the console's dead-letter panel");
    }

    @Test
    void injectedThrottlingIsRetriedAndOneSmsGoesOut() {
        var number = newNumber();
        post("/sandbox/faults", Map.of("operation", "SendTextMessage", "fault", "throttle", "count", 2));

        var receipt = send(Map.of("to", number, "body", "Retried once or twice"), null);

        assertThat(receipt.statusCode()).isEqualTo(202);
        assertThat(outbox(number)).hasSize(1);
    }

    @Test
    void aRetriedSendWithTheSameIdempotencyKeySendsOneSms() {
        var number = newNumber();
        var key = UUID.randomUUID().toString();

        var first = send(Map.of("to", number, "body", "Document password: 7hQ-42xe"), key);
        var retry = send(Map.of("to", number, "body", "Document password: 7hQ-42xe"), key);

        assertThat(json(retry)).isEqualTo(json(first));
        assertThat(outbox(number)).hasSize(1);
    }

    @Test
    void anEventFileCanBeInvokedLikeSamLocalInvoke() throws IOException {
        var event = Files.readString(Path.of("../events/send-message.json"));

        var response = exchange(HttpRequest.newBuilder(api.resolve("/sandbox/invoke/send-message"))
                .POST(HttpRequest.BodyPublishers.ofString(event)).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).get("statusCode").asInt()).isEqualTo(202);
    }

    @Test
    void everyFunctionTheStackDeploysCanBeInvokedAndAnUnknownOneIsNamedWithThem() {
        var functions = List.of("send-message", "get-message", "cancel-message", "create-batch", "get-batch",
                "cancel-batch", "get-conversations", "recipient-consent", "get-recipient", "inbound", "delivery-status",
                "batch-send", "event-relay");

        var unknown = exchange(HttpRequest.newBuilder(api.resolve("/sandbox/invoke/no-such-function"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown.body()).get("error").get("code").asText()).isEqualTo("UNKNOWN_FUNCTION");
        assertThat(json(unknown.body()).get("error").get("message").asText()).contains(functions);
        assertThat(get("/").get("routes").toString()).contains(String.join("|", functions));
    }

    @Test
    void aBrowserGetsTheConsoleAndEveryOtherClientKeepsTheStatus() {
        var page = exchange(HttpRequest.newBuilder(api.resolve("/"))
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").GET().build());
        var script = exchange(HttpRequest.newBuilder(api.resolve("/sandbox/console/console.js")).GET().build());
        var missing = exchange(HttpRequest.newBuilder(api.resolve("/sandbox/console/missing.js")).GET().build());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Vary")).contains("Accept");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                assertThat(policy).contains("script-src 'self'"));
        assertThat(page.body()).contains("<title>Kotae sandbox</title>", "/sandbox/console/console.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("error").get("code").asText()).isEqualTo("NOT_FOUND");
        var status = exchange(HttpRequest.newBuilder(api.resolve("/")).header("Accept", "*/*").GET().build());
        assertThat(json(status).get("status").asText()).isEqualTo("ready");
        assertThat(status.headers().firstValue("Vary")).contains("Accept");
    }

    /** The console's view, as the page polls it: the phone's thread, its conversation's state, and 304 when still. */
    @Test
    void theConsolesViewFollowsAConversationToItsAnswer() {
        var number = newNumber();
        send(Map.of("to", number, "body", "Reply CONFIRM to keep 10:00",
                "expectReply", Map.of("keywords", List.of("CONFIRM"), "reference", "appt-9")), null);
        await(() -> consolePhone(number).path("recipient").path("conversations").path(0).path("state").asText().equals("OPEN")
                && consolePhone(number).path("thread").path(0).path("status").asText().equals("delivered"),
                "the reminder delivered and its conversation open in the console");

        post("/sandbox/inbound", Map.of("from", number, "body", "CONFIRM"));

        // Read once, from the table, then again only because the stream showed the answer's write.
        await(() -> consolePhone(number).path("recipient").path("conversations").path(0).path("state").asText()
                .equals("CONFIRMED"), "the conversation CONFIRMED in the console");
        await(() -> consolePhone(number).path("thread").size() == 3, "the automatic answer in the thread");
        var thread = consolePhone(number).get("thread");
        assertThat(thread.get(0).get("direction").asText()).isEqualTo("out");
        assertThat(thread.get(0).get("encoding").asText()).isEqualTo("GSM7");
        assertThat(thread.get(1).get("direction").asText()).isEqualTo("in");
        assertThat(thread.get(1).get("body").asText()).isEqualTo("CONFIRM");
        assertThat(thread.get(1).get("segments").asInt()).isEqualTo(1);
        assertThat(thread.get(2).get("body").asText()).contains("appt-9");
        await(() -> {
            var first = exchange(HttpRequest.newBuilder(api.resolve(Console.STATE)).GET().build());
            var tag = first.headers().firstValue("ETag").orElseThrow();
            return exchange(HttpRequest.newBuilder(api.resolve(Console.STATE)).header("If-None-Match", tag).GET().build())
                    .statusCode() == 304;
        }, "a 304 for a view that did not change");
    }

    @Test
    void theConsoleShowsAnUndeliveredMessageFailedAndATextDeliveredTwiceOnce() {
        var number = newNumber();
        send(Map.of("to", SmsSimulator.FAILING_DESTINATION, "body", "Never arrives"), null);
        var inboundId = UUID.randomUUID().toString();
        post("/sandbox/inbound", Map.of("from", number, "body", "HELP", "inboundMessageId", inboundId));
        post("/sandbox/inbound", Map.of("from", number, "body", "HELP", "inboundMessageId", inboundId));

        await(() -> {
            var thread = consolePhone(SmsSimulator.FAILING_DESTINATION).path("thread");
            var last = thread.path(thread.size() - 1);
            return last.path("body").asText().equals("Never arrives") && last.path("status").asText().equals("failed")
                    && last.path("failure").asText().equals("TEXT_CARRIER_UNREACHABLE");
        }, "the undelivered message failed with its event type");
        await(() -> consolePhone(number).path("thread").size() == 2, "the text and its one answer");
        var text = consolePhone(number).get("thread").get(0);
        assertThat(text.get("direction").asText()).isEqualTo("in");
        assertThat(text.get("deliveries").asInt()).isEqualTo(2);
    }

    @Test
    void aFaultNeedsAKnownNameAnOperationAndACountOfCalls() {
        var unknown = exchange(HttpRequest.newBuilder(api.resolve("/sandbox/faults")).POST(HttpRequest.BodyPublishers
                .ofString("{\"fault\": \"meltdown\"}")).build());
        var none = exchange(HttpRequest.newBuilder(api.resolve("/sandbox/faults")).POST(HttpRequest.BodyPublishers
                .ofString("{\"fault\": \"throttle\", \"count\": 0}")).build());

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).get("error").get("code").asText()).isEqualTo("UNKNOWN_FAULT");
        assertThat(json(unknown).get("error").get("message").asText()).contains("throttle, server-error, spend-limit");
        var misspelt = exchange(HttpRequest.newBuilder(api.resolve("/sandbox/faults")).POST(HttpRequest.BodyPublishers
                .ofString("{\"operation\": \"SendTxtMessage\", \"fault\": \"throttle\"}")).build());

        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(json(none).get("error").get("code").asText()).isEqualTo("INVALID_FAULT_COUNT");
        assertThat(misspelt.statusCode()).isEqualTo(400);
        assertThat(json(misspelt).get("error").get("code").asText()).isEqualTo("UNKNOWN_OPERATION");
        assertThat(json(misspelt).get("error").get("message").asText()).contains("SendTextMessage");
        assertThat(get(Console.STATE).get("faults").get("pending")).isEmpty();
    }

    @Test
    void aTakenPortIsReportedPlainly() {
        var port = api.getPort();

        assertThatThrownBy(() -> Sandbox.start(SandboxOptions.defaults().withApiPort(port)))
                .isInstanceOf(PortInUseException.class)
                .hasMessageContaining("Port " + port)
                .hasMessageContaining("--port");
    }

    private static String newNumber() {
        // Japanese mobile numbers (090-1xxx-xxxx): valid in the numbering plan, so the API accepts them.
        return "+81901" + String.format("%07d", Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 10_000_000L));
    }

    private static HttpResponse<String> send(Map<String, Object> body, String idempotencyKey) {
        var request = HttpRequest.newBuilder(api.resolve("/messages"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body)));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return exchange(request.build());
    }

    private static JsonNode post(String path, Map<String, Object> body) {
        return http.post(path, body);
    }

    private static JsonNode get(String path) {
        return http.get(path);
    }

    private static JsonNode outbox(String number) {
        return http.outbox(number);
    }

    private static List<JsonNode> eventsAbout(String number) {
        return http.eventsAbout(number);
    }

    private static JsonNode consolePhone(String number) {
        for (var phone : get(Console.STATE).get("phones")) {
            if (phone.get("number").asText().equals(number)) {
                return phone;
            }
        }
        return JSON.createObjectNode();
    }

    private static void awaitOutbox(String number, int count) {
        await(() -> outbox(number).size() >= count, count + " message(s) to " + number);
    }

    private static void awaitConversation(String number, Predicate<JsonNode> condition) {
        await(() -> condition.test(get("/conversations/" + number.replace("+", "%2B"))), "the state of " + number);
    }

    private static void await(BooleanSupplier condition, String what) {
        SandboxHttp.await(condition, what);
    }

    private static void pause(Duration duration) {
        SandboxHttp.pause(duration);
    }

    private static HttpResponse<String> exchange(HttpRequest request) {
        return SandboxHttp.exchange(request);
    }

    private static String write(Object body) {
        return SandboxHttp.write(body);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return SandboxHttp.json(response);
    }

    private static JsonNode json(String text) {
        return SandboxHttp.json(text);
    }
}
