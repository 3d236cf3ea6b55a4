package dev.kotae.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kotae.sandbox.Sandbox;
import dev.kotae.sandbox.SandboxOptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ProtectConfigurationCountryRuleSetInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kotae} as a user runs it, in this JVM (the jar itself runs in {@link KotaeCliIT}): against the sandbox,
 * its body on standard input and its answers on standard output and error, ending with its documented exit codes.
 * What a user sets in the environment (credentials, endpoints) is given as the SDK's system properties for the run.
 */
class KotaeCliTest {

    /** The SDK's system property for each environment variable the cases set: it wins over the variable. */
    private static final Map<String, String> SDK_PROPERTIES = Map.ofEntries(
            Map.entry("AWS_ACCESS_KEY_ID", "aws.accessKeyId"),
            Map.entry("AWS_SECRET_ACCESS_KEY", "aws.secretAccessKey"),
            Map.entry("AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2", "aws.endpointUrlPinpointSmsVoiceV2"),
            Map.entry("AWS_ENDPOINT_URL_API_GATEWAY", "aws.endpointUrlApiGateway"),
            Map.entry("AWS_ENDPOINT_URL_IAM", "aws.endpointUrlIam"),
            Map.entry("AWS_ENDPOINT_URL_CLOUDFORMATION", "aws.endpointUrlCloudFormation"),
            Map.entry("AWS_ENDPOINT_URL_STS", "aws.endpointUrlSts"),
            Map.entry("AWS_ENDPOINT_URL_LAMBDA", "aws.endpointUrlLambda"),
            Map.entry("AWS_ENDPOINT_URL_SNS", "aws.endpointUrlSns"),
            Map.entry("AWS_ENDPOINT_URL_CLOUDWATCH", "aws.endpointUrlCloudWatch"),
            Map.entry("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", "aws.endpointUrlCognitoIdentityProvider"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Sandbox sandbox;
    private static URI api;

    /** What one run of the jar printed and how it ended. */
    record Run(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withApiPort(0).withContext("kotae:web", "true").withContext("kotae:webDomainPrefix", "kotae-local"));
        api = sandbox.apiEndpoint();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void sendReadsTheBodyFromStandardInputAndWaitsForTheDelivery() throws Exception {
        var run = kotae("Your code is 482913.\n", Map.of(), "send", "--to", "090-1234-5678", "--wait");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("✔ Message ").contains("SENT").contains("DELIVERED");
        assertThat(run.err()).containsPattern("Idempotency-Key: [0-9a-f-]{36}");
        assertThat(outbox("+819012345678")).extracting(message -> message.get("body").asText())
                .contains("Your code is 482913.");
    }

    @Test
    void aGeneratedPasswordIsSentAndShownOnceHere() throws Exception {
        var run = kotae("", Map.of(), "send", "--to", "+819011112222", "--generate-password", "20");

        assertThat(run.exitCode()).as(run.err()).isZero();
        var password = run.err().lines().filter(line -> line.startsWith("Password")).findFirst().orElseThrow()
                .replaceAll(".*: ", "");
        assertThat(password).hasSize(20).matches("[" + Passwords.ALPHABET + "]+");
        assertThat(run.out()).doesNotContain(password);
        assertThat(outbox("+819011112222")).singleElement().satisfies(message ->
                assertThat(message.get("body").asText()).isEqualTo(password));
    }

    @Test
    void signedWithTheCallersCredentialsTheJsonAnswerIsTheApis() throws Exception {
        var run = kotae("hello", Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret"),
                "send", "--to", "+819033334444", "--dry-run", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        var receipt = JSON.readTree(run.out());
        assertThat(receipt.get("status").asText()).isEqualTo("DRY_RUN");
        assertThat(receipt.get("to").asText()).isEqualTo("+819033334444");
    }

    @Test
    void aRefusalPrintsTheApisErrorAndEndsWithOne() throws Exception {
        post("/sandbox/inbound", "{\"from\": \"+819055556666\", \"body\": \"STOP\"}");
        awaitOptedOut("+819055556666");

        var optedOut = kotae("hi", Map.of(), "send", "--to", "+819055556666");
        var invalid = kotae("hi", Map.of(), "send", "--to", "12345");

        assertThat(optedOut.exitCode()).isEqualTo(1);
        assertThat(optedOut.err()).contains("409 RECIPIENT_OPTED_OUT");
        assertThat(invalid.exitCode()).isEqualTo(1);
        assertThat(invalid.err()).contains("400 INVALID_PHONE_NUMBER").contains("[to]");
    }

    @Test
    void aScheduledMessageIsShownAndCanceledOnce() throws Exception {
        var sendAt = Instant.parse(get("/sandbox/clock").get("now").asText()).plus(Duration.ofDays(2))
                .truncatedTo(ChronoUnit.SECONDS);
        var booked = kotae("Reminder", Map.of(), "send", "--to", "+819077778888", "--send-at", sendAt.toString(),
                "--expect-reply", "CONFIRM", "--reference", "appt-9", "--json");
        var messageId = JSON.readTree(booked.out()).get("messageId").asText();

        var status = kotae("", Map.of(), "status", messageId);
        var canceled = kotae("", Map.of(), "cancel", messageId);
        var again = kotae("", Map.of(), "cancel", messageId);

        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains(messageId + ": SCHEDULED to +819077778888, for " + sendAt);
        assertThat(canceled.exitCode()).isZero();
        assertThat(canceled.out()).contains("CANCELED");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("409 MESSAGE_NOT_CANCELABLE");
    }

    /**
     * The zone given decides, not the number's: a Japanese number in a place whose night (21:00 to 08:00) is the
     * other way round from Tokyo's now is held when it is night there and sent when it is day there.
     */
    @Test
    void aMessageThatRespectsQuietHoursWaitsForTheMorningInTheZoneGiven() throws Exception {
        var now = Instant.parse(get("/sandbox/clock").get("now").asText());
        var soon = now.plus(Duration.ofMinutes(10));
        var zone = java.util.stream.Stream.of("Europe/London", "America/New_York", "Pacific/Honolulu", "Asia/Kolkata")
                .filter(place -> night(now, place) != night(now, "Asia/Tokyo") && night(soon, place) != night(soon, "Asia/Tokyo"))
                .findFirst().orElseThrow();

        var answered = kotae("Your statement is ready", Map.of(), "send", "--to", "+819077778899", "--respect-quiet-hours",
                "--recipient-time-zone", zone);

        assertThat(answered.exitCode()).as(answered.err()).isZero();
        if (night(now, zone)) {
            assertThat(answered.out()).contains("to +819077778899: SCHEDULED for ")
                    .contains("(held: it is night where the recipient is)");
        } else {
            assertThat(answered.out()).contains("SENT").doesNotContain("held");
        }
    }

    /** The sandbox's quiet hours, the default {@code 21:00-08:00}, at {@code place}. */
    private static boolean night(Instant at, String place) {
        var hour = at.atZone(java.time.ZoneId.of(place)).getHour();
        return hour >= 21 || hour < 8;
    }

    @Test
    void aNumbersConversationsAreShown() throws Exception {
        kotae("Reply CONFIRM", Map.of(), "send", "--to", "+819099990001", "--expect-reply", "CONFIRM",
                "--reference", "appt-7");

        var run = kotae("", Map.of(), "conversations", "+819099990001");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("+819099990001: opted in").contains("OPEN appt-7");
    }

    /** A number's consent recorded with its proof, shown with its history, and withdrawn; a grant without proof is refused. */
    @Test
    void aNumbersConsentIsRecordedShownAndWithdrawn() throws Exception {
        var granted = kotae("", Map.of(), "consent", "grant", "+819099990002", "--source", "paper",
                "--proof", "Signed form 2026-12-05, reference F-1042");
        var shown = kotae("", Map.of(), "consent", "show", "+819099990002");
        var revoked = kotae("", Map.of(), "consent", "revoke", "+819099990002");
        var withoutProof = kotae("", Map.of(), "consent", "grant", "+819099990002", "--source", "paper", "--proof", " ");

        assertThat(granted.exitCode()).as(granted.err()).isZero();
        assertThat(granted.out()).contains("+819099990002: consent GRANTED since");
        assertThat(shown.out()).contains("GRANTED  API paper  by ").contains("Signed form 2026-12-05, reference F-1042");
        assertThat(revoked.out()).contains("consent REVOKED");
        assertThat(withoutProof.exitCode()).isEqualTo(1);
        assertThat(withoutProof.err()).contains("INVALID_CONSENT");
    }

    /** A double opt-in: the number waits for the person's YES, and the command says so. */
    @Test
    void aDoubleOptInLeavesTheNumberWaitingForThePersonsYes() throws Exception {
        var asked = kotae("", Map.of(), "consent", "grant", "+819099990003", "--source", "web-form",
                "--proof", "Asked for offers on the sign-up form", "--double-opt-in");

        assertThat(asked.exitCode()).as(asked.err()).isZero();
        assertThat(asked.out()).contains("+819099990003: consent PENDING since");
    }

    /**
     * Against the sandbox's simulator, as the issue asks: the SMS checks pass on its number; the services
     * with no stand-in here (API Gateway, IAM, CloudFormation) cannot be reached and fail, blocking.
     */
    @Test
    void preflightChecksTheSmsAccountAndNumberAndNamesEachFix() throws Exception {
        var endpoints = get("/").get("endpoints");
        var nowhere = "http://127.0.0.1:9";
        var account = sandbox.account().endpoint().toString();
        var environment = Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local",
                "AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2", endpoints.get("sms").asText(),
                "AWS_ENDPOINT_URL_API_GATEWAY", nowhere, "AWS_ENDPOINT_URL_IAM", nowhere,
                "AWS_ENDPOINT_URL_CLOUDFORMATION", nowhere);
        var settings = List.of("--cdk-json", "../cdk.json", "--region", "ap-northeast-1",
                "-c", "kotae:originationIdentity=" + dev.kotae.standins.StandIns.PHONE_NUMBER_ID,
                "-c", "kotae:allowedCountries=JP", "-c", "kotae:brandName=Kotae", "-c", "kotae:helpContact=help@example.com",
                "-c", "kotae:apiGatewayCloudWatchRole=existing",
                "-c", "kotae:callers={\"arn:aws:iam::123456789012:role/app\": [\"send\"]}");
        var args = new ArrayList<>(List.of("preflight"));
        args.addAll(settings);
        var missingNumber = new ArrayList<>(args);
        missingNumber.addAll(List.of("-c", "kotae:originationIdentity=phone-00000000000000000000000000000000"));

        var run = kotae("", environment, args.toArray(String[]::new));
        var everything = new java.util.HashMap<>(environment);
        everything.putAll(Map.of("AWS_ENDPOINT_URL_API_GATEWAY", account, "AWS_ENDPOINT_URL_IAM", account,
                "AWS_ENDPOINT_URL_CLOUDFORMATION", account, "AWS_ENDPOINT_URL_STS", account,
                "AWS_ENDPOINT_URL_LAMBDA", account));
        var ready = kotae("", everything, args.toArray(String[]::new));
        sandbox.account().apiGatewayCloudWatchRole(null);
        var noLogsRole = kotae("", everything, args.toArray(String[]::new));
        sandbox.account().apiGatewayCloudWatchRole("arn:aws:iam::000000000000:role/api-gateway-logs");
        var wrongNumber = kotae("", environment, missingNumber.toArray(String[]::new));
        var noSettings = kotae("", environment, "preflight", "--cdk-json", "../cdk.json", "--region", "ap-northeast-1");

        assertThat(run.out()).contains("✔ Region ap-northeast-1 offers End User Messaging SMS")
                .contains("✔ The account is out of the SMS sandbox")
                .contains("✔ The monthly SMS spend limit is 100 USD")
                .contains("✔ Phone number " + dev.kotae.standins.StandIns.PHONE_NUMBER_ID + " (+815012345678, JP) exists")
                .contains("✘ Could not check the CDK bootstrap");
        assertThat(run.out().lines().filter(line -> line.startsWith("✘"))).allSatisfy(line ->
                assertThat(line).contains("— fix: "));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(wrongNumber.out()).contains("✘ The account has no phone-00000000000000000000000000000000");
        assertThat(ready.exitCode()).as(ready.out()).isZero();
        assertThat(ready.out()).contains("✔ API Gateway's CloudWatch Logs role is set")
                .contains("✔ The SMS service-linked role exists").contains("✔ The account is bootstrapped for the CDK")
                .doesNotContain("✘");
        assertThat(noLogsRole.exitCode()).isEqualTo(1);
        assertThat(noLogsRole.out()).contains("✘ API Gateway has no CloudWatch Logs role")
                .contains("fix: set -c kotae:apiGatewayCloudWatchRole=create");
        assertThat(noSettings.exitCode()).isEqualTo(1);
        assertThat(noSettings.err()).contains("Settings: Missing required context kotae:originationIdentity");
    }

    @Test
    void smokeSendsADryRunReadsItBackAndTextsNoOne() throws Exception {
        var before = get("/sandbox/outbox").size();

        var run = kotae("", Map.of(), "smoke", "--to", "+819012340000");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("✔ Signed dry-run send accepted").contains("reads DRY_RUN")
                .contains("✔ GET /conversations/+819012340000 answers").contains("give --stack instead of --api-url");
        assertThat(get("/sandbox/outbox").size()).as("no one was texted").isEqualTo(before);
    }

    /**
     * The platform engineer invites the send page's people into the user pool the stack's output names, lists
     * them, and removes one; inviting twice, or removing someone not there, is refused with 1.
     */
    @Test
    void usersAreInvitedListedAndRemovedInTheStacksUserPool() {
        var environment = Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local",
                "AWS_ENDPOINT_URL_CLOUDFORMATION", sandbox.account().endpoint().toString(),
                "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", sandbox.endpoints().get("signin").toString());
        var where = new String[] {"--stack", "Kotae", "--region", "ap-northeast-1"};

        var added = kotae("", environment, concat(new String[] {"users", "add", "--email", "taro@example.co.jp"}, where));
        var again = kotae("", environment, concat(new String[] {"users", "add", "--email", "taro@example.co.jp"}, where));
        var listed = kotae("", environment, concat(new String[] {"users", "list"}, where));
        var removed = kotae("", environment, concat(new String[] {"users", "remove", "--email", "taro@example.co.jp"}, where));
        var gone = kotae("", environment, concat(new String[] {"users", "remove", "--email", "taro@example.co.jp"}, where));

        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.out()).contains("Invited taro@example.co.jp");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("already exists");
        assertThat(listed.out()).contains("taro@example.co.jp  FORCE_CHANGE_PASSWORD");
        assertThat(removed.exitCode()).as(removed.err()).isZero();
        assertThat(gone.exitCode()).isEqualTo(1);
    }

