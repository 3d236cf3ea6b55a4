package dev.kotae.consent.boundary;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kotae.InboundEvents;
import dev.kotae.LocalStandIns;
import dev.kotae.TestJson;
import dev.kotae.Wiring;
import dev.kotae.conversations.boundary.InboundMessageHandler;
import dev.kotae.messages.boundary.SendMessageHandler;
import dev.kotae.settings.KotaeSettings;
import dev.kotae.standins.LocalLambdaContext;
import dev.kotae.standins.SmsSimulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consent ledger through its API ({@code events/put-consent.json}, {@code delete-consent.json},
 * {@code get-recipient.json}) and the gate it holds: a PROMOTIONAL message reaches only a number whose consent is
 * granted; a STOP withdraws it; a TRANSACTIONAL message does not ask.
 */
class RecipientConsentTest {

    /** A marketing body that names the brand and how to stop, as every one must. */
    private static final String OFFER = "Kotae: 20% off this week. Reply STOP to stop.";
    private static final String BILLING = "arn:aws:sts::123456789012:assumed-role/billing-service/billing-service";

    private static LocalStandIns standIns;
    private static SmsSimulator simulator;
    private Wiring wiring;

    @BeforeAll
    static void startStandIns() {
        standIns = LocalStandIns.start();
        simulator = standIns.simulator;
    }

    @BeforeEach
    void freshDeployment() {
        simulator.reset();
        wiring = Wiring.from(standIns.deployment(Map.of(KotaeSettings.DEFAULT_COUNTRY, "JP")), Clock.systemUTC());
    }

    @Test
    void aPromotionalMessageWaitsForConsentAndATransactionalOneDoesNot() {
        var refused = send("PROMOTIONAL", OFFER);
        var transactional = send("TRANSACTIONAL", "reminder");

        var granted = consent(EventLoader.loadApiGatewayRestEvent("events/put-consent.json"));
        var accepted = send("PROMOTIONAL", OFFER);

        assertThat(refused.getStatusCode()).isEqualTo(409);
        assertThat(json(refused).at("/error/code").asText()).isEqualTo("CONSENT_REQUIRED");
        assertThat(json(refused).at("/error/field").asText()).isEqualTo("type");
        assertThat(transactional.getStatusCode()).isEqualTo(202);
        assertThat(granted.getStatusCode()).isEqualTo(200);
        assertThat(json(granted).at("/consent/state").asText()).isEqualTo("GRANTED");
        assertThat(json(granted).get("consentHistory")).singleElement().satisfies(entry -> {
            assertThat(entry.get("method").asText()).isEqualTo("API");
            assertThat(entry.get("source").asText()).isEqualTo("web-form");
            assertThat(entry.get("proof").asText()).startsWith("Checked 'Send me offers by SMS'");
            assertThat(entry.get("recordedBy").asText()).isEqualTo(BILLING);
        });
        assertThat(accepted.getStatusCode()).as(accepted.getBody()).isEqualTo(202);
        assertThat(simulator.outbox()).extracting(sms -> sms.messageBody()).containsExactly("reminder", OFFER);
    }

    @Test
    void withdrawnByTheCallerNoMarketingReachesTheNumberAndTheHistoryKeepsBoth() {
        consent(EventLoader.loadApiGatewayRestEvent("events/put-consent.json"));

        var withdrawn = consent(EventLoader.loadApiGatewayRestEvent("events/delete-consent.json"));
        var refused = send("PROMOTIONAL", OFFER);

        assertThat(json(withdrawn).at("/consent/state").asText()).isEqualTo("REVOKED");
        assertThat(json(withdrawn).get("consentHistory")).extracting(entry -> entry.get("state").asText())
                .containsExactly("GRANTED", "REVOKED");
        assertThat(json(withdrawn).get("optedOut").asBoolean()).as("withdrawing marketing is not an opt-out").isFalse();
        assertThat(json(refused).at("/error/code").asText()).isEqualTo("CONSENT_REQUIRED");
        assertThat(send("TRANSACTIONAL", "reminder").getStatusCode()).isEqualTo(202);
    }

