package dev.kotae.messages.boundary;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kotae.LocalStandIns;
import dev.kotae.Logged;
import dev.kotae.TestJson;
import dev.kotae.Wiring;
import dev.kotae.settings.KotaeSettings;
import dev.kotae.standins.LocalLambdaContext;
import dev.kotae.standins.SmsSimulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The send page's {@code POST /api/messages} ({@code events/page-send-message.json}, as an HTTP API with a
 * JWT authorizer hands it over): a signed-in person sends through the signed API's send path, recorded and
 * audited as that person, each outcome with its answer.
 */
class PageSendHandlerTest {

    private static final String EVENT = "events/page-send-message.json";
    private static final String HANAKO = "userpool/ap-northeast-1_Ab12Cd34E/7d4a9c1e-3b2f-4e8a-9c6d-5f0e1a2b3c4d";

    private static LocalStandIns standIns;
    private static SmsSimulator simulator;

    private Wiring wiring;

    @BeforeAll
    static void startStandIns() {
        standIns = LocalStandIns.start();
        simulator = standIns.simulator;
    }

    @BeforeEach
    void freshState() {
        simulator.reset();
        deploy(Map.of(KotaeSettings.DEFAULT_COUNTRY, "JP"));
    }

    private void deploy(Map<String, String> settings) {
        wiring = Wiring.from(standIns.deployment(settings), Clock.systemUTC());
    }

    @Test
    void aSignedInPersonSendsAndIsRecordedAndAuditedAsThemselves() {
        var answer = new AtomicReference<APIGatewayV2HTTPResponse>();
        var logged = Logged.during(() -> answer.set(send(event())));

        assertThat(answer.get().getStatusCode()).isEqualTo(202);
        assertThat(answer.get().getHeaders()).containsEntry("Cache-Control", "no-store");
        var receipt = json(answer.get());
        assertThat(receipt.get("to").asText()).isEqualTo("+819012345678");
        assertThat(receipt.get("status").asText()).isEqualTo("SENT");
        assertThat(simulator.outbox()).singleElement().satisfies(sms ->
                assertThat(sms.messageBody()).isEqualTo("請求書 invoice-2026-11.zip のパスワード: Kp7mRx4wNq2T"));
        var record = TestJson.json(new GetMessageHandler(wiring).handleRequest(EventLoader
                .loadApiGatewayRestEvent("events/get-message.json")
                .withPathParameters(Map.of("messageId", receipt.get("messageId").asText())), LocalLambdaContext.invoking("get")));
        assertThat(record.get("caller").asText()).isEqualTo(HANAKO);
        assertThat(logged.lines().filter(line -> line.contains("Audit send"))).singleElement().satisfies(line ->
                assertThat(line).contains(HANAKO + " (hanako.sato@example.co.jp)").doesNotContain("Kp7mRx4wNq2T"));
    }

    @Test
    void aRetryAfterANetworkErrorSendsOnce() {
        var first = json(send(event()));
        var again = json(send(event()));

        assertThat(again.get("messageId")).isEqualTo(first.get("messageId"));
        assertThat(simulator.outbox()).hasSize(1);
    }