    /** With codes by text, the person's number goes with the invitation; one not written +<country><number> is refused. */
    @Test
    void aPersonIsInvitedWithTheNumberTheirSignInCodesAreTextedTo() {
        var environment = Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local",
                "AWS_ENDPOINT_URL_CLOUDFORMATION", sandbox.account().endpoint().toString(),
                "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", sandbox.endpoints().get("signin").toString());
        var where = new String[] {"--stack", "Kotae", "--region", "ap-northeast-1"};

        var added = kotae("", environment, concat(new String[] {"users", "add", "--email", "hanako@example.co.jp",
                "--phone", "+819012345678"}, where));
        var national = kotae("", environment, concat(new String[] {"users", "add", "--email", "jiro@example.co.jp",
                "--phone", "090-1234-5678"}, where));
        var listed = kotae("", environment, concat(new String[] {"users", "list"}, where));
        kotae("", environment, concat(new String[] {"users", "remove", "--email", "hanako@example.co.jp"}, where));

        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.out()).contains("Invited hanako@example.co.jp with +819012345678 for sign-in codes");
        assertThat(national.exitCode()).isEqualTo(1);
        assertThat(national.err()).contains("Invalid phone number format.");
        assertThat(listed.out()).contains("hanako@example.co.jp").doesNotContain("jiro@example.co.jp");
    }

    private static String[] concat(String[] command, String[] options) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(command), java.util.Arrays.stream(options))
                .toArray(String[]::new);
    }

    /**
     * Through the stack's outputs, as after a real deploy: the API found, the alarm topic's subscription read,
     * and the protect configuration's rules read from End User Messaging against the deployment's countries.
     */
    @Test
    void smokeFindsTheApiFromTheStackAndChecksTheAlarmTopicAndTheProtectConfiguration() throws Exception {
        var account = sandbox.account().endpoint().toString();
        var environment = Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local",
                "AWS_ENDPOINT_URL_CLOUDFORMATION", account, "AWS_ENDPOINT_URL_SNS", account,
                "AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2", sandbox.endpoints().get("sms").toString(),
                "AWS_ENDPOINT_URL_CLOUDWATCH", account);
        var smoke = new String[] {"smoke", "--stack", "Kotae", "--region", "ap-northeast-1", "--to", "+819012340001"};

        var confirmed = kotae("", environment, smoke);
        sandbox.account().metrics("AWS/SMSVoice", List.of("NumberOfTextMessagePartsDelivered"));
        var noSpendSeries = kotae("", environment, smoke);
        sandbox.account().metrics("AWS/SMSVoice", List.of("TextMessageMonthlySpend", "NumberOfTextMessagePartsSent"));
        sandbox.account().subscription("arn:aws:sns:ap-northeast-1:000000000000:Kotae-alarms", "on-call@example.com", false);
        var pending = kotae("", environment, smoke);
        sandbox.account().subscription("arn:aws:sns:ap-northeast-1:000000000000:Kotae-alarms", "on-call@example.com", true);
        var protectConfiguration = stackOutput("ProtectConfigurationId");
        try (var sms = simulatorClient()) {
            sms.updateProtectConfigurationCountryRuleSet(r -> r.protectConfigurationId(protectConfiguration)
                    .numberCapability("SMS").countryRuleSetUpdates(Map.of("GB",
                            ProtectConfigurationCountryRuleSetInformation.builder().protectStatus("ALLOW").build())));
            var widened = kotae("", environment, smoke);
            sms.updateProtectConfigurationCountryRuleSet(r -> r.protectConfigurationId(protectConfiguration)
                    .numberCapability("SMS").countryRuleSetUpdates(Map.of("GB",
                            ProtectConfigurationCountryRuleSetInformation.builder().protectStatus("BLOCK").build())));

            assertThat(widened.exitCode()).isEqualTo(1);
            assertThat(widened.out()).contains("✘ Protect configuration " + protectConfiguration + " allows GB, JP, US,"
                    + " not JP, US — fix:");
        }

        assertThat(confirmed.exitCode()).as(confirmed.out() + confirmed.err()).isZero();
        assertThat(noSpendSeries.exitCode()).as(noSpendSeries.out()).isZero();
        assertThat(noSpendSeries.out()).contains("✘ AWS/SMSVoice holds no TextMessageMonthlySpend or"
                + " NumberOfTextMessagePartsSent: the spend alarms read nothing").contains("(advisory)")
                .contains("create-service-linked-role");
        assertThat(confirmed.out()).contains("✔ The alarm topic has 1 confirmed subscription(s)")
                .contains("✔ AWS/SMSVoice holds TextMessageMonthlySpend and NumberOfTextMessagePartsSent")
                .contains("✔ Protect configuration " + protectConfiguration + " allows JP, US and blocks every other country");
        assertThat(pending.exitCode()).isEqualTo(1);
        assertThat(pending.out()).contains("✘ The alarm topic").contains("no confirmed subscription — fix:");
    }

    /** The account's default protect configuration: none, Kotae's own, or another, which Kotae never replaces. */
    @Test
    void preflightReportsTheAccountsDefaultProtectConfigurationAndWhatTheDeployWillDo() throws Exception {
        var account = sandbox.account().endpoint().toString();
        var environment = Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local",
                "AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2", sandbox.endpoints().get("sms").toString(),
                "AWS_ENDPOINT_URL_API_GATEWAY", account, "AWS_ENDPOINT_URL_IAM", account,
                "AWS_ENDPOINT_URL_CLOUDFORMATION", account, "AWS_ENDPOINT_URL_STS", account,
                "AWS_ENDPOINT_URL_LAMBDA", account);
        var preflight = new ArrayList<>(List.of("preflight", "--cdk-json", "../cdk.json", "--region", "ap-northeast-1",
                "-c", "kotae:originationIdentity=" + dev.kotae.standins.StandIns.PHONE_NUMBER_ID,
                "-c", "kotae:allowedCountries=JP,US", "-c", "kotae:brandName=Kotae", "-c", "kotae:helpContact=help@example.com",
                "-c", "kotae:apiGatewayCloudWatchRole=existing",
                "-c", "kotae:callers={\"arn:aws:iam::123456789012:role/app\": [\"send\"]}"));
        var asking = new ArrayList<>(preflight);
        asking.addAll(List.of("-c", "kotae:protectConfigurationAccountDefault=true"));

        try (var sms = simulatorClient()) {
            var none = kotae("", environment, preflight.toArray(String[]::new));
            var securityTeams = sms.createProtectConfiguration(r -> { }).protectConfigurationId();
            sms.setAccountDefaultProtectConfiguration(r -> r.protectConfigurationId(securityTeams));
            var another = kotae("", environment, preflight.toArray(String[]::new));
            var anotherAsked = kotae("", environment, asking.toArray(String[]::new));
            var kotaesOwn = stackOutput("ProtectConfigurationId");
            sms.setAccountDefaultProtectConfiguration(r -> r.protectConfigurationId(kotaesOwn));
            var kotaes = kotae("", environment, asking.toArray(String[]::new));
            sms.deleteAccountDefaultProtectConfiguration(r -> { });

            assertThat(none.out()).contains("✔ The account has no default protect configuration");
            assertThat(another.exitCode()).as(another.out()).isZero();
            assertThat(another.out()).contains("✘ The account's default protect configuration is " + securityTeams
                    + ": Kotae's sends name Kotae's own").contains("(advisory)");
            assertThat(anotherAsked.exitCode()).isEqualTo(1);
            assertThat(anotherAsked.out()).contains("Kotae replaces no other default")
                    .contains("fix: set -c kotae:protectConfigurationAccountDefault=false");
            assertThat(kotaes.out()).contains("✔ The account's default protect configuration is Kotae's own");
        }
    }

    /**
     * Each caller role of the account as IAM holds it: one written without its path may call (the API matches
     * by name) and is printed with it; one that does not exist yet is named.
     */
    @Test
    void preflightReadsEachCallerRoleAndTheAccountsConcurrency() throws Exception {
        var account = sandbox.account().endpoint().toString();
        sandbox.account().role("AWSReservedSSO_Admin_0a1b", "/aws-reserved/sso.amazonaws.com/ap-northeast-1/");
        var environment = Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local",
                "AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2", sandbox.endpoints().get("sms").toString(),
                "AWS_ENDPOINT_URL_API_GATEWAY", account, "AWS_ENDPOINT_URL_IAM", account,
                "AWS_ENDPOINT_URL_CLOUDFORMATION", account, "AWS_ENDPOINT_URL_STS", account,
                "AWS_ENDPOINT_URL_LAMBDA", account);

        var run = kotae("", environment, "preflight", "--cdk-json", "../cdk.json", "--region", "ap-northeast-1",
                "-c", "kotae:originationIdentity=" + dev.kotae.standins.StandIns.PHONE_NUMBER_ID,
                "-c", "kotae:allowedCountries=JP", "-c", "kotae:brandName=Kotae", "-c", "kotae:helpContact=help@example.com",
                "-c", "kotae:apiGatewayCloudWatchRole=existing",
                "-c", "kotae:callers={\"arn:aws:iam::000000000000:role/local-developer\": [\"send\"],"
                        + " \"arn:aws:iam::000000000000:role/AWSReservedSSO_Admin_0a1b\": [\"send\"],"
                        + " \"arn:aws:iam::000000000000:role/not-created-yet\": [\"send\"],"
                        + " \"arn:aws:iam::123456789012:role/elsewhere\": [\"send\"]}");

        sandbox.account().lambdaConcurrency(10, 10);
        var newAccount = kotae("", environment, "preflight", "--cdk-json", "../cdk.json", "--region", "ap-northeast-1",
                "-c", "kotae:originationIdentity=" + dev.kotae.standins.StandIns.PHONE_NUMBER_ID,
                "-c", "kotae:allowedCountries=JP", "-c", "kotae:brandName=Kotae", "-c", "kotae:helpContact=help@example.com",
                "-c", "kotae:apiGatewayCloudWatchRole=existing",
                "-c", "kotae:callers={\"arn:aws:iam::000000000000:role/local-developer\": [\"send\"]}");
        sandbox.account().lambdaConcurrency(1000, 1000);

        assertThat(newAccount.exitCode()).as(newAccount.out()).isZero();
        assertThat(newAccount.out()).contains("✘ Lambda's unreserved concurrency here is 10, under the 33 functions Kotae"
                + " can run at once (5 for inbound replies, 5 for delivery events, 2 for batch senders, 1 for the event"
                + " relay, 20 for API requests (the stage's burst))").contains("(advisory)").contains("L-B99A9384");
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).contains("✔ Caller role local-developer exists")
                .contains("✔ Lambda's unreserved concurrency here (1000) covers the 33 functions")
                .contains("✘ Caller role arn:aws:iam::000000000000:role/AWSReservedSSO_Admin_0a1b is"
                        + " arn:aws:iam::000000000000:role/aws-reserved/sso.amazonaws.com/ap-northeast-1/AWSReservedSSO_Admin_0a1b"
                        + " in IAM (advisory)")
                .contains("✘ Caller role arn:aws:iam::000000000000:role/not-created-yet does not exist in this account yet")
                .doesNotContain("elsewhere");
    }

    private static PinpointSmsVoiceV2Client simulatorClient() {
        return PinpointSmsVoiceV2Client.builder()
                .endpointOverride(sandbox.endpoints().get("sms"))
                .region(Region.AP_NORTHEAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** The sandbox's stack output, as the account stand-in answers DescribeStacks. */
    private static String stackOutput(String key) throws Exception {
        try (var cloudFormation = CloudFormationClient.builder()
                .endpointOverride(sandbox.account().endpoint())
                .region(Region.AP_NORTHEAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            return cloudFormation.describeStacks(r -> r.stackName("Kotae")).stacks().get(0).outputs().stream()
                    .filter(output -> output.outputKey().equals(key)).findFirst().orElseThrow().outputValue();
        }
    }

    @Test
    void theConventionsHold() throws Exception {
        var help = kotae("", Map.of(), "send", "--help");
        var nothing = kotae("", Map.of(), "send", "--to", "+819012345678");
        var noCommand = kotae("", Map.of());
        var unreachable = kotae("hi", Map.of(), "send", "--to", "+819012345678", "--api-url", "http://127.0.0.1:9");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--generate-password").contains("Exit codes");
        assertThat(nothing.exitCode()).isEqualTo(2);
        assertThat(nothing.err()).contains("No message on standard input");
        assertThat(noCommand.exitCode()).isEqualTo(2);
        assertThat(unreachable.exitCode()).isEqualTo(5);
        assertThat(unreachable.err()).contains("did not answer (ConnectException)");
        assertThat(help.out() + unreachable.err()).doesNotContain("\u001B[");
    }


    /** One run of the command line, its environment given as the SDK's system properties for the run. */
    private static Run kotae(String stdin, Map<String, String> environment, String... args) {
        var command = new ArrayList<>(List.of(args));
        var usesApi = args.length > 0 && List.of("send", "status", "cancel", "conversations", "consent", "smoke").contains(args[0])
                && !List.of(args).contains("--api-url") && !List.of(args).contains("--stack")
                && !List.of(args).contains("--help");
        if (usesApi) {
            command.addAll(List.of("--api-url", api.toString()));
        }
        var saved = new java.util.HashMap<String, String>();
        environment.forEach((variable, value) -> {
            var property = Objects.requireNonNull(SDK_PROPERTIES.get(variable), "no SDK property known for " + variable);
            saved.put(property, System.getProperty(property));
            System.setProperty(property, value);
        });
        try {
            var out = new StringWriter();
            var err = new StringWriter();
            var cli = Kotae.commandLine(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            var exitCode = cli.execute(command.toArray(String[]::new));
            return new Run(exitCode, out.toString(), err.toString());
        } finally {
            saved.forEach((property, value) -> {
                if (value == null) {
                    System.clearProperty(property);
                } else {
                    System.setProperty(property, value);
                }
            });
        }
    }

    /** A STOP travels through the inbound queue: its effect is awaited. */
    private static void awaitOptedOut(String number) throws Exception {
        var deadline = Instant.now().plusSeconds(30);
        while (!get("/conversations/" + number.replace("+", "%2B")).path("optedOut").asBoolean()) {
            assertThat(Instant.now()).as("%s opted out within 30 s", number).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private static List<JsonNode> outbox(String number) throws IOException, InterruptedException {
        var messages = new ArrayList<JsonNode>();
        get("/sandbox/outbox?to=" + number.replace("+", "%2B")).forEach(messages::add);
        return messages;
    }

    private static JsonNode get(String path) throws IOException, InterruptedException {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(api.resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static void post(String path, String body) throws IOException, InterruptedException {
        HTTP.send(HttpRequest.newBuilder(api.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
