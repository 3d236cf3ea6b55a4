package dev.kotae.standins;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ConflictException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ConflictExceptionReason;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.InternalServerException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ProtectConfigurationCountryRuleSetInformation;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ResourceNotFoundException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ServiceQuotaExceededExceptionReason;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ThrottlingException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ValidationException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ValidationExceptionReason;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulator as the real SDK client sees it: every answer must deserialise as the service's would. */
class SmsSimulatorTest {

    private static SmsSimulator simulator;
    private static PinpointSmsVoiceV2Client sms;

    @BeforeAll
    static void start() {
        simulator = SmsSimulator.start(0);
        sms = PinpointSmsVoiceV2Client.builder()
                .endpointOverride(simulator.endpoint())
                .region(Region.AP_NORTHEAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }

    @AfterAll
    static void stop() {
        sms.close();
        simulator.close();
    }

    @BeforeEach
    void forget() {
        simulator.reset();
    }

    @Test
    void acceptsAMessageAndKeepsItInTheOutbox() {
        var response = sms.sendTextMessage(r -> r.destinationPhoneNumber("+819012345678")
                .originationIdentity("phone-123").messageBody("こんにちは").messageType("TRANSACTIONAL")
                .context(Map.of("app", "test")));

        assertThat(response.messageId()).isNotBlank();
        assertThat(simulator.outbox()).singleElement().satisfies(m -> {
            assertThat(m.messageId()).isEqualTo(response.messageId());
            assertThat(m.destinationPhoneNumber()).isEqualTo("+819012345678");
            assertThat(m.messageBody()).isEqualTo("こんにちは");
            assertThat(m.originationIdentity()).isEqualTo("phone-123");
            assertThat(m.context()).containsEntry("app", "test");
        });
    }

    /** What the sandbox waits for before it lets time pass further: the delivery events still to go out. */
    @Test
    void countsTheDeliveriesWhoseEventsAreStillToGoOut() throws InterruptedException {
        var handing = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        simulator.onDeliveryEvent(event -> {
            handing.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            sms.sendTextMessage(r -> r.destinationPhoneNumber("+819012345678").originationIdentity("phone-123")
                    .messageBody("hello"));
            assertThat(handing.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(simulator.deliveriesUnderWay()).isEqualTo(1);
            release.countDown();
            var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (simulator.deliveriesUnderWay() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(simulator.deliveriesUnderWay()).isZero();
        } finally {
            release.countDown();
            simulator.onDeliveryEvent(event -> { });
        }
    }

    /** As the service: the protect configuration a send names refuses the countries it blocks. */
    @Test
    void aProtectConfigurationRefusesTheCountriesItBlocks() {
        var japanOnly = japanOnly();

        sms.sendTextMessage(r -> r.destinationPhoneNumber("+819012345678").messageBody("x").protectConfigurationId(japanOnly));
        assertThatThrownBy(() -> sms.sendTextMessage(r -> r.destinationPhoneNumber("+14254147167").messageBody("x")
                .protectConfigurationId(japanOnly)))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ConflictExceptionReason.DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION);
                    assertThat(e.resourceId()).isEqualTo(japanOnly);
                });
        assertThatThrownBy(() -> sms.sendTextMessage(r -> r.destinationPhoneNumber("+819012345678").messageBody("x")
                .protectConfigurationId("protect-unknown")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(simulator.outbox()).singleElement()
                .satisfies(m -> assertThat(m.destinationPhoneNumber()).isEqualTo("+819012345678"));
    }

    /**
     * A new protect configuration's rule set lists every country the service sends to, each ALLOW
     * (CloudFormation Template Reference: "AWS End User Messaging SMS always returns all country codes"),
     * and an update may name only those.
     */
    @Test
    void aRuleSetListsEveryCountryTheServiceSendsToAndTakesUpdatesForThoseOnly() {
        var id = simulator.createProtectConfiguration();

        var rules = sms.getProtectConfigurationCountryRuleSet(r -> r.protectConfigurationId(id).numberCapability("SMS"))
                .countryRuleSet();
        assertThat(rules.keySet()).containsExactlyInAnyOrderElementsOf(dev.kotae.sms.SmsCountries.SUPPORTED).contains("XK")
                .doesNotContain("AQ");
        assertThat(rules.values()).allSatisfy(rule -> assertThat(rule.protectStatusAsString()).isEqualTo("ALLOW"));

        var updated = sms.updateProtectConfigurationCountryRuleSet(r -> r.protectConfigurationId(id).numberCapability("SMS")
                .countryRuleSetUpdates(Map.of("XK", block(), "US", block()))).countryRuleSet();
        assertThat(updated.get("XK").protectStatusAsString()).isEqualTo("BLOCK");
        assertThat(simulator.countryRules(id)).containsEntry("US", "BLOCK").containsEntry("JP", "ALLOW");
        assertThatThrownBy(() -> sms.updateProtectConfigurationCountryRuleSet(r -> r.protectConfigurationId(id)
                .numberCapability("SMS").countryRuleSetUpdates(Map.of("AQ", block()))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("AQ");
    }

    /**
     * A send naming no protect configuration is judged by its configuration set's, and one naming neither
     * by the account's default (User Guide, "Using protect configurations"); a configuration set must exist.
     */
    @Test
    void aSendNamingNoProtectConfigurationIsJudgedByItsConfigurationSetsThenTheAccountDefault() {
        var japanOnly = japanOnly();
        simulator.createConfigurationSet("guarded", java.util.Optional.of(japanOnly));
        simulator.createConfigurationSet("open", java.util.Optional.empty());

        assertThatThrownBy(() -> sms.sendTextMessage(r -> r.destinationPhoneNumber("+14254147755").messageBody("x")
                .configurationSetName("guarded"))).isInstanceOf(ConflictException.class);
        sms.sendTextMessage(r -> r.destinationPhoneNumber("+14254147755").messageBody("x").configurationSetName("open"));
        assertThatThrownBy(() -> sms.sendTextMessage(r -> r.destinationPhoneNumber("+14254147755").messageBody("x")
                .configurationSetName("missing"))).isInstanceOf(ResourceNotFoundException.class);

        sms.setAccountDefaultProtectConfiguration(r -> r.protectConfigurationId(japanOnly));
        assertThat(sms.describeProtectConfigurations(r -> r.filters(f -> f.name("account-default").values("true")))
                .protectConfigurations()).singleElement()
                .satisfies(found -> assertThat(found.protectConfigurationId()).isEqualTo(japanOnly));
        assertThatThrownBy(() -> sms.sendTextMessage(r -> r.destinationPhoneNumber("+14254147755").messageBody("x")
                .configurationSetName("open"))).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> sms.sendTextMessage(r -> r.destinationPhoneNumber("+14254147755").messageBody("x")))
                .isInstanceOf(ConflictException.class);

        assertThat(sms.deleteAccountDefaultProtectConfiguration(r -> { }).defaultProtectConfigurationId()).isEqualTo(japanOnly);
        sms.sendTextMessage(r -> r.destinationPhoneNumber("+14254147755").messageBody("x"));
        assertThatThrownBy(() -> sms.deleteAccountDefaultProtectConfiguration(r -> { }))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(simulator.outbox()).hasSize(2);
    }

    private static String japanOnly() {
        var id = simulator.createProtectConfiguration();
        var updates = new java.util.HashMap<String, ProtectConfigurationCountryRuleSetInformation>();
        simulator.countryRules(id).keySet().stream().filter(country -> !country.equals("JP"))
                .forEach(country -> updates.put(country, block()));
        sms.updateProtectConfigurationCountryRuleSet(r -> r.protectConfigurationId(id).numberCapability("SMS")
                .countryRuleSetUpdates(updates));
        return id;
    }

    private static ProtectConfigurationCountryRuleSetInformation block() {
        return ProtectConfigurationCountryRuleSetInformation.builder().protectStatus("BLOCK").build();
    }

    /** MaxPrice is the most the whole message may cost: its parts times the destination's price per part. */
    @Test
    void aMessageDearerThanItsMaxPriceIsRefusedWithTheServicesReason() {
        var twoParts = "あ".repeat(71);

        sms.sendTextMessage(r -> r.destinationPhoneNumber("+819012345678").messageBody(twoParts).maxPrice("0.1504"));
        assertThatThrownBy(() -> sms.sendTextMessage(r -> r.destinationPhoneNumber("+819012345678").messageBody(twoParts)
                .maxPrice("0.15")))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.reason()).isEqualTo(ValidationExceptionReason.PRICE_OVER_THRESHOLD));
        assertThatThrownBy(() -> sms.sendTextMessage(r -> r.destinationPhoneNumber("+819012345678").messageBody("x")
                .maxPrice("100")))
                .isInstanceOf(ValidationException.class);
        assertThat(simulator.outbox()).singleElement().satisfies(m -> assertThat(m.maxPrice()).isEqualTo("0.1504"));
    }

    @Test
    void aDryRunIsValidatedButNotDelivered() {
        var response = sms.sendTextMessage(r -> r.destinationPhoneNumber("+819012345678").messageBody("x").dryRun(true));

        assertThat(response.messageId()).isNotBlank();
        assertThat(simulator.outbox()).isEmpty();
    }

    @Test
    void rejectsANumberThatIsNotE164() {
        assertThatThrownBy(() -> sms.sendTextMessage(r -> r.destinationPhoneNumber("09012345678").messageBody("x")))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.fields()).singleElement().satisfies(f -> assertThat(f.name()).isEqualTo("DestinationPhoneNumber")));
    }