    /** STOP withdraws consent too, with the person's text as the proof; START opts back in without giving it back. */
    @Test
    void aStopRevokesConsentAndAStartDoesNotRestoreIt() {
        consent(EventLoader.loadApiGatewayRestEvent("events/put-consent.json"));
        var inbound = new InboundMessageHandler(wiring);
        inbound.handleRequest(InboundEvents.load("inbound-stop.json"), LocalLambdaContext.invoking("inbound"));
        inbound.handleRequest(InboundEvents.load("inbound-start.json"), LocalLambdaContext.invoking("inbound"));

        var recipient = json(new GetRecipientHandler(wiring).handleRequest(
                EventLoader.loadApiGatewayRestEvent("events/get-recipient.json"), LocalLambdaContext.invoking("get-recipient")));

        assertThat(recipient.at("/consent/state").asText()).isEqualTo("REVOKED");
        assertThat(recipient.get("optedOut").asBoolean()).isFalse();
        assertThat(recipient.get("consentHistory")).filteredOn(entry -> entry.get("method").asText().equals("KEYWORD"))
                .singleElement().satisfies(entry -> {
            assertThat(entry.get("state").asText()).isEqualTo("REVOKED");
            assertThat(entry.get("proof").asText()).contains("3f1c2b7a-0d4e-4f58-9a6b-7c8d9e0f1a2b").endsWith(": STOP");
        });
        assertThat(send("PROMOTIONAL", OFFER).getStatusCode()).isEqualTo(409);
    }

    /**
     * Double opt-in by SMS ({@code events/inbound-join.json}, {@code inbound-yes.json}): JOIN is answered once with
     * a confirmation request and the number waits; its はい grants consent with the exchange as the proof, answered
     * once even when delivered twice; marketing then reaches it.
     */
    @Test
    void aJoinAndItsYesGrantConsentWithTheExchangeAsTheProof() {
        var inbound = new InboundMessageHandler(wiring);
        inbound.handleRequest(InboundEvents.load("inbound-join.json"), LocalLambdaContext.invoking("inbound"));
        var pending = recipient();
        inbound.handleRequest(InboundEvents.load("inbound-yes.json"), LocalLambdaContext.invoking("inbound"));
        inbound.handleRequest(InboundEvents.load("inbound-yes.json"), LocalLambdaContext.invoking("inbound"));

        assertThat(pending.at("/consent/state").asText()).isEqualTo("PENDING");
        var granted = recipient();
        assertThat(granted.at("/consent/state").asText()).isEqualTo("GRANTED");
        assertThat(granted.get("consentHistory")).extracting(entry -> entry.get("state").asText())
                .containsExactly("PENDING", "GRANTED");
        assertThat(granted.at("/consentHistory/0/proof").asText()).contains("5a2d3c8b-1e4f-4a69-8b7c-8d9e0f1a2b3c: JOIN")
                .contains("Reply YES to receive offers and news from");
        assertThat(granted.at("/consentHistory/1/proof").asText()).contains("6b3e4d9c-2f50-4b7a-9c8d-9e0f1a2b3c4d: はい");
        assertThat(granted.at("/consentHistory/1/method").asText()).isEqualTo("KEYWORD");
        assertThat(simulator.outbox()).extracting(sms -> sms.messageBody())
                .as("the request once, the confirmation once").hasSize(2)
                .satisfiesExactly(request -> assertThat(request).contains("Reply YES").contains("Reply STOP"),
                        confirmation -> assertThat(confirmation).as("in the language of its はい").contains("配信を登録しました"));
        assertThat(send("PROMOTIONAL", OFFER).getStatusCode()).isEqualTo(202);
    }

