package dev.kotae.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KotaeSettingsTest {

    private static final Map<String, Object> REQUIRED = Map.of(
            KotaeSettings.ORIGINATION_IDENTITY, "phone-1",
            KotaeSettings.BRAND_NAME, "Sakura Clinic",
            KotaeSettings.HELP_CONTACT, "help@example.com",
            KotaeSettings.API_GATEWAY_CLOUDWATCH_ROLE, "existing",
            KotaeSettings.ALLOWED_COUNTRIES, "JP",
            KotaeSettings.CALLERS, "{\"arn:aws:iam::111122223333:role/app\": [\"send\"]}");

    @ParameterizedTest
    @ValueSource(strings = {"kotae:originationIdentity", "kotae:brandName", "kotae:helpContact",
            "kotae:apiGatewayCloudWatchRole", "kotae:allowedCountries", "kotae:callers"})
    void synthStopsAndNamesEachMissingRequiredSetting(String key) {
        var context = new HashMap<>(REQUIRED);
        context.remove(key);

        assertThatThrownBy(() -> KotaeSettings.from(context::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key);
    }

    @Test
    void defaultsCostNothingAndSendNothing() {
        var context = new HashMap<>(REQUIRED);
        context.put(KotaeSettings.ORIGINATION_IDENTITY, "pool-abc123");

        var settings = KotaeSettings.from(context::get);

        assertThat(settings.configurationSet()).isEmpty();
        assertThat(settings.defaultCountry()).isEmpty();
        assertThat(settings.messageRetentionDays()).isEqualTo(90);
        assertThat(settings.apiRateLimit()).isEqualTo(10);
        assertThat(settings.originationIdentity().resourceType()).isEqualTo("pool");
        assertThat(settings.selfManagedOptOuts()).isTrue();
        assertThat(settings.optOutList()).isEmpty();
        assertThat(settings.keywordOverrides()).isEmpty();
        assertThat(settings.inboundMaxConcurrency()).isEqualTo(5);
        assertThat(settings.sendPage()).as("the send page is turned on, never there by default").isEmpty();
    }

    @Test
    void theSendPageIsTurnedOnByTrueWithItsSignInDomainAndAnythingElseIsRefused() {
        var context = new HashMap<>(REQUIRED);
        context.put(KotaeSettings.WEB, "true");
        assertThatThrownBy(() -> KotaeSettings.from(context::get)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(KotaeSettings.WEB_DOMAIN_PREFIX);
        context.put(KotaeSettings.WEB_DOMAIN_PREFIX, "acme-kotae");
        assertThat(KotaeSettings.from(context::get).sendPage()).hasValue(new SendPageSettings("acme-kotae",
                SendPageSettings.Mfa.APP, Optional.empty()));
        for (var refused : java.util.List.of("Acme", "-acme", "acme-", "my-aws-page", "cognito1", "a".repeat(64))) {
            context.put(KotaeSettings.WEB_DOMAIN_PREFIX, refused);
            assertThatThrownBy(() -> KotaeSettings.from(context::get)).as(refused)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(KotaeSettings.WEB_DOMAIN_PREFIX);
        }
        context.put(KotaeSettings.WEB_DOMAIN_PREFIX, "acme-kotae");

        context.put(KotaeSettings.WEB, "yes");
        assertThatThrownBy(() -> KotaeSettings.from(context::get)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(KotaeSettings.WEB);
    }

    @ParameterizedTest
    @CsvSource({"app, true, false", "sms, false, true", "app-or-sms, true, true"})
    void theSendPagesSecondFactorIsAnAppATextOrEither(String setting, boolean byApp, boolean bySms) {
        var context = withSendPage();
        context.put(KotaeSettings.WEB_MFA, setting);

        var mfa = KotaeSettings.from(context::get).sendPage().orElseThrow().mfa();

        assertThat(mfa.byApp()).isEqualTo(byApp);
        assertThat(mfa.bySms()).isEqualTo(bySms);
    }

    @Test
    void aSecondFactorOtherThanTheThreeIsRefused() {
        var context = withSendPage();
        context.put(KotaeSettings.WEB_MFA, "email");

        assertThatThrownBy(() -> KotaeSettings.from(context::get)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(KotaeSettings.WEB_MFA).hasMessageContaining("app-or-sms").hasMessageContaining("'email'");
    }

    @Test
    void theCompanysProviderIsSamlOrOidcWithTheirDefaultEmailAttributes() {
        var context = withSendPage();
        context.put(KotaeSettings.WEB_IDENTITY_PROVIDER, "{\"type\": \"saml\", \"name\": \"Entra\","
                + " \"metadataUrl\": \"https://login.example.com/federationmetadata.xml\"}");
        assertThat(KotaeSettings.from(context::get).sendPage().orElseThrow().identityProvider()).hasValue(
                new SendPageSettings.Saml("Entra", URI.create("https://login.example.com/federationmetadata.xml"),
                        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"));

        context.put(KotaeSettings.WEB_IDENTITY_PROVIDER, Map.of("type", "oidc", "name", "Okta",
                "issuer", "https://acme.okta.example", "clientId", "0oa1example", "clientSecretName", "kotae/okta"));
        assertThat(KotaeSettings.from(context::get).sendPage().orElseThrow().identityProvider()).hasValue(
                new SendPageSettings.Oidc("Okta", URI.create("https://acme.okta.example"), "0oa1example", "kotae/okta",
                        "email"));
    }

    /** Each incomplete or unsafe provider is refused at synth, with the fix named. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"name\": \"Entra\", \"metadataUrl\": \"https://x.example/m.xml\"}|type must be saml or oidc",
            "{\"type\": \"ldap\", \"name\": \"Entra\"}|type must be saml or oidc",
            "{\"type\": \"saml\", \"name\": \"Entra\"}|has no metadataUrl",
            "{\"type\": \"saml\", \"name\": \"Entra\", \"metadataUrl\": \"http://x.example/m.xml\"}|must be an https:// URL",
            "{\"type\": \"saml\", \"name\": \"Entra\", \"metadataUrl\": \"https://x.example/m.xml\", \"issuer\": \"https://x\"}|has issuer, which a saml provider does not take",
            "{\"type\": \"saml\", \"name\": \"Cognito\", \"metadataUrl\": \"https://x.example/m.xml\"}|not one Cognito keeps",
            "{\"type\": \"saml\", \"name\": \"_Entra\", \"metadataUrl\": \"https://x.example/m.xml\"}|name must be 3 to 32",
            "{\"type\": \"oidc\", \"name\": \"Okta\", \"issuer\": \"https://acme.okta.example\", \"clientId\": \"c\"}|has no clientSecretName",
            "{\"type\": \"oidc\", \"name\": \"Okta\", \"issuer\": \"https://acme.okta.example\", \"clientId\": \"c\", \"clientSecret\": \"s3cret\"}|Store the secret in AWS Secrets Manager",
            "{\"type\": \"oidc\", \"name\": \"Okta\", \"issuer\": \"acme.okta.example\", \"clientId\": \"c\", \"clientSecretName\": \"k\"}|must be an https:// URL",
            "{\"type\": \"oidc\", \"name\": \"Okta\", \"issuer\": \"https://acme.okta.example\", \"clientId\": 7, \"clientSecretName\": \"k\"}|clientId must be a non-empty string",
            "{\"type\": \"oidc\", \"name\": \"Okta\", \"issuer\": \"https://acme.okta.example\", \"clientId\": \"c\", \"clientSecretName\": \"kotae/okta}} x\"}|clientSecretName must be a Secrets Manager secret's name",
            "[\"saml\"]|must be a JSON object"})
    void anIncompleteOrUnsafeProviderIsRefused(String provider, String why) {
        var context = withSendPage();
        context.put(KotaeSettings.WEB_IDENTITY_PROVIDER, provider);

        assertThatThrownBy(() -> KotaeSettings.from(context::get)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(KotaeSettings.WEB_IDENTITY_PROVIDER).hasMessageContaining(why);
    }

    /** Set without the page, they would do nothing: synth says so rather than deploy other than asked. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"kotae:webMfa|sms",
            "kotae:webIdentityProvider|{\"type\": \"saml\", \"name\": \"Entra\", \"metadataUrl\": \"https://x.example/m.xml\"}"})
    void thePagesSettingsWithoutThePageAreRefused(String key, String value) {
        var context = new HashMap<String, Object>(REQUIRED);
        context.put(key, value);

        assertThatThrownBy(() -> KotaeSettings.from(context::get)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key).hasMessageContaining(KotaeSettings.WEB + "=true");
    }

    @ParameterizedTest
    @CsvSource({"21:00-08:00, 21:00-08:00", "22:30-07:00, 22:30-07:00", "12:00-13:00, 12:00-13:00"})
    void quietHoursAreTwoTimesOfDay(String given, String read) {
        var context = new HashMap<String, Object>(REQUIRED);
        context.put(KotaeSettings.QUIET_HOURS, given);

        assertThat(KotaeSettings.from(context::get).quietHours()).isEqualTo(read);
        assertThat(KotaeSettings.from(new HashMap<String, Object>(REQUIRED)::get).quietHours()).isEqualTo("21:00-08:00");
    }

    @ParameterizedTest
    @CsvSource({"21:00", "9:00-17:00", "21:00-21:00", "24:00-08:00", "21:00 to 08:00"})
    void quietHoursNotTwoDifferentTimesOfDayAreRefused(String given) {
        var context = new HashMap<String, Object>(REQUIRED);
        context.put(KotaeSettings.QUIET_HOURS, given);

        assertThatThrownBy(() -> KotaeSettings.from(context::get)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(KotaeSettings.QUIET_HOURS);
    }

    @ParameterizedTest
    @CsvSource({"0", "169", "1.5", "a day"})
    void aConsentWindowIsOneHourToAWeek(String hours) {
        var context = new HashMap<String, Object>(REQUIRED);
        assertThat(KotaeSettings.from(context::get).consentWindowHours()).isEqualTo(24);
        context.put(KotaeSettings.CONSENT_WINDOW_HOURS, "168");
        assertThat(KotaeSettings.from(context::get).consentWindowHours()).isEqualTo(168);

        context.put(KotaeSettings.CONSENT_WINDOW_HOURS, hours);
        assertThatThrownBy(() -> KotaeSettings.from(context::get)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(KotaeSettings.CONSENT_WINDOW_HOURS);
    }

    @Test
    void aPromotionalFooterMustNameTheBrandAndHowToStop() {
        var context = new HashMap<String, Object>(REQUIRED);
        context.put(KotaeSettings.PROMOTIONAL_FOOTER, "Sakura Clinic: Reply STOP to stop");
        assertThat(KotaeSettings.from(context::get).promotionalFooter()).hasValue("Sakura Clinic: Reply STOP to stop");
        context.put(KotaeSettings.PROMOTIONAL_FOOTER, "さくらクリニック Sakura Clinic 配信停止は「停止」と返信");
        assertThat(KotaeSettings.from(context::get).promotionalFooter()).isPresent();

        for (var refused : List.of("Reply STOP to stop", "Sakura Clinic", "Sakura Clinic STOP " + "x".repeat(200))) {
            context.put(KotaeSettings.PROMOTIONAL_FOOTER, refused);
            assertThatThrownBy(() -> KotaeSettings.from(context::get)).as(refused).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(KotaeSettings.PROMOTIONAL_FOOTER);
        }
    }

    private static HashMap<String, Object> withSendPage() {
        var context = new HashMap<String, Object>(REQUIRED);
        context.put(KotaeSettings.WEB, "true");
        context.put(KotaeSettings.WEB_DOMAIN_PREFIX, "acme-kotae");
        return context;
    }

    @Test
    void keywordOverridesAreAJsonObjectThatFitsTheEnvironment() {
        var context = new HashMap<>(REQUIRED);
        context.put(KotaeSettings.KEYWORDS, Map.of("keywords", Map.of("HELP", List.of("SUPPORT"))));
        assertThat(KotaeSettings.from(context::get).keywordOverrides()).contains("{\"keywords\":{\"HELP\":[\"SUPPORT\"]}}");

        context.put(KotaeSettings.KEYWORDS, "{\"keywords\": {\"HELP\": [\"A\"], \"HELP\": [\"B\"]}}");
        assertThatThrownBy(() -> KotaeSettings.from(context::get)).hasMessageContaining("kotae:keywords")
                .hasMessageContaining("HELP");
        context.put(KotaeSettings.KEYWORDS, "{\"keywords\": {}} {\"replies\": {}}");
        assertThatThrownBy(() -> KotaeSettings.from(context::get)).hasMessageContaining("kotae:keywords");

        context.put(KotaeSettings.KEYWORDS, "[1, 2]");
        assertThatThrownBy(() -> KotaeSettings.from(context::get)).hasMessageContaining("kotae:keywords");

        context.put(KotaeSettings.KEYWORDS, "{\"replies\": {\"HELP\": {\"EN\": \"" + "x".repeat(3000) + "\"}}}");
        assertThatThrownBy(() -> KotaeSettings.from(context::get)).hasMessageContaining("environment");
    }

    @ParameterizedTest
    @CsvSource({
            "phone-0123abcd, phone-number, phone-0123abcd",
            "pool-0123abcd, pool, pool-0123abcd",
            "arn:aws:sms-voice:ap-northeast-1:123456789012:phone-number/phone-0123abcd, phone-number, phone-0123abcd",
            "arn:aws:sms-voice:us-east-1:123456789012:pool/pool-0123abcd, pool, pool-0123abcd",
    })
    void acceptsPhoneNumberAndPoolIdsAndArns(String setting, String type, String id) {
        var identity = OriginationIdentity.parse(setting, KotaeSettings.ORIGINATION_IDENTITY);

        assertThat(identity.resourceType()).isEqualTo(type);
        assertThat(identity.resourceId()).isEqualTo(id);
        assertThat(identity.value()).isEqualTo(setting);
    }

    @Test
    void refusesAnE164NumberBecauseIamCannotScopeToIt() {
        assertThatThrownBy(() -> OriginationIdentity.parse("+12065550100", KotaeSettings.ORIGINATION_IDENTITY))
                .hasMessageContaining("kotae:originationIdentity")
                .hasMessageContaining("describe-phone-numbers");
    }

    @ParameterizedTest
    @CsvSource({
            "kotae:defaultCountry, JPN",
            "kotae:messageRetentionDays, 0",
            "kotae:apiRateLimit, fast",
            "kotae:configurationSet, 'has spaces'",
            "kotae:selfManagedOptOuts, yes",
            "kotae:inboundMaxConcurrency, 1",
            "kotae:optOutList, 'no spaces allowed'",
            "kotae:stackName, Kotae_staging",
            "kotae:stackName, Kotae-a-stack-name-too-long-for-its-configuration-set-name",
            "kotae:allowedCountries, JPN",
            "kotae:allowedCountries, 'JP,XX'",
            "kotae:allowedCountries, ','",
            "kotae:allowedCountries, AQ",
            "kotae:allowedCountries, 'JP,UM'",
            "kotae:protectConfigurationAccountDefault, yes",
            "kotae:maxPricePerPart, 5",
            "kotae:callerDailyLimit, 0",
            "kotae:callerDailyLimitOverrides, '{\"app\": 5}'",
            "kotae:callerDailyLimitOverrides, '{\"111122223333\": \"many\"}'",
            "kotae:maxPricePerPart, '0.123456'",
            "kotae:maxPricePerPart, '4.5'",
    })
    void refusesMalformedSettingsNamingTheKey(String key, String value) {
        var context = new HashMap<>(REQUIRED);
        context.put(key, value);

        assertThatThrownBy(() -> KotaeSettings.from(context::get)).hasMessageContaining(key);
    }

    @Test
    void theAllowedCountriesAreAListGivenAsTextOrAsAJsonList() {
        var context = new HashMap<>(REQUIRED);
        context.put(KotaeSettings.ALLOWED_COUNTRIES, "us, jp");
        assertThat(KotaeSettings.from(context::get).allowedCountries()).containsExactly("JP", "US");

        context.put(KotaeSettings.ALLOWED_COUNTRIES, List.of("GB", "JP"));
        assertThat(KotaeSettings.from(context::get).allowedCountries()).containsExactly("GB", "JP");
    }

    /**
     * The countries are End User Messaging's, as its user guide lists them, not Java's ISO list: Kosovo is
     * one (Java lacks XK), Antarctica, with no SMS service, is not.
     */
    @Test
    void theAllowedCountriesAreThoseEndUserMessagingSendsTo() {
        var context = new HashMap<>(REQUIRED);
        context.put(KotaeSettings.ALLOWED_COUNTRIES, "XK");
        assertThat(KotaeSettings.from(context::get).allowedCountries()).containsExactly("XK");

        context.put(KotaeSettings.ALLOWED_COUNTRIES, "JP,AQ");
        assertThatThrownBy(() -> KotaeSettings.from(context::get)).hasMessageContaining("'AQ'")
                .hasMessageContaining("End User Messaging sends SMS to");
    }

    @Test
    void kotaesProtectConfigurationBecomesTheAccountDefaultOnlyWhenAsked() {
        var context = new HashMap<>(REQUIRED);
        assertThat(KotaeSettings.from(context::get).protectConfigurationAccountDefault()).isFalse();

        context.put(KotaeSettings.PROTECT_CONFIGURATION_ACCOUNT_DEFAULT, "true");
        assertThat(KotaeSettings.from(context::get).protectConfigurationAccountDefault()).isTrue();
    }

    /** Lambda keeps 4 KB of environment per function: long settings together are refused at synth, not at deploy. */
    @Test
    void settingsThatTogetherOverflowTheFunctionsEnvironmentAreRefused() {
        var context = new HashMap<>(REQUIRED);
        context.put(KotaeSettings.KEYWORDS, "{\"keywords\": {\"HELP\": [\"" + "H".repeat(2450) + "\"]}}");
        context.put(KotaeSettings.ALLOWED_COUNTRIES, String.join(",", dev.kotae.sms.SmsCountries.SUPPORTED));
        context.put(KotaeSettings.CALLER_DAILY_LIMIT_OVERRIDES, "{\"arn:aws:iam::111122223333:role/batch-sender\": 20000,"
                + " \"arn:aws:iam::111122223333:role/reminder-sender\": 5000}");

        assertThatThrownBy(() -> KotaeSettings.from(context::get))
                .hasMessageContaining(KotaeSettings.KEYWORDS)
                .hasMessageContaining("4 KB");
    }

    /** What the stack's event sources and stage let run at once: what preflight holds the account's concurrency to. */
    @Test
    void theFunctionsThatCanRunAtOnceFollowTheEventSourcesAndTheStage() {
        var context = new HashMap<>(REQUIRED);
        context.put(KotaeSettings.INBOUND_MAX_CONCURRENCY, "8");
        context.put(KotaeSettings.MESSAGES_PER_SECOND, "35");
        context.put(KotaeSettings.API_BURST_LIMIT, "50");

        assertThat(KotaeSettings.from(context::get).functionsAtOnce()).containsExactly(
                Map.entry("inbound replies", 8), Map.entry("delivery events", 8), Map.entry("batch senders", 4),
                Map.entry("the event relay", 1), Map.entry("API requests (the stage's burst)", 50));
        context.put(KotaeSettings.CONFIGURATION_SET, "existing-set");
        assertThat(KotaeSettings.from(context::get).functionsAtOnce()).doesNotContainKey("delivery events");
    }

    @Test
    void aDefaultCountryMustBeOneKotaeMaySendTo() {
        var context = new HashMap<>(REQUIRED);
        context.put(KotaeSettings.DEFAULT_COUNTRY, "US");

        assertThatThrownBy(() -> KotaeSettings.from(context::get))
                .hasMessageContaining(KotaeSettings.DEFAULT_COUNTRY)
                .hasMessageContaining(KotaeSettings.ALLOWED_COUNTRIES);
    }

    @Test
    void normalisesTheDefaultCountry() {
        var context = new HashMap<>(REQUIRED);
        context.put(KotaeSettings.DEFAULT_COUNTRY, "jp");

        var settings = KotaeSettings.from(context::get);

        assertThat(settings.defaultCountry()).isEqualTo(Optional.of("JP"));
    }
}
