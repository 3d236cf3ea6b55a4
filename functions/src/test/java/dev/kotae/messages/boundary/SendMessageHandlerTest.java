package dev.kotae.messages.boundary;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kotae.LocalStandIns;
import dev.kotae.Wiring;
import dev.kotae.aws.EndUserMessagingGateway;
import dev.kotae.messages.control.ApiSends;
import dev.kotae.messages.control.Handover;
import dev.kotae.messages.control.IdempotencyClaim;
import dev.kotae.messages.control.MessageStore;
import dev.kotae.messages.control.SendRequestCodec;
import dev.kotae.messages.entity.MessageRecord;
import dev.kotae.messages.entity.QuietHours;
import dev.kotae.settings.FunctionVariable;
import dev.kotae.settings.KotaeSettings;
import dev.kotae.shared.entity.PhoneNumbers;
import dev.kotae.standins.Fault;
import dev.kotae.standins.LocalLambdaContext;
import dev.kotae.standins.SmsSimulator;
import dev.kotae.store.DynamoMessageStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ConflictException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ConflictExceptionReason;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import static dev.kotae.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SendMessageHandlerTest {

    private static final String SEND_EVENT = "events/send-message.json";
    private static final String CALLER = "arn:aws:sts::123456789012:assumed-role/billing-service/billing-service";

    private static LocalStandIns standIns;
    private static SmsSimulator simulator;

    private String table;
    private Wiring wiring;
    private SendMessageHandler handler;
    private GetMessageHandler messages;

    @BeforeAll
    static void startStandIns() {
        standIns = LocalStandIns.start();
        simulator = standIns.simulator;
    }

    @BeforeEach
    void freshState() {
        simulator.reset();
        var environment = standIns.deployment(Map.of(KotaeSettings.DEFAULT_COUNTRY, "JP"));
        table = environment.get(FunctionVariable.TABLE_NAME.name());
        wiring = Wiring.from(environment, Clock.systemUTC());
        handler = new SendMessageHandler(wiring);
        messages = new GetMessageHandler(wiring);
    }

    @ParameterizedTest
    @Event(value = SEND_EVENT, type = APIGatewayProxyRequestEvent.class)
    void sendsTheMessageAndRecordsWhoSentIt(APIGatewayProxyRequestEvent event) {
        var response = send(event);

        assertThat(response.getStatusCode()).isEqualTo(202);
        var receipt = json(response);
        assertThat(receipt.get("to").asText()).isEqualTo("+819012345678");
        assertThat(receipt.get("status").asText()).isEqualTo("SENT");
        assertThat(receipt.get("encoding").asText()).isEqualTo("GSM7");
        assertThat(receipt.get("segments").asInt()).isEqualTo(1);
        assertThat(receipt.has("conversation")).isFalse();
        assertThat(simulator.outbox()).singleElement().satisfies(sms -> {
            assertThat(sms.destinationPhoneNumber()).isEqualTo("+819012345678");
            assertThat(sms.originationIdentity()).isEqualTo("phone-0123456789abcdef0123456789abcdef");
            assertThat(sms.messageType()).isEqualTo("TRANSACTIONAL");
            assertThat(sms.messageBody()).isEqualTo("The password for invoice-2026-11.pdf is 7hQ-42xe");
        });

        var record = json(get(receipt.get("messageId").asText()));
        assertThat(record.get("status").asText()).isEqualTo("SENT");
        assertThat(record.get("caller").asText()).isEqualTo(CALLER);
        assertThat(record.get("providerMessageId").asText()).isEqualTo(simulator.outbox().get(0).messageId());
        assertThat(record.get("bodyLength").asInt()).isEqualTo(48);
    }

    @Test
    void neverStoresTheBody() {
        send(EventLoader.loadApiGatewayRestEvent(SEND_EVENT));

        var items = standIns.dynamo.scan(s -> s.tableName(table)).items();
        assertThat(items).isNotEmpty();
        assertThat(items.toString()).doesNotContain("7hQ-42xe");
    }

    @Test
    void opensAConversationForAJapaneseNationalNumber() {
        var response = send(EventLoader.loadApiGatewayRestEvent("events/send-message-expect-reply.json"));

        assertThat(response.getStatusCode()).isEqualTo(202);
        var receipt = json(response);
        assertThat(receipt.get("to").asText()).isEqualTo("+819012345678");
        assertThat(receipt.get("encoding").asText()).isEqualTo("UCS2");
        assertThat(receipt.get("segments").asInt()).isEqualTo(1);
        var conversation = receipt.get("conversation");
        assertThat(conversation.get("keywords")).extracting(JsonNode::asText).containsExactly("CONFIRM", "はい");
        assertThat(conversation.get("reference").asText()).isEqualTo("appt-123");
        assertThat(conversation.get("expiresAt").asText()).isNotBlank();

        var stored = standIns.dynamo.query(q -> q.tableName(table)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :conversation)")
                .expressionAttributeValues(Map.of(
                        ":pk", AttributeValue.fromS("RECIPIENT#+819012345678"),
                        ":conversation", AttributeValue.fromS("CONVERSATION#"))))
                .items();
        assertThat(stored).singleElement().satisfies(item -> {
            assertThat(item.get("state").s()).isEqualTo("OPEN");
            assertThat(item.get("conversationId").s()).isEqualTo(conversation.get("conversationId").asText());
            assertThat(item.get("messageId").s()).isEqualTo(receipt.get("messageId").asText());
        });
        assertThat(json(get(receipt.get("messageId").asText())).get("conversation")).isEqualTo(conversation);
    }

    @Test
    void aDryRunIsValidatedButNotSent() {
        var response = send(withBody("{\"to\": \"+819012345678\", \"body\": \"check\", \"dryRun\": true,"
                + " \"expectReply\": {\"keywords\": [\"CONFIRM\"]}}"));

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(json(response).get("status").asText()).isEqualTo("DRY_RUN");
        assertThat(json(response).has("conversation")).isFalse();
        assertThat(simulator.outbox()).isEmpty();
        assertThat(simulator.calls("SendTextMessage")).isEqualTo(1);
    }

    @Test
    void passesTheOptionalMembersThrough() {
        // Marketing reaches a number only with its consent (RecipientConsentTest holds the gate itself).
        wiring.consentService().grant("+819012345678", "web-form", "signed up for offers", CALLER);
        var response = send(withBody("{\"to\": \"+819012345678\", \"body\": \"Kotae: Sale! Reply STOP to stop.\", \"type\": \"PROMOTIONAL\","
                + " \"timeToLiveSeconds\": 300, \"maxPricePerPart\": \"0.08\", \"context\": {\"campaign\": \"nov\"}}"));

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(simulator.outbox()).singleElement().satisfies(sms -> {
            assertThat(sms.messageType()).isEqualTo("PROMOTIONAL");
            assertThat(sms.context()).containsEntry("campaign", "nov")
                    .containsEntry("kotaeMessageId", json(response).get("messageId").asText()).hasSize(2);
        });
    }

    @ParameterizedTest(name = "{0} -> {1} on {2}")
    @CsvSource(delimiter = '|', textBlock = """
            {"body": "hi"}                                                  | INVALID_PHONE_NUMBER  | to
            {"to": 819012345678, "body": "hi"}                              | INVALID_PHONE_NUMBER  | to
            {"to": "+81 90 CALL ME", "body": "hi"}                          | INVALID_PHONE_NUMBER  | to
            {"to": "+8190123", "body": "hi"}                                | INVALID_PHONE_NUMBER  | to
            {"to": "+819012345678"}                                         | INVALID_BODY          | body
            {"to": "+819012345678", "body": "   "}                          | INVALID_BODY          | body
            {"to": "+819012345678", "body": "hi", "type": "MARKETING"}      | INVALID_MESSAGE_TYPE  | type
            {"to": "+819012345678", "body": "hi", "timeToLiveSeconds": 4}   | INVALID_TIME_TO_LIVE  | timeToLiveSeconds
            {"to": "+819012345678", "body": "hi", "timeToLiveSeconds": 259201} | INVALID_TIME_TO_LIVE | timeToLiveSeconds
            {"to": "+819012345678", "body": "hi", "maxPricePerPart": 0.05}  | INVALID_MAX_PRICE     | maxPricePerPart
            {"to": "+819012345678", "body": "hi", "maxPricePerPart": "five"} | INVALID_MAX_PRICE    | maxPricePerPart
            {"to": "+819012345678", "body": "hi", "maxPricePerPart": "4.0"} | INVALID_MAX_PRICE     | maxPricePerPart
            {"to": "+819012345678", "body": "hi", "maxPrice": "0.05"}       | UNKNOWN_FIELD         | maxPrice
            {"to": "+819012345678", "body": "hi", "context": {"a": 1}}      | INVALID_CONTEXT       | context.a
            {"to": "+819012345678", "body": "hi", "context": {"a":"1","b":"2","c":"3","d":"4","e":"5"}} | INVALID_CONTEXT | context
            {"to": "+819012345678", "body": "hi", "context": {"kotaeMessageId": "x"}} | INVALID_CONTEXT | context.kotaeMessageId
            {"to": "+819012345678", "body": "hi", "dryRun": "yes"}          | INVALID_DRY_RUN       | dryRun
            {"to": "+819012345678", "body": "hi", "recipientTimeZone": "+09:00"} | INVALID_RECIPIENT_TIME_ZONE | recipientTimeZone
            {"to": "+819012345678", "body": "hi", "recipientTimeZone": "asia/tokyo"} | INVALID_RECIPIENT_TIME_ZONE | recipientTimeZone
            {"to": "+819012345678", "body": "hi", "recipientTimeZone": 9}   | INVALID_RECIPIENT_TIME_ZONE | recipientTimeZone
            {"to": "+819012345678", "body": "hi", "recipientTimeZone": "Etc/GMT+9"} | INVALID_RECIPIENT_TIME_ZONE | recipientTimeZone
            {"to": "+819012345678", "body": "hi", "recipientTimeZone": "EST5EDT"} | INVALID_RECIPIENT_TIME_ZONE | recipientTimeZone
            {"to": "+819012345678", "body": "hi", "recipientTimeZone": "Asia/Nowhere"} | INVALID_RECIPIENT_TIME_ZONE | recipientTimeZone
            {"to": "+819012345678", "body": "hi", "respectQuietHours": "yes"} | INVALID_RESPECT_QUIET_HOURS | respectQuietHours
            {"to": "+819012345678", "body": "Kotae: Sale! Reply STOP to stop.", "type": "PROMOTIONAL", "respectQuietHours": false} | INVALID_RESPECT_QUIET_HOURS | respectQuietHours
            {"to": "+819012345678", "body": "hi", "expectReply": {}}        | INVALID_EXPECT_REPLY  | expectReply.keywords
            {"to": "+819012345678", "body": "hi", "expectReply": {"keywords": ["STOP"]}} | INVALID_EXPECT_REPLY | expectReply.keywords
            {"to": "+819012345678", "body": "hi", "expectReply": {"keywords": ["OK"], "ttlSeconds": 10}} | INVALID_EXPECT_REPLY | expectReply.ttlSeconds
            {"to": "+819012345678", "body": "hi", "expectReply": {"keywords": ["OK"], "ref": "x"}} | INVALID_EXPECT_REPLY | expectReply.ref
            {"to": "+819012345678", "messageBody": "hi"}                    | UNKNOWN_FIELD         | messageBody
            [1, 2, 3]                                                        | INVALID_JSON          |
            """)
    void refusesEachInvalidMemberWithItsOwnCode(String body, String code, String field) {
        var response = send(withBody(body));

        assertThat(response.getStatusCode()).isEqualTo(400);
        var error = json(response).get("error");
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.path("field").asText(null)).isEqualTo(field);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(simulator.calls("SendTextMessage")).isZero();
    }

    @Test
    void refusesToAwaitAKeywordTheDeploymentMadeAHelpKeyword() {
        var environment = standIns.deployment(Map.of(KotaeSettings.KEYWORDS,
                "{\"keywords\": {\"HELP\": [\"HELP\", \"SUPPORT\"]}}"));
        var wiring = Wiring.from(environment, Clock.systemUTC());
        var overridden = new SendMessageHandler(wiring);

        var response = overridden.handleRequest(withBody("{\"to\": \"+819012345678\", \"body\": \"hi\","
                + " \"expectReply\": {\"keywords\": [\"support\"]}}"), LocalLambdaContext.invoking("send"));

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("error").get("message").asText()).contains("SUPPORT");
        assertThat(simulator.calls("SendTextMessage")).isZero();
    }

    @Test
    void refusesABodyLongerThan1600Characters() {
        var response = send(withBody("{\"to\": \"+819012345678\", \"body\": \"" + "a".repeat(1601) + "\"}"));

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("INVALID_BODY");
    }

    @Test
    void refusesMalformedJson() {
        var response = send(EventLoader.loadApiGatewayRestEvent("events/send-message-invalid-json.json"));

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("INVALID_JSON");
        assertThat(response.getBody()).doesNotContain("Exception").doesNotContain("at dev.kotae");
    }

    @Test
    void refusesAnotherContentType() {
        var response = send(EventLoader.loadApiGatewayRestEvent("events/send-message-wrong-content-type.json"));

        assertThat(response.getStatusCode()).isEqualTo(415);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }

    /** The first guard against SMS pumping: a destination abroad is refused before anything is written or sent. */
    @Test
    void refusesADestinationInACountryNotAllowedAndWritesAndSendsNothing() {
        var environment = standIns.deployment(Map.of(KotaeSettings.ALLOWED_COUNTRIES, "JP"));
        var japanOnly = Wiring.from(environment, Clock.systemUTC());

        var response = new SendMessageHandler(japanOnly).handleRequest(
                withBody("{\"to\": \"+14254147167\", \"body\": \"hi\"}"), LocalLambdaContext.invoking("send"));

        assertThat(response.getStatusCode()).isEqualTo(400);
        var error = json(response).get("error");
        assertThat(error.get("code").asText()).isEqualTo("DESTINATION_NOT_ALLOWED");
        assertThat(error.get("field").asText()).isEqualTo("to");
        assertThat(error.get("message").asText()).contains("JP").contains("US");
        assertThat(simulator.outbox()).isEmpty();
        assertThat(standIns.dynamo.scan(s -> s.tableName(environment.get(FunctionVariable.TABLE_NAME.name()))).items()).isEmpty();
    }

    /** The second guard: a send that skips Kotae's own check meets End User Messaging's protect configuration. */
    @Test
    void theProtectConfigurationRefusesWhatKotaesCheckWouldHave() {
        var environment = standIns.deployment(Map.of(KotaeSettings.ALLOWED_COUNTRIES, "JP"));
        var japanOnly = Wiring.from(environment, Clock.systemUTC());
        var unchecked = new SendMessageHandler(new SendRequestCodec(PhoneNumbers.internationalOnly(),
                japanOnly.reservedKeywords(), japanOnly.maxPricePerPart(), Clock.systemUTC()), japanOnly.apiSends());

        var response = unchecked.handleRequest(withBody("{\"to\": \"+14254147167\", \"body\": \"hi\"}"),
                LocalLambdaContext.invoking("send"));

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("DESTINATION_NOT_ALLOWED");
        assertThat(simulator.outbox()).isEmpty();
    }

    /**
     * What the service holds for a send that bypasses Kotae and names no protect configuration (a leaked role
     * calling SendTextMessage itself): the stack's configuration set carries Kotae's, so a send naming it is
     * refused too; one naming neither meets only the account's default, which Kotae's becomes when asked.
     */
    @Test
    void aSendNamingOnlyTheConfigurationSetMeetsTheProtectConfigurationAndOneNamingNeitherTheAccountDefault() {
        var environment = standIns.deployment(Map.of(KotaeSettings.ALLOWED_COUNTRIES, "JP"));
        var abroad = "+14254147755";

        assertThatThrownBy(() -> standIns.sms.sendTextMessage(r -> r.destinationPhoneNumber(abroad).messageBody("x")
                .originationIdentity(LocalStandIns.PHONE_NUMBER_ID)
                .configurationSetName(environment.get(FunctionVariable.CONFIGURATION_SET_NAME.name()))))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.reason())
                        .isEqualTo(ConflictExceptionReason.DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION));
        standIns.sms.sendTextMessage(r -> r.destinationPhoneNumber(abroad).messageBody("x")
                .originationIdentity(LocalStandIns.PHONE_NUMBER_ID));
        assertThat(simulator.outbox()).hasSize(1);

        standIns.deployment(Map.of(KotaeSettings.ALLOWED_COUNTRIES, "JP",
                KotaeSettings.PROTECT_CONFIGURATION_ACCOUNT_DEFAULT, "true"));
        assertThatThrownBy(() -> standIns.sms.sendTextMessage(r -> r.destinationPhoneNumber(abroad).messageBody("x")
                .originationIdentity(LocalStandIns.PHONE_NUMBER_ID))).isInstanceOf(ConflictException.class);
        assertThat(simulator.outbox()).hasSize(1);
    }

    /** A caller's day is counted with each message it records; a replay is not a new message, and is not counted. */
    @Test
    void aCallerOverItsDailyLimitIsRefusedUntilTheDayEndsAndAReplayDoesNotCount() {
        var limited = new SendMessageHandler(Wiring.from(standIns.deployment(Map.of(KotaeSettings.CALLER_DAILY_LIMIT,
                "2")), Clock.systemUTC()));
        var context = LocalLambdaContext.invoking("send");
        var keyed = EventLoader.loadApiGatewayRestEvent("events/send-message-idempotent.json");

        assertThat(limited.handleRequest(keyed, context).getStatusCode()).isEqualTo(202);
        assertThat(limited.handleRequest(EventLoader.loadApiGatewayRestEvent("events/send-message-idempotent.json"),
                context).getStatusCode()).isEqualTo(202);
        assertThat(limited.handleRequest(withBody("{\"to\": \"+819012345678\", \"body\": \"second\"}"), context)
                .getStatusCode()).isEqualTo(202);
        var third = limited.handleRequest(withBody("{\"to\": \"+819012345678\", \"body\": \"third\"}"), context);

        assertThat(third.getStatusCode()).isEqualTo(429);
        assertThat(json(third).get("error").get("code").asText()).isEqualTo("CALLER_QUOTA_EXCEEDED");
        var untilMidnight = Long.parseLong(third.getHeaders().get("Retry-After"));
        assertThat(untilMidnight).isBetween(1L, 86_400L);
        assertThat(simulator.outbox()).hasSize(2);
    }

    /**
     * A caller may lower the deployment's price ceiling, never raise it; a send naming none is sent with it.
     * End User Messaging's MaxPrice is the whole message's (API reference, SendTextMessage: "per each text
     * message"): the ceiling per part times the parts, or a Japanese message of two parts (0.1504 US dollars
     * at the simulator's 0.0752 a part) would be refused at a ceiling of 0.08 a part.
     */
    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {"none, hi, 1, 0.08", "0.076, hi, 1, 0.076", "none, あ, 71, 0.16",
            "0.076, あ, 71, 0.152"})
    void everySendCarriesTheWholeMessagesMaxPriceNoHigherThanTheCeiling(String callers, String text, int repeat,
                                                                          String sent) {
        var capped = new SendMessageHandler(Wiring.from(standIns.deployment(Map.of(KotaeSettings.MAX_PRICE_PER_PART,
                "0.08")), Clock.systemUTC()));
        var body = "{\"to\": \"+819012345678\", \"body\": \"" + text.repeat(repeat) + "\""
                + (callers == null ? "" : ", \"maxPricePerPart\": \"" + callers + "\"") + "}";

        assertThat(capped.handleRequest(withBody(body), LocalLambdaContext.invoking("send")).getStatusCode()).isEqualTo(202);
        assertThat(simulator.outbox()).singleElement().satisfies(message -> assertThat(message.maxPrice()).isEqualTo(sent));
    }

    /**
     * A destination dearer than the ceiling: End User Messaging refuses it (PRICE_OVER_THRESHOLD), and the
     * answer names the ceiling that did it and what to change.
     */
    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {"0.05, none, kotae:maxPricePerPart", "0.08, 0.05, the request's maxPricePerPart"})
    void aDestinationDearerThanTheCeilingIsRefusedNamingWhichCeiling(String deployments, String callers, String named) {
        var capped = new SendMessageHandler(Wiring.from(standIns.deployment(Map.of(KotaeSettings.MAX_PRICE_PER_PART,
                deployments)), Clock.systemUTC()));
        var body = "{\"to\": \"+819012345678\", \"body\": \"hi\""
                + (callers == null ? "" : ", \"maxPricePerPart\": \"" + callers + "\"") + "}";

        var response = capped.handleRequest(withBody(body), LocalLambdaContext.invoking("send"));

        assertThat(response.getStatusCode()).isEqualTo(422);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("MAX_PRICE_EXCEEDED");
        assertThat(json(response).get("error").get("message").asText()).contains("1 part at 0.05 US dollars each")
                .contains(named);
        assertThat(simulator.outbox()).isEmpty();
    }

    /** The member's former name is refused, as every unknown member is, with its new one. */
    @Test
    void theCeilingsFormerNameIsRefusedWithItsNewOne() {
        var response = send(withBody("{\"to\": \"+819012345678\", \"body\": \"hi\", \"maxPrice\": \"0.05\"}"));

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("UNKNOWN_FIELD");
        assertThat(json(response).get("error").get("message").asText()).contains("It is now 'maxPricePerPart'");
        assertThat(simulator.outbox()).isEmpty();
    }

    @Test
    void aMaxPriceAboveTheCeilingIsRefusedAndNothingIsWrittenOrSent() {
        var environment = standIns.deployment(Map.of(KotaeSettings.MAX_PRICE_PER_PART, "0.05"));
        var capped = new SendMessageHandler(Wiring.from(environment, Clock.systemUTC()));

        var response = capped.handleRequest(
                withBody("{\"to\": \"+819012345678\", \"body\": \"hi\", \"maxPricePerPart\": \"0.10\"}"),
                LocalLambdaContext.invoking("send"));

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("INVALID_MAX_PRICE");
        assertThat(json(response).get("error").get("message").asText()).contains("0.05");
        assertThat(simulator.outbox()).isEmpty();
        assertThat(standIns.dynamo.scan(s -> s.tableName(environment.get(FunctionVariable.TABLE_NAME.name()))).items()).isEmpty();
    }

    @Test
    void refusesANationalNumberWhenNoDefaultCountryIsConfigured() {
        var environment = standIns.deployment(Map.of());
        var wiring = Wiring.from(environment, Clock.systemUTC());
        var international = new SendMessageHandler(wiring);

        var response = international.handleRequest(withBody("{\"to\": \"090-1234-5678\", \"body\": \"hi\"}"),
                LocalLambdaContext.invoking("send"));

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("error").get("message").asText()).contains("default country");
    }

    @Test
    void repeatsTheFirstResponseForARepeatedIdempotencyKeyAndSendsOnce() {
        var first = send(EventLoader.loadApiGatewayRestEvent("events/send-message-idempotent.json"));
        var retry = send(EventLoader.loadApiGatewayRestEvent("events/send-message-idempotent.json"));

        assertThat(first.getStatusCode()).isEqualTo(202);
        assertThat(retry.getStatusCode()).isEqualTo(202);
        assertThat(json(retry)).isEqualTo(json(first));
        assertThat(simulator.outbox()).hasSize(1);
    }

    @Test
    void treatsTheSamePayloadWrittenDifferentlyAsTheSame() {
        var first = send(EventLoader.loadApiGatewayRestEvent("events/send-message-idempotent.json"));
        var reformatted = EventLoader.loadApiGatewayRestEvent("events/send-message-idempotent.json")
                .withBody("{\"body\": \"Your one-time code is 482913. It expires in 5 minutes.\", \"to\": \"+81 90 1234 5678\"}");

        assertThat(json(send(reformatted))).isEqualTo(json(first));
        assertThat(simulator.outbox()).hasSize(1);
    }

    @Test
    void aReplayedConversationListsItsKeywordsInTheOrderFirstGiven() {
        var event = EventLoader.loadApiGatewayRestEvent("events/send-message-idempotent.json")
                .withBody("{\"to\": \"+819012345678\", \"body\": \"Reply\", \"expectReply\": {\"keywords\":"
                        + " [\"YES\", \"CONFIRM\", \"はい\", \"APPROVE\", \"OK\"]}}");

        var first = json(send(event));
        var replayed = json(send(event));

        assertThat(first.get("conversation").get("keywords")).extracting(JsonNode::asText)
                .containsExactly("YES", "CONFIRM", "はい", "APPROVE", "OK");
        assertThat(replayed).isEqualTo(first);
        assertThat(json(get(first.get("messageId").asText())).get("conversation")).isEqualTo(first.get("conversation"));
    }

    /** A first attempt that recorded its message and claim, then died (timeout, out of memory) before its outcome. */
    private String leaveADeadAttemptBehind(APIGatewayProxyRequestEvent event, Instant startedAt) {
        var request = wiring.sendRequestCodec().parse(event.getBody());
        var messageId = UUID.randomUUID().toString();
        var claim = IdempotencyClaim.of(CALLER, event.getHeaders().get("Idempotency-Key"), request.fingerprint(),
                startedAt.plus(Duration.ofHours(24)));
        wiring.messageStore().admit(MessageRecord.accepted(messageId, request, CALLER, startedAt), Optional.of(claim),
                Optional.empty(), MessageStore.Listing.NONE);
        return messageId;
    }

    @Test
    void aFirstAttemptThatDiedIsAnsweredAsUnknownOnceItCannotStillBeRunning() {
        var event = EventLoader.loadApiGatewayRestEvent("events/send-message-idempotent.json");
        var messageId = leaveADeadAttemptBehind(event, Instant.now().minus(MessageRecord.ABANDONED_AFTER).minusSeconds(5));

        var retry = send(event);

        assertThat(retry.getStatusCode()).isEqualTo(503);
        assertThat(json(retry).get("error").get("code").asText()).isEqualTo("UPSTREAM_UNAVAILABLE");
        assertThat(json(retry).get("error").get("message").asText()).contains(messageId).contains("may or may not");
        assertThat(simulator.outbox()).isEmpty();
        var record = json(get(messageId));
        assertThat(record.get("status").asText()).isEqualTo("UNKNOWN");
        assertThat(record.get("error").get("code").asText()).isEqualTo("UPSTREAM_UNAVAILABLE");
    }

    @Test
    void aFirstAttemptThatMayStillBeRunningKeepsItsKey() {
        var event = EventLoader.loadApiGatewayRestEvent("events/send-message-idempotent.json");
        var messageId = leaveADeadAttemptBehind(event, Instant.now().minusSeconds(10));

        var retry = send(event);

        assertThat(retry.getStatusCode()).isEqualTo(409);
        assertThat(json(retry).get("error").get("code").asText()).isEqualTo("IDEMPOTENCY_KEY_IN_USE");
        assertThat(json(get(messageId)).get("status").asText()).isEqualTo("ACCEPTED");
    }

    @Test
    void refusesAnIdempotencyKeyReusedForAnotherPayload() {
        send(EventLoader.loadApiGatewayRestEvent("events/send-message-idempotent.json"));
        var other = EventLoader.loadApiGatewayRestEvent("events/send-message-idempotent.json")
                .withBody("{\"to\": \"+819012345678\", \"body\": \"Your one-time code is 000000.\"}");

        var response = send(other);

        assertThat(response.getStatusCode()).isEqualTo(422);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(simulator.outbox()).hasSize(1);
    }

    @Test
    void refusesAMalformedIdempotencyKey() {
        var event = EventLoader.loadApiGatewayRestEvent("events/send-message-idempotent.json");
        event.getHeaders().put("Idempotency-Key", "x".repeat(129));

        var response = send(event);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("INVALID_IDEMPOTENCY_KEY");
    }

    @Test
    void recordsAProviderOptOutAndRefusesLaterSendsWithoutCallingTheProvider() {
        simulator.optOut("+819012345678");

        var refused = send(EventLoader.loadApiGatewayRestEvent(SEND_EVENT));
        var again = send(EventLoader.loadApiGatewayRestEvent(SEND_EVENT));

        assertThat(refused.getStatusCode()).isEqualTo(409);
        assertThat(json(refused).get("error").get("code").asText()).isEqualTo("RECIPIENT_OPTED_OUT");
        assertThat(again.getStatusCode()).isEqualTo(409);
        assertThat(json(again).get("error").get("code").asText()).isEqualTo("RECIPIENT_OPTED_OUT");
        assertThat(simulator.calls("SendTextMessage")).isEqualTo(1);
        assertThat(simulator.outbox()).isEmpty();
    }

    @Test
    void retriesThrottlingAndSendsOnce() {
        simulator.injectFault("SendTextMessage", Fault.THROTTLE, 2);

        var response = send(EventLoader.loadApiGatewayRestEvent(SEND_EVENT));

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(simulator.calls("SendTextMessage")).isEqualTo(3);
        assertThat(simulator.outbox()).hasSize(1);
    }

    @Test
    void answers429WhenThrottlingPersistsAndLetsTheSameKeyRetry() {
        simulator.injectFault("SendTextMessage", Fault.THROTTLE, 3);

        var throttled = send(EventLoader.loadApiGatewayRestEvent("events/send-message-idempotent.json"));

        assertThat(throttled.getStatusCode()).isEqualTo(429);
        assertThat(throttled.getHeaders()).containsEntry("Retry-After", "1");
        assertThat(json(throttled).get("error").get("code").asText()).isEqualTo("THROTTLED");
        assertThat(simulator.outbox()).isEmpty();

        var retried = send(EventLoader.loadApiGatewayRestEvent("events/send-message-idempotent.json"));
        assertThat(retried.getStatusCode()).isEqualTo(202);
        assertThat(simulator.outbox()).hasSize(1);
    }

    @Test
    void answers503OnAServerErrorWithoutRetryingAndNeverSendsTwiceForTheSameKey() {
        simulator.injectFault("SendTextMessage", Fault.SERVER_ERROR, 1);

        var failed = send(EventLoader.loadApiGatewayRestEvent("events/send-message-idempotent.json"));
        var retried = send(EventLoader.loadApiGatewayRestEvent("events/send-message-idempotent.json"));

        assertThat(failed.getStatusCode()).isEqualTo(503);
        assertThat(json(failed).get("error").get("code").asText()).isEqualTo("UPSTREAM_UNAVAILABLE");
        assertThat(json(retried)).isEqualTo(json(failed));
        assertThat(simulator.calls("SendTextMessage")).isEqualTo(1);

        var messageId = json(failed).get("error").get("message").asText().replaceAll(".*GET /messages/(\\S+) .*", "$1");
        assertThat(json(get(messageId)).get("status").asText()).isEqualTo("UNKNOWN");
    }

    @Test
    void answers402WhenTheMonthlySpendLimitIsReached() {
        simulator.injectFault("SendTextMessage", Fault.SPEND_LIMIT, 1);

        var response = send(EventLoader.loadApiGatewayRestEvent(SEND_EVENT));

        assertThat(response.getStatusCode()).isEqualTo(402);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("MONTHLY_SPEND_LIMIT_REACHED");
    }

    @Test
    void answers422WhenEndUserMessagingRejectsTheMessage() {
        simulator.injectFault("SendTextMessage", Fault.UNVERIFIED_DESTINATION, 1);

        var response = send(EventLoader.loadApiGatewayRestEvent(SEND_EVENT));

        assertThat(response.getStatusCode()).isEqualTo(422);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("MESSAGE_REJECTED");
        assertThat(json(response).get("error").get("message").asText()).contains("DESTINATION_PHONE_NUMBER_NOT_VERIFIED");
    }

    @Test
    void answers502WhenEndUserMessagingDeniesAccess() {
        simulator.injectFault("SendTextMessage", Fault.ACCESS_DENIED, 1);

        var response = send(EventLoader.loadApiGatewayRestEvent(SEND_EVENT));

        assertThat(response.getStatusCode()).isEqualTo(502);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("UPSTREAM_ACCESS_DENIED");
    }

    @Test
    void answers503WithRetryAfterWhenEndUserMessagingCannotBeReached() {
        var environment = standIns.deployment(Map.of());
        try (var unreachable = PinpointSmsVoiceV2Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:9"))
                .region(Region.AP_NORTHEAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(standIns.http)
                .build()) {
            var wiring = Wiring.from(environment, Clock.systemUTC());
            var store = new DynamoMessageStore(standIns.dynamo, table, Duration.ofDays(1));
            var service = new ApiSends(store, new Handover(store, new EndUserMessagingGateway(unreachable, "phone-1",
                    Optional.empty(), Optional.empty(), Optional.empty()), Clock.systemUTC()), Optional.empty(), null,
                    wiring.promotionalContent(), QuietHours.parse("21:00-08:00"), Clock.systemUTC());
            var offline = new SendMessageHandler(wiring.sendRequestCodec(), service);

            var response = offline.handleRequest(EventLoader.loadApiGatewayRestEvent(SEND_EVENT),
                    LocalLambdaContext.invoking("send"));

            assertThat(response.getStatusCode()).isEqualTo(503);
            assertThat(response.getHeaders()).containsKey("Retry-After");
            assertThat(json(response).get("error").get("message").asText()).contains("nothing was sent");
        }
    }

    @Test
    void answers503AndSendsNothingWhenTheTableIsUnavailable() {
        var environment = standIns.deployment(Map.of());
        environment.put(FunctionVariable.TABLE_NAME.name(), "no-such-table");
        var wiring = Wiring.from(environment, Clock.systemUTC());
        var broken = new SendMessageHandler(wiring);

        var response = broken.handleRequest(EventLoader.loadApiGatewayRestEvent(SEND_EVENT), LocalLambdaContext.invoking("send"));

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("STORAGE_UNAVAILABLE");
        assertThat(simulator.calls("SendTextMessage")).isZero();
    }

    private APIGatewayProxyResponseEvent send(APIGatewayProxyRequestEvent event) {
        return handler.handleRequest(event, LocalLambdaContext.invoking("send"));
    }

    private APIGatewayProxyResponseEvent get(String messageId) {
        var event = EventLoader.loadApiGatewayRestEvent("events/get-message.json")
                .withPathParameters(Map.of("messageId", messageId));
        return messages.handleRequest(event, LocalLambdaContext.invoking("get"));
    }

    private static APIGatewayProxyRequestEvent withBody(String body) {
        return EventLoader.loadApiGatewayRestEvent(SEND_EVENT).withBody(body);
    }
}