    /**
     * A double opt-in recorded by the caller ({@code events/put-consent-double-opt-in.json}): Kotae texts the
     * confirmation request a JOIN gets (in Japanese, to a Japanese number) once however often the caller asks, the
     * number waits, and the person's はい grants consent with the caller's proof and the request kept.
     */
    @Test
    void aDoubleOptInTextsTheRequestOnceAndThePersonsYesGrantsIt() {
        // Asked a minute before the person's はい (events/inbound-yes.json) is received.
        wiring = Wiring.from(standIns.deployment(Map.of(KotaeSettings.DEFAULT_COUNTRY, "JP")),
                Clock.fixed(Instant.parse("2026-11-22T03:30:00Z"), ZoneOffset.UTC));
        var asked = consent(EventLoader.loadApiGatewayRestEvent("events/put-consent-double-opt-in.json"));
        var askedAgain = consent(EventLoader.loadApiGatewayRestEvent("events/put-consent-double-opt-in.json"));
        var refusedMeanwhile = send("PROMOTIONAL", OFFER);
        new InboundMessageHandler(wiring).handleRequest(InboundEvents.load("inbound-yes.json"), LocalLambdaContext.invoking("inbound"));

        assertThat(asked.getStatusCode()).as(asked.getBody()).isEqualTo(200);
        assertThat(json(asked).at("/consent/state").asText()).isEqualTo("PENDING");
        assertThat(json(askedAgain).get("consentHistory")).as("asked once").hasSize(1);
        assertThat(json(refusedMeanwhile).at("/error/code").asText()).isEqualTo("CONSENT_REQUIRED");
        var granted = recipient();
        assertThat(granted.at("/consent/state").asText()).isEqualTo("GRANTED");
        assertThat(granted.get("consentHistory")).satisfiesExactly(pending -> {
            assertThat(pending.get("method").asText()).isEqualTo("API");
            assertThat(pending.get("recordedBy").asText()).isEqualTo(BILLING);
            assertThat(pending.get("proof").asText()).startsWith("Entered the number at https://clinic.example/offers")
                    .contains("「はい」と返信してください");
        }, grant -> assertThat(grant.get("method").asText()).isEqualTo("KEYWORD"));
        assertThat(simulator.outbox()).extracting(sms -> sms.messageBody())
                .as("the request once, in Japanese; the confirmation once").hasSize(2)
                .first().asString().contains("Kotae").contains("「はい」").contains("停止");
        assertThat(send("PROMOTIONAL", OFFER).getStatusCode()).isEqualTo(202);
    }

    @Test
    void aDoubleOptInTextsNoCountryThisDeploymentDoesNotSendTo() {
        var event = EventLoader.loadApiGatewayRestEvent("events/put-consent-double-opt-in.json")
                .withPathParameters(Map.of("phoneNumber", "+447911123456"));

        var refused = consent(event);

        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(json(refused).at("/error/code").asText()).isEqualTo("DESTINATION_NOT_ALLOWED");
        assertThat(simulator.outbox()).isEmpty();
        assertThat(simulator.calls("SendTextMessage")).isZero();
    }

    @Test
    void aDoubleOptInTextsNothingToAnOptedOutNumber() {
        wiring.messageStore().recordOptOut("+819012345678", Instant.now());

        var refused = consent(EventLoader.loadApiGatewayRestEvent("events/put-consent-double-opt-in.json"));

        assertThat(json(refused).at("/error/code").asText()).isEqualTo("RECIPIENT_OPTED_OUT");
        assertThat(simulator.outbox()).isEmpty();
    }

    /** A form cannot undo the person's own STOP: only their START opts them back in. */
    @Test
    void consentIsNotRecordedForAnOptedOutNumber() {
        wiring.messageStore().recordOptOut("+819012345678", Instant.now());

        var refused = consent(EventLoader.loadApiGatewayRestEvent("events/put-consent.json"));

        assertThat(refused.getStatusCode()).isEqualTo(409);
        assertThat(json(refused).at("/error/code").asText()).isEqualTo("RECIPIENT_OPTED_OUT");
        var recipient = json(new GetRecipientHandler(wiring).handleRequest(
                EventLoader.loadApiGatewayRestEvent("events/get-recipient.json"), LocalLambdaContext.invoking("get-recipient")));
        assertThat(recipient.at("/consent/state").asText()).as("the opt-out revoked it").isEqualTo("REVOKED");
        assertThat(recipient.get("consentHistory")).singleElement().satisfies(entry ->
                assertThat(entry.get("method").asText()).isEqualTo("OPT_OUT_LIST"));
    }