    @Test
    void refusesAnOptedOutNumberWithTheServicesConflictReason() {
        simulator.optOut("+819012345678");

        assertThatThrownBy(() -> sms.sendTextMessage(r -> r.destinationPhoneNumber("+819012345678").messageBody("x")))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.reason()).isEqualTo(ConflictExceptionReason.DESTINATION_PHONE_NUMBER_OPTED_OUT));
        assertThat(simulator.outbox()).isEmpty();
    }

    @Test
    void anInjectedFaultAnswersTheNextCountCallsThenStops() {
        simulator.injectFault("SendTextMessage", Fault.SERVER_ERROR, 2);

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> sms.sendTextMessage(r -> r.destinationPhoneNumber("+819012345678").messageBody("x")))
                    .isInstanceOf(InternalServerException.class);
        }
        assertThat(sms.sendTextMessage(r -> r.destinationPhoneNumber("+819012345678").messageBody("x")).messageId()).isNotBlank();
        assertThat(simulator.calls("SendTextMessage")).isEqualTo(3);
        assertThat(simulator.outbox()).hasSize(1);
    }

    /** What a phone's history shows of a send End User Messaging refused: the text, and why it never arrived. */
    @Test
    void keepsEachRefusedSendWithItsErrorAndEachPendingFault() {
        simulator.injectFault("SendTextMessage", Fault.THROTTLE, 2);
        assertThat(simulator.pendingFaults()).containsExactly(
                new SmsSimulator.PendingFault("SendTextMessage", Fault.THROTTLE, 2));

        assertThatThrownBy(() -> sms.sendTextMessage(r -> r.destinationPhoneNumber("+819012345678").messageBody("はい？")
                .context(Map.of("kotaeMessageId", "k-1")))).isInstanceOf(ThrottlingException.class);
        assertThatThrownBy(() -> sms.sendTextMessage(r -> r.destinationPhoneNumber("+819012345678").messageBody("x")
                .dryRun(true))).isInstanceOf(ThrottlingException.class);
        simulator.optOut("+819087654321");
        assertThatThrownBy(() -> sms.sendTextMessage(r -> r.destinationPhoneNumber("+819087654321").messageBody("y")))
                .isInstanceOf(ConflictException.class);

        assertThat(simulator.pendingFaults()).isEmpty();
        assertThat(simulator.refusedSends()).satisfiesExactly(
                throttled -> {
                    assertThat(throttled.destinationPhoneNumber()).isEqualTo("+819012345678");
                    assertThat(throttled.messageBody()).isEqualTo("はい？");
                    assertThat(throttled.context()).containsEntry("kotaeMessageId", "k-1");
                    assertThat(throttled.errorType()).isEqualTo("ThrottlingException");
                    assertThat(throttled.reason()).isNull();
                },
                optedOut -> {
                    assertThat(optedOut.errorType()).isEqualTo("ConflictException");
                    assertThat(optedOut.reason()).isEqualTo("DESTINATION_PHONE_NUMBER_OPTED_OUT");
                });
        assertThat(simulator.outbox()).isEmpty();
    }

    /** A fault on a misspelt operation would never fire: it is refused, naming the operations there are. */
    @Test
    void aFaultNeedsAnOperationTheSimulatorAnswers() {
        assertThat(simulator.operations()).contains("SendTextMessage", "PutOptedOutNumber", "DescribePhoneNumbers");
        assertThatThrownBy(() -> simulator.injectFault("SendTxtMessage", Fault.THROTTLE, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SendTextMessage");
        assertThat(simulator.pendingFaults()).isEmpty();
    }

    @Test
    void throttlingAndQuotaFaultsCarryTheirTypes() {
        simulator.injectFault("SendTextMessage", Fault.THROTTLE, 1);
        assertThatThrownBy(() -> sms.sendTextMessage(r -> r.destinationPhoneNumber("+819012345678").messageBody("x")))
                .isInstanceOf(ThrottlingException.class);

        simulator.injectFault("SendTextMessage", Fault.SPEND_LIMIT, 1);
        assertThatThrownBy(() -> sms.sendTextMessage(r -> r.destinationPhoneNumber("+819012345678").messageBody("x")))
                .isInstanceOfSatisfying(ServiceQuotaExceededException.class,
                        e -> assertThat(e.reason()).isEqualTo(ServiceQuotaExceededExceptionReason.MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT));
    }

    /**
     * As the service: message parts per second per origination identity, a second's worth at once,
     * and ThrottlingException above it. A 71-character Japanese body is two UCS-2 parts.
     */
    @Test
    void aLimitOfPartsPerSecondThrottlesEachIdentityAboveIt() throws InterruptedException {
        simulator.limitPartsPerSecond(2);
        var twoParts = "あ".repeat(71);

        sms.sendTextMessage(r -> r.destinationPhoneNumber("+819012345678").originationIdentity("phone-1").messageBody(twoParts));
        assertThatThrownBy(() -> sms.sendTextMessage(r -> r.destinationPhoneNumber("+819012345678")
                .originationIdentity("phone-1").messageBody("a"))).isInstanceOf(ThrottlingException.class);
        sms.sendTextMessage(r -> r.destinationPhoneNumber("+819012345678").originationIdentity("phone-2").messageBody("b"));
        Thread.sleep(700);
        sms.sendTextMessage(r -> r.destinationPhoneNumber("+819012345678").originationIdentity("phone-1").messageBody("c"));

        assertThat(simulator.throttledSends()).isEqualTo(1);
        assertThat(simulator.outbox()).extracting(AcceptedMessage::parts).containsExactly(2, 1, 1);
        assertThat(simulator.outbox()).extracting(AcceptedMessage::encoding).containsExactly("UCS2", "GSM7", "GSM7");
    }

    @Test
    void aMessageLongerThanASecondsPartsGoesWhenTheBucketIsFull() {
        simulator.limitPartsPerSecond(2);

        sms.sendTextMessage(r -> r.destinationPhoneNumber("+819012345678").originationIdentity("phone-1")
                .messageBody("あ".repeat(300)));

        assertThatThrownBy(() -> sms.sendTextMessage(r -> r.destinationPhoneNumber("+819012345678")
                .originationIdentity("phone-1").messageBody("a"))).isInstanceOf(ThrottlingException.class);
        assertThat(simulator.outbox()).singleElement().satisfies(m -> assertThat(m.parts()).isEqualTo(5));
    }

    @Test
    void anOptOutListRefusesSendsAndAllowsOneRemovalEvery30Days() {
        sms.putOptedOutNumber(r -> r.optOutListName("Default").optedOutNumber("+819012345678"));
        assertThatThrownBy(() -> sms.sendTextMessage(r -> r.destinationPhoneNumber("+819012345678").messageBody("x")))
                .isInstanceOf(ConflictException.class);

        sms.deleteOptedOutNumber(r -> r.optOutListName("Default").optedOutNumber("+819012345678"));
        assertThat(sms.sendTextMessage(r -> r.destinationPhoneNumber("+819012345678").messageBody("x")).messageId())
                .isNotBlank();

        sms.putOptedOutNumber(r -> r.optOutListName("Default").optedOutNumber("+819012345678"));
        assertThatThrownBy(() -> sms.deleteOptedOutNumber(r -> r.optOutListName("Default").optedOutNumber("+819012345678")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("30 days");
    }

    @Test
    void removingANumberThatIsNotOptedOutIsNotFound() {
        assertThatThrownBy(() -> sms.deleteOptedOutNumber(r -> r.optOutListName("Default").optedOutNumber("+819012345678")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> sms.putOptedOutNumber(r -> r.optOutListName("missing").optedOutNumber("+819012345678")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    /** As the service (and `aws pinpoint-sms-voice-v2 describe-phone-numbers`): without ids, every number of the account. */
    @Test
    void describesEveryNumberOfTheAccountAndTheAccountItself() {
        simulator.register(Origination.phoneNumber("phone-abc", "+81345678901"));
        simulator.describeAccount("SANDBOXED", 1);

        var numbers = sms.describePhoneNumbers(r -> { }).phoneNumbers();
        var tier = sms.describeAccountAttributes(r -> { }).accountAttributes();
        var limits = sms.describeSpendLimits(r -> { }).spendLimits();

        assertThat(numbers).singleElement().satisfies(number -> {
            assertThat(number.phoneNumberId()).isEqualTo("phone-abc");
            assertThat(number.isoCountryCode()).isEqualTo("JP");
            assertThat(number.statusAsString()).isEqualTo("ACTIVE");
        });
        assertThat(tier).singleElement().satisfies(attribute -> {
            assertThat(attribute.nameAsString()).isEqualTo("ACCOUNT_TIER");
            assertThat(attribute.value()).isEqualTo("SANDBOXED");
        });
        assertThat(limits).filteredOn(limit -> limit.nameAsString().equals("TEXT_MESSAGE_MONTHLY_SPEND_LIMIT"))
                .singleElement().satisfies(limit -> assertThat(limit.enforcedLimit()).isEqualTo(1L));
    }

    @Test
    void describesAndUpdatesTheTwoWaySettingsOfANumber() {
        simulator.register(Origination.phoneNumber("phone-abc", "+81345678901"));

        sms.updatePhoneNumber(r -> r.phoneNumberId("phone-abc").twoWayEnabled(true)
                .twoWayChannelArn("arn:aws:sns:ap-northeast-1:123456789012:inbound")
                .twoWayChannelRole("arn:aws:iam::123456789012:role/two-way").selfManagedOptOutsEnabled(true));

        var number = sms.describePhoneNumbers(r -> r.phoneNumberIds("phone-abc")).phoneNumbers().get(0);
        assertThat(number.twoWayEnabled()).isTrue();
        assertThat(number.twoWayChannelArn()).isEqualTo("arn:aws:sns:ap-northeast-1:123456789012:inbound");
        assertThat(number.twoWayChannelRole()).isEqualTo("arn:aws:iam::123456789012:role/two-way");
        assertThat(number.selfManagedOptOutsEnabled()).isTrue();
        assertThat(number.phoneNumber()).isEqualTo("+81345678901");
    }

    @Test
    void describesAndUpdatesAPoolAndRefusesUnknownIds() {
        simulator.register(Origination.pool("pool-abc"));

        sms.updatePool(r -> r.poolId("pool-abc").twoWayEnabled(true).twoWayChannelArn("arn:aws:sns:ap-northeast-1:123456789012:t"));

        assertThat(sms.describePools(r -> r.poolIds("pool-abc")).pools().get(0).twoWayEnabled()).isTrue();
        assertThatThrownBy(() -> sms.describePhoneNumbers(r -> r.phoneNumberIds("phone-missing")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class,
                        e -> assertThat(e.resourceId()).isEqualTo("phone-missing"));
        assertThatThrownBy(() -> sms.updatePool(r -> r.poolId("pool-abc").twoWayEnabled(true).twoWayChannelArn("")))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void refusesTwoWaySettingsOnANumberThatBelongsToAPoolAndDescribesItsPool() {
        simulator.register(Origination.phoneNumber("phone-abc", "+81345678901").inPool("pool-abc"));

        assertThat(sms.describePhoneNumbers(r -> r.phoneNumberIds("phone-abc")).phoneNumbers().get(0).poolId())
                .isEqualTo("pool-abc");
        assertThatThrownBy(() -> sms.updatePhoneNumber(r -> r.phoneNumberId("phone-abc").twoWayEnabled(true)
                .twoWayChannelArn("arn:aws:sns:ap-northeast-1:123456789012:inbound")))
                .isInstanceOfSatisfying(ConflictException.class, e ->
                        assertThat(e.reason()).isEqualTo(ConflictExceptionReason.PHONE_NUMBER_ASSOCIATED_TO_POOL));
    }

    @Test
    void refusesTwoWayForANumberWhoseCountryHasNone() {
        simulator.register(Origination.phoneNumber("phone-abc", "+81345678901").withoutTwoWayCapability());

        assertThatThrownBy(() -> sms.updatePhoneNumber(r -> r.phoneNumberId("phone-abc").twoWayEnabled(true)
                .twoWayChannelArn("arn:aws:sns:ap-northeast-1:123456789012:inbound")))
                .isInstanceOfSatisfying(ValidationException.class, e ->
                        assertThat(e.reason()).isEqualTo(ValidationExceptionReason.TWO_WAY_NOT_SUPPORTED_IN_COUNTRY));
        assertThat(simulator.origination("phone-abc").orElseThrow().twoWayEnabled()).isFalse();
    }

    @Test
    void awsSimulatorDestinationsAreAcceptedAndOnlyOneIsDelivered() {
        sms.sendTextMessage(r -> r.destinationPhoneNumber(SmsSimulator.DELIVERING_DESTINATION).messageBody("x"));
        sms.sendTextMessage(r -> r.destinationPhoneNumber(SmsSimulator.FAILING_DESTINATION).messageBody("x"));

        assertThat(simulator.outbox()).extracting(AcceptedMessage::delivered).containsExactly(true, false);
    }

    @Test
    void eachAcceptedMessageProducesItsDeliveryEventsWithItsContext() throws InterruptedException {
        var events = new LinkedBlockingQueue<String>();
        simulator.onDeliveryEvent(events::add);

        var sent = sms.sendTextMessage(r -> r.destinationPhoneNumber(SmsSimulator.FAILING_DESTINATION).messageBody("x")
                .context(Map.of("kotaeMessageId", "k-1")));

        var first = events.poll(5, TimeUnit.SECONDS);
        var second = events.poll(5, TimeUnit.SECONDS);
        simulator.onDeliveryEvent(event -> { });
        assertThat(first).contains("\"eventType\":\"TEXT_SUCCESSFUL\"").contains("\"kotaeMessageId\":\"k-1\"")
                .contains("\"messageId\":\"" + sent.messageId() + "\"");
        assertThat(second).contains("\"eventType\":\"TEXT_CARRIER_UNREACHABLE\"");
        assertThat(simulator.deliveryEventTypes(sent.messageId())).containsExactly("TEXT_SUCCESSFUL", "TEXT_CARRIER_UNREACHABLE");
    }
}