    /** An access token carries no e-mail address for the audit trail: the page must send the ID token. */
    @Test
    void aTokenOfAnotherUseIsRefusedAndNothingIsSent() {
        var event = event();
        event.getRequestContext().getAuthorizer().getJwt().getClaims().put("token_use", "access");

        var answer = send(event);

        assertThat(answer.getStatusCode()).isEqualTo(401);
        assertThat(json(answer).at("/error/code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(simulator.outbox()).isEmpty();
    }

    @Test
    void theSendPageSendsNowAndLeavesSchedulingToTheApi() {
        var event = event();
        event.setBody("{\"to\": \"090-1234-5678\", \"body\": \"pass\", \"sendAt\": \"2027-01-05T09:00:00+09:00\"}");

        var answer = send(event);

        assertThat(answer.getStatusCode()).isEqualTo(400);
        assertThat(json(answer).at("/error/code").asText()).isEqualTo("INVALID_SEND_AT");
        assertThat(simulator.outbox()).isEmpty();
    }

    /** Each person has the per-caller daily quota of their own: another person's sends do not count. */
    @Test
    void eachPersonHasTheirOwnDailyQuota() {
        deploy(Map.of(KotaeSettings.DEFAULT_COUNTRY, "JP", KotaeSettings.CALLER_DAILY_LIMIT, "1"));
        assertThat(send(event()).getStatusCode()).isEqualTo(202);

        var second = event();
        second.getHeaders().put("idempotency-key", "second-send");
        var overQuota = send(second);
        var colleague = event();
        colleague.getHeaders().put("idempotency-key", "colleague-send");
        colleague.getRequestContext().getAuthorizer().getJwt().getClaims().put("sub", "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d");

        assertThat(overQuota.getStatusCode()).isEqualTo(429);
        assertThat(json(overQuota).at("/error/code").asText()).isEqualTo("CALLER_QUOTA_EXCEEDED");
        assertThat(send(colleague).getStatusCode()).isEqualTo(202);
        assertThat(simulator.outbox()).hasSize(2);
    }

    /** The page follows a sent message by its id; another person's message is not found, as if it did not exist. */
    @Test
    void thePersonFollowsTheirOwnMessageAndNoOneElses() {
        var messageId = json(send(event())).get("messageId").asText();
        var mine = read(messageId, "7d4a9c1e-3b2f-4e8a-9c6d-5f0e1a2b3c4d");
        var colleagues = read(messageId, "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d");

        assertThat(mine.getStatusCode()).isEqualTo(200);
        assertThat(json(mine).get("status").asText()).isEqualTo("SENT");
        assertThat(json(mine).has("body")).isFalse();
        assertThat(mine.getHeaders()).containsEntry("Cache-Control", "no-store");
        assertThat(colleagues.getStatusCode()).isEqualTo(404);
        assertThat(json(colleagues).at("/error/code").asText()).isEqualTo("MESSAGE_NOT_FOUND");
    }

    /**
     * "My sends": the person's own messages, newest first, the number masked and never the body; a colleague's
     * and a workload's sends through the signed API are not in it.
     */
    @Test
    void mySendsListsThePersonsOwnMessagesNewestFirstMaskedAndWithoutBodies() {
        var first = json(send(event())).get("messageId").asText();
        var second = event();
        second.getHeaders().put("idempotency-key", "second-send");
        second.setBody("{\"to\": \"+44 7911 123456\", \"body\": \"pass\"}");
        var refused = send(second);
        var third = event();
        third.getHeaders().put("idempotency-key", "third-send");
        var latest = json(send(third)).get("messageId").asText();
        var colleague = event();
        colleague.getHeaders().put("idempotency-key", "colleague-send");
        colleague.getRequestContext().getAuthorizer().getJwt().getClaims().put("sub", "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d");
        send(colleague);
        var workload = TestJson.json(new SendMessageHandler(wiring).handleRequest(
                EventLoader.loadApiGatewayRestEvent("events/send-message.json"), LocalLambdaContext.invoking("send")).getBody());

        var mine = mySends("7d4a9c1e-3b2f-4e8a-9c6d-5f0e1a2b3c4d");

        assertThat(refused.getStatusCode()).as("a country not allowed is refused before anything is recorded").isEqualTo(400);
        assertThat(mine.getStatusCode()).isEqualTo(200);
        assertThat(mine.getHeaders()).containsEntry("Cache-Control", "no-store");
        var listed = json(mine).get("messages");
        assertThat(listed).extracting(message -> message.get("messageId").asText()).containsExactly(latest, first);
        assertThat(listed).allSatisfy(message -> {
            assertThat(message.get("to").asText()).isEqualTo("+81******5678");
            assertThat(message.get("status").asText()).isEqualTo("SENT");
            assertThat(message.has("createdAt")).isTrue();
            assertThat(message.has("body")).isFalse();
        });
        assertThat(mine.getBody()).doesNotContain("Kp7mRx4wNq2T");
        assertThat(json(mySends("1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d")).get("messages")).hasSize(1);
        assertThat(json(mySends("00000000-0000-4000-8000-000000000000")).get("messages")).isEmpty();
        // A workload's send is recorded under its role and listed under no one: its list would be a hot partition.
        assertThat(workload.get("status").asText()).isEqualTo("SENT");
        assertThat(wiring.messageStore().sentBy(
                "arn:aws:sts::123456789012:assumed-role/billing-service/billing-service", 100)).isEmpty();
    }

    /** As the person types: the number as it would be sent and the parts, with nothing sent, recorded or counted. */
    @Test
    void aPreviewShowsTheNumberAndThePartsAndSendsNothing() {
        deploy(Map.of(KotaeSettings.DEFAULT_COUNTRY, "JP", KotaeSettings.CALLER_DAILY_LIMIT, "1"));
        var preview = new PagePreviewHandler(wiring);
        var typed = event();
        typed.setBody("{\"to\": \"０９０-1234-5678\", \"body\": \"パスワード: Kp7mRx4wNq2T\"}");
        var abroad = event();
        abroad.setBody("{\"to\": \"+44 7911 123456\", \"body\": \"x\"}");

        var shown = preview.handleRequest(typed, LocalLambdaContext.invoking("page-preview"));
        var refused = preview.handleRequest(abroad, LocalLambdaContext.invoking("page-preview"));

        assertThat(shown.getStatusCode()).isEqualTo(200);
        assertThat(json(shown).get("to").asText()).isEqualTo("+819012345678");
        assertThat(json(shown).get("encoding").asText()).isEqualTo("UCS2");
        assertThat(json(shown).get("segments").asInt()).isEqualTo(1);
        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(json(refused).at("/error/code").asText()).isEqualTo("DESTINATION_NOT_ALLOWED");
        assertThat(simulator.outbox()).isEmpty();
        assertThat(send(event()).getStatusCode()).as("the preview counted nothing against the day").isEqualTo(202);
    }

    private APIGatewayV2HTTPResponse read(String messageId, String subject) {
        var event = EventLoader.loadApiGatewayHttpEvent("events/page-get-message.json");
        event.setPathParameters(Map.of("messageId", messageId));
        var claims = new HashMap<>(event.getRequestContext().getAuthorizer().getJwt().getClaims());
        claims.put("sub", subject);
        event.getRequestContext().getAuthorizer().getJwt().setClaims(claims);
        return new PageMessageHandler(wiring).handleRequest(event, LocalLambdaContext.invoking("page-message"));
    }

    private APIGatewayV2HTTPResponse mySends(String subject) {
        var event = EventLoader.loadApiGatewayHttpEvent("events/page-my-sends.json");
        var claims = new HashMap<>(event.getRequestContext().getAuthorizer().getJwt().getClaims());
        claims.put("sub", subject);
        event.getRequestContext().getAuthorizer().getJwt().setClaims(claims);
        return new PageMySendsHandler(wiring).handleRequest(event, LocalLambdaContext.invoking("page-my-sends"));
    }

    private static APIGatewayV2HTTPEvent event() {
        var event = EventLoader.loadApiGatewayHttpEvent(EVENT);
        event.setHeaders(new HashMap<>(event.getHeaders()));
        event.getRequestContext().getAuthorizer().getJwt().setClaims(
                new HashMap<>(event.getRequestContext().getAuthorizer().getJwt().getClaims()));
        return event;
    }

    private APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event) {
        return new PageSendHandler(wiring).handleRequest(event, LocalLambdaContext.invoking("page-send"));
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) {
        return TestJson.json(response.getBody());
    }
}