    /** Every marketing body says who sends it and how to stop: one that does not is refused, naming what it lacks. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "20% off this week.|the sender's name and how to stop",
            "Kotae: 20% off this week.|lacks how to stop",
            "20% off this week. Reply STOP to stop.|lacks the sender's name"})
    void aMarketingBodyThatDoesNotSayWhoSendsItAndHowToStopIsRefused(String body, String lacking) {
        consent(EventLoader.loadApiGatewayRestEvent("events/put-consent.json"));

        var refused = send("PROMOTIONAL", body);

        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(json(refused).at("/error/code").asText()).isEqualTo("INVALID_BODY");
        assertThat(json(refused).at("/error/message").asText()).contains(lacking);
        assertThat(simulator.outbox()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"source\": \"web-form\"}|INVALID_CONSENT|proof",
            "{\"proof\": \"signed the paper form\"}|INVALID_CONSENT|source",
            "{\"source\": \"Web Form\", \"proof\": \"x\"}|INVALID_CONSENT|source",
            "{\"source\": \"web-form\", \"proof\": \"  \"}|INVALID_CONSENT|proof",
            "{\"source\": \"web-form\", \"proof\": 7}|INVALID_CONSENT|proof",
            "{\"source\": \"web-form\", \"proof\": \"signed \\ud800\"}|INVALID_CONSENT|proof",
            "{\"source\": \"web-form\", \"proof\": \"x\", \"granted\": true}|UNKNOWN_FIELD|granted",
            "{\"source\": \"web-form\", \"proof\": \"x\", \"doubleOptIn\": \"yes\"}|INVALID_CONSENT|doubleOptIn",
            "not json|INVALID_JSON|"})
    void aConsentWithoutItsSourceOrProofIsRefusedAndNothingRecorded(String body, String code, String field) {
        var event = EventLoader.loadApiGatewayRestEvent("events/put-consent.json").withBody(body);

        var refused = consent(event);

        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(json(refused).at("/error/code").asText()).isEqualTo(code);
        assertThat(json(refused).at("/error/field").asText()).isEqualTo(field == null ? "" : field);
        assertThat(send("PROMOTIONAL", OFFER).getStatusCode()).isEqualTo(409);
    }

    @Test
    void aProofLongerThanTwoThousandCharactersIsRefused() {
        var event = EventLoader.loadApiGatewayRestEvent("events/put-consent.json")
                .withBody("{\"source\": \"paper\", \"proof\": \"" + "x".repeat(RecipientConsentHandler.MAX_PROOF + 1) + "\"}");

        assertThat(json(consent(event)).at("/error/code").asText()).isEqualTo("INVALID_CONSENT");
    }

    private JsonNode recipient() {
        return json(new GetRecipientHandler(wiring).handleRequest(
                EventLoader.loadApiGatewayRestEvent("events/get-recipient.json"), LocalLambdaContext.invoking("get-recipient")));
    }

    private APIGatewayProxyResponseEvent consent(APIGatewayProxyRequestEvent event) {
        return new RecipientConsentHandler(wiring).handleRequest(event, LocalLambdaContext.invoking("consent"));
    }

    private APIGatewayProxyResponseEvent send(String type, String body) {
        var event = EventLoader.loadApiGatewayRestEvent("events/send-message.json");
        event.setHeaders(new HashMap<>(event.getHeaders()));
        event.getHeaders().remove("Idempotency-Key");
        event.setBody("{\"to\": \"+819012345678\", \"body\": \"" + body + "\", \"type\": \"" + type + "\"}");
        return new SendMessageHandler(wiring).handleRequest(event, LocalLambdaContext.invoking("send"));
    }

    private static JsonNode json(APIGatewayProxyResponseEvent response) {
        return TestJson.json(response.getBody());
    }
}
