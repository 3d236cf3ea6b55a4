package dev.kotae.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Marketing as a newcomer meets it in the sandbox, over HTTP only: a number without consent gets no promotional
 * message; JOIN, then はい, grants it with its proof; the promotional message then goes, and at night in Tokyo it
 * waits for the morning on the sandbox's clock; STOP revokes it and the next one is refused again. And a batch
 * with mixed consent. A sandbox of its own: this test moves the clock.
 */
class SandboxMarketingTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    private static Sandbox sandbox;
    private static SandboxHttp http;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withApiPort(0).withVisibilityTimeout(Duration.ofSeconds(1)));
        http = new SandboxHttp(sandbox.apiEndpoint());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void consentByJoinAndYesThenMarketingThatWaitsForTheMorningAndStopEndsIt() {
        var number = newNumber();
        var refused = send(number, "Kotae: autumn sale, 20% off. Reply STOP to stop.", "offer-1");

        post("/sandbox/inbound", Map.of("from", number, "body", "JOIN"));
        await(() -> outbox(number).size() == 1, "the confirmation request");
        post("/sandbox/inbound", Map.of("from", number, "body", "はい"));
        await(() -> get(recipient(number)).at("/consent/state").asText().equals("GRANTED"), "the consent");
        var proof = get(recipient(number)).get("consentHistory");

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json(refused).at("/error/code").asText()).isEqualTo("CONSENT_REQUIRED");
        assertThat(outbox(number).get(0).get("body").asText()).contains("Reply YES").contains("Reply STOP");
        assertThat(proof).extracting(entry -> entry.get("state").asText()).containsExactly("PENDING", "GRANTED");
        assertThat(proof.get(0).get("proof").asText()).contains(": JOIN").contains("Reply YES");
        assertThat(proof.get(1).get("proof").asText()).contains(": はい");

        // 23:00 in Tokyo on the sandbox's clock: the offer waits for 08:00.
        advanceTo(LocalTime.of(23, 0));
        var night = send(number, "Kotae: autumn sale, 20% off. Reply STOP to stop.", "offer-2");
        var held = json(night);
        assertThat(night.statusCode()).isEqualTo(202);
        assertThat(held.get("status").asText()).isEqualTo("SCHEDULED");
        assertThat(held.get("heldFor").asText()).isEqualTo("QUIET_HOURS");
        assertThat(Instant.parse(held.get("sendAt").asText()).atZone(TOKYO).toLocalTime()).isEqualTo(LocalTime.of(8, 0));
        var sentBefore = outbox(number).size();
        advanceTo(LocalTime.of(8, 1));
        await(() -> outbox(number).size() == sentBefore + 1, "the offer in the morning");
        assertThat(get("/messages/" + held.get("messageId").asText()).get("status").asText()).isEqualTo("SENT");

        post("/sandbox/inbound", Map.of("from", number, "body", "STOP"));
        await(() -> get(recipient(number)).at("/consent/state").asText().equals("REVOKED"), "the withdrawal");
        var again = send(number, "Kotae: last chance, 20% off. Reply STOP to stop.", "offer-3");
        assertThat(again.statusCode()).isEqualTo(409);
        await(() -> consentEvents(number).size() == 2, "the consent events");
        assertThat(consentEvents(number)).containsExactly("ConsentGranted KEYWORD", "ConsentRevoked KEYWORD");
    }

    /** A caller's double opt-in: the sandbox texts the request once, and the person's YES grants consent. */
    @Test
    void aDoubleOptInRecordedThroughTheApiIsConfirmedByThePersonsYes() {
        var number = newNumber();
        var asking = Map.<String, Object>of("source", "web-form", "proof", "Asked for offers on the sign-up form",
                "doubleOptIn", true);

        var asked = put(recipient(number) + "/consent", asking);
        var askedAgain = put(recipient(number) + "/consent", asking);
        await(() -> outbox(number).size() == 1, "the confirmation request");
        post("/sandbox/inbound", Map.of("from", number, "body", "はい"));
        await(() -> get(recipient(number)).at("/consent/state").asText().equals("GRANTED"), "the consent");

        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(200);
        assertThat(json(asked).at("/consent/state").asText()).isEqualTo("PENDING");
        assertThat(askedAgain.statusCode()).isEqualTo(200);
        assertThat(outbox(number).get(0).get("body").asText()).as("in Japanese, to a Japanese number")
                .contains("「はい」").contains("停止");
        assertThat(get(recipient(number)).get("consentHistory")).extracting(entry -> entry.get("method").asText())
                .containsExactly("API", "KEYWORD");
        await(() -> outbox(number).size() == 2, "the answer to はい");
    }

    @Test
    void aBatchWithMixedConsentSendsOnlyToThoseWhoConsent() {
        var consenting = newNumber();
        var silent = newNumber();
        var recorded = put(recipient(consenting) + "/consent", Map.of("source", "web-form",
                "proof", "Checked 'Send me offers by SMS' on the sign-up form"));
        advanceTo(LocalTime.of(12, 0));

        var batch = SandboxHttp.exchange(http.request("/batches").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SandboxHttp.write(Map.of("type", "PROMOTIONAL", "messages", List.of(
                        Map.of("to", consenting, "body", "Kotae: lunch offer. Reply STOP to stop."),
                        Map.of("to", silent, "body", "Kotae: lunch offer. Reply STOP to stop."))))))
                .build());

        assertThat(recorded.statusCode()).isEqualTo(200);
        await(() -> consentEvents(consenting).size() == 1, "the recorded consent's event");
        assertThat(consentEvents(consenting)).containsExactly("ConsentGranted API");
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(202);
        assertThat(json(batch).get("accepted").asInt()).isEqualTo(1);
        assertThat(json(batch).at("/rejected/0/index").asInt()).isEqualTo(1);
        assertThat(json(batch).at("/rejected/0/error/code").asText()).isEqualTo("CONSENT_REQUIRED");
        await(() -> outbox(consenting).size() == 1, "the consenting number's offer");
        assertThat(outbox(silent)).isEmpty();
    }

    /**
     * Lets the sandbox's clock run until the next {@code time} in Tokyo. An advance stops short while work it set
     * going (a reply, a delivery) is still under way, and says so: it is asked again until it gets there.
     */
    private static void advanceTo(LocalTime time) {
        var start = Instant.parse(get("/sandbox/clock").get("now").asText()).atZone(TOKYO);
        var target = start.with(time).isAfter(start) ? start.with(time) : start.with(time).plusDays(1);
        await(() -> {
            var now = Instant.parse(get("/sandbox/clock").get("now").asText());
            return !now.isBefore(target.toInstant())
                    || post("/sandbox/clock", Map.of("advance", Duration.between(now, target.toInstant()).toString()))
                    .path("reached").asBoolean();
        }, "the clock to reach " + target);
    }

    private static String newNumber() {
        return "+8190" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
    }

    private static String recipient(String number) {
        return "/recipients/" + number.replace("+", "%2B");
    }

    private static HttpResponse<String> send(String number, String body, String idempotencyKey) {
        return SandboxHttp.exchange(http.request("/messages").header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey + number)
                .POST(HttpRequest.BodyPublishers.ofString(SandboxHttp.write(Map.of("to", number, "body", body,
                        "type", "PROMOTIONAL"))))
                .build());
    }

    private static HttpResponse<String> put(String path, Map<String, Object> body) {
        return SandboxHttp.exchange(http.request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(SandboxHttp.write(body))).build());
    }

    private static JsonNode post(String path, Map<String, Object> body) {
        return http.post(path, body);
    }

    private static JsonNode get(String path) {
        return http.get(path);
    }

    /** The consent events published about {@code number}, each as its detail type and method. */
    private static List<String> consentEvents(String number) {
        return http.eventsAbout(number).stream().filter(event -> event.get("detailType").asText().startsWith("Consent"))
                .map(event -> event.get("detailType").asText() + " " + SandboxHttp.json(event.get("detail").asText())
                        .get("method").asText()).toList();
    }

    private static JsonNode outbox(String number) {
        return http.outbox(number);
    }

    private static void await(BooleanSupplier condition, String what) {
        SandboxHttp.await(condition, what);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return SandboxHttp.json(response);
    }
}
