package dev.kotae.sandbox;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sandbox runs what {@code cdk deploy} runs with the same {@code -c} settings. */
class SandboxSettingsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void eachContextFlagAddsOrReplacesOneSettingOverTheReadmes() {
        var options = SandboxMain.parse(new String[] {"-c", "kotae:optOutList=Default", "--context",
                "kotae:defaultCountry=US", "--port", "9090"});

        assertThat(options.context())
                .containsEntry("kotae:optOutList", "Default")
                .containsEntry("kotae:defaultCountry", "US")
                .containsEntry("kotae:allowedCountries", "JP,US")
                .containsEntry("kotae:messagesPerSecond", "10")
                .hasSize(4);
        assertThat(SandboxMain.parse(new String[0]).context()).isEqualTo(SandboxOptions.DEPLOYED_AS);
    }

    @Test
    void aContextFlagWithoutKeyAndValueIsRefused() {
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"-c", "kotae:optOutList"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KEY=VALUE");
    }

    /** With an opt-out list, End User Messaging refuses to send to a number that sent STOP, HELP's answer too. */
    @Test
    void withAnOptOutListStopReachesEndUserMessagingAndItsListRefusesTheHelpAnswer() throws Exception {
        var number = "+81901" + String.format("%07d", Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 10_000_000L));
        var options = SandboxOptions.defaults().withApiPort(0).withVisibilityTimeout(Duration.ofSeconds(1))
                .withContext("kotae:optOutList", "Default");
        try (var sandbox = Sandbox.start(options)) {
            var api = sandbox.apiEndpoint();
            inbound(api, number, "STOP");
            awaitOutbox(api, number, "unsubscribed");
            inbound(api, number, "HELP");
            inbound(api, "+819087654321", "HELP");
            // A HELP sent after ours is answered, so ours has been handled by then.
            awaitOutbox(api, "+819087654321", "help@example.com");

            assertThat(outbox(api, number)).contains("unsubscribed").doesNotContain("help@example.com");
        }
    }

    /** The caller is held to kotae:callers as API Gateway's resource policy holds it: a sender cannot read opt-outs. */
    @Test
    void aCallerIsAllowedWhatItsRoleIsGrantedAndRefusedTheRestAsApiGatewayRefusesIt() throws Exception {
        var options = SandboxOptions.defaults().withApiPort(0)
                .withCaller("arn:aws:sts::000000000000:assumed-role/app-sender/session")
                .withContext("kotae:callers", "{\"arn:aws:iam::000000000000:role/app-sender\": [\"send\"]}");
        try (var sandbox = Sandbox.start(options)) {
            var api = sandbox.apiEndpoint();
            var sent = HTTP.send(HttpRequest.newBuilder(api.resolve("/messages")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"to\": \"+819012345678\", \"body\": \"hi\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            var conversations = HTTP.send(HttpRequest.newBuilder(api.resolve("/conversations/%2B819012345678")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(sent.statusCode()).isEqualTo(202);
            assertThat(conversations.statusCode()).isEqualTo(403);
            assertThat(conversations.body()).contains("\"code\":\"ACCESS_DENIED\"").contains("explicit deny");
        }
    }

    /** The spend guardrails as a caller meets them: a price above the ceiling, then a day's quota spent. */
    @Test
    void aPriceAboveTheCeilingAndASendOverTheDaysQuotaAreRefusedAndNothingIsSent() throws Exception {
        var options = SandboxOptions.defaults().withApiPort(0)
                .withContext("kotae:maxPricePerPart", "0.08")
                .withContext("kotae:callerDailyLimit", "1");
        try (var sandbox = Sandbox.start(options)) {
            var api = sandbox.apiEndpoint();
            var number = "+81901" + String.format("%07d", Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 10_000_000L));

            var tooDear = send(api, "{\"to\": \"" + number + "\", \"body\": \"hi\", \"maxPricePerPart\": \"0.10\"}");
            var first = send(api, "{\"to\": \"" + number + "\", \"body\": \"hi\"}");
            var overQuota = send(api, "{\"to\": \"" + number + "\", \"body\": \"again\"}");

            assertThat(tooDear.statusCode()).isEqualTo(400);
            assertThat(tooDear.body()).contains("INVALID_MAX_PRICE").contains("0.08");
            assertThat(first.statusCode()).isEqualTo(202);
            assertThat(overQuota.statusCode()).isEqualTo(429);
            assertThat(overQuota.body()).contains("CALLER_QUOTA_EXCEEDED");
            assertThat(overQuota.headers().firstValue("Retry-After")).isPresent();
            assertThat(outbox(api, number)).contains("\"maxPrice\":\"0.08\"").doesNotContain("again");
        }
    }

    /**
     * The stage's throttle, as API Gateway applies it before any function runs: the burst, then 429 with the
     * stack's THROTTLED answer and nothing sent; each method has its own bucket. The requests go at once, so that
     * no token comes back between them (one a second).
     */
    @Test
    void pastTheStagesBurstAMethodIsThrottledAsApiGatewayThrottlesIt() throws Exception {
        var options = SandboxOptions.defaults().withApiPort(0)
                .withContext("kotae:apiRateLimit", "1")
                .withContext("kotae:apiBurstLimit", "2");
        try (var sandbox = Sandbox.start(options)) {
            var api = sandbox.apiEndpoint();
            var number = "+81901" + String.format("%07d", Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 10_000_000L));
            var sends = java.util.stream.IntStream.range(0, 3).mapToObj(i -> HTTP.sendAsync(HttpRequest.newBuilder(
                    api.resolve("/messages")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers
                    .ofString("{\"to\": \"" + number + "\", \"body\": \"message " + i + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString())).toList();
            var anotherMethod = HTTP.sendAsync(HttpRequest.newBuilder(api.resolve("/conversations/"
                    + number.replace("+", "%2B"))).GET().build(), HttpResponse.BodyHandlers.ofString());

            var answers = sends.stream().map(java.util.concurrent.CompletableFuture::join).toList();
            assertThat(answers).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(202, 202, 429);
            var throttled = answers.stream().filter(answer -> answer.statusCode() == 429).findFirst().orElseThrow();
            assertThat(throttled.body()).isEqualTo("{\"error\":{\"code\":\"THROTTLED\",\"message\":\"Too Many Requests\"}}");
            assertThat(throttled.headers().firstValue("Retry-After")).hasValue("1");
            // Its own bucket: with one for the stage, the fourth request at once would have been refused too.
            assertThat(anotherMethod.join().statusCode()).isEqualTo(200);
            assertThat(outbox(api, number).split("\"body\":\"message ", -1)).hasSize(3);
        }
    }

    private static HttpResponse<String> send(URI api, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(api.resolve("/messages")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void inbound(URI api, String from, String body) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(api.resolve("/sandbox/inbound"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"from\": \"" + from + "\", \"body\": \"" + body + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    }

    private static String outbox(URI api, String number) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(api.resolve("/sandbox/outbox?to=" + number.replace("+", "%2B"))).GET()
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void awaitOutbox(URI api, String number, String text) throws Exception {
        var deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!outbox(api, number).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(number + "'s outbox never showed '" + text + "': " + outbox(api, number));
            }
            Thread.sleep(100);
        }
    }
}
