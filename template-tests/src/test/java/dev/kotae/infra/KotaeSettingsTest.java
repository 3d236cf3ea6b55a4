package dev.kotae.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KotaeSettingsTest {

    @Test
    void synthStopsAndNamesTheMissingOriginationIdentity() {
        assertThatThrownBy(() -> KotaeSettings.from(Map.<String, Object>of()::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kotae:originationIdentity");
    }

    @Test
    void defaultsCostNothingAndSendNothing() {
        var settings = KotaeSettings.from(Map.<String, Object>of(KotaeSettings.ORIGINATION_IDENTITY, "pool-abc123")::get);

        assertThat(settings.configurationSet()).isEmpty();
        assertThat(settings.defaultCountry()).isEmpty();
        assertThat(settings.messageRetentionDays()).isEqualTo(90);
        assertThat(settings.apiRateLimit()).isEqualTo(10);
        assertThat(settings.originationIdentity().resourceType()).isEqualTo("pool");
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
    })
    void refusesMalformedSettingsNamingTheKey(String key, String value) {
        var context = new HashMap<String, Object>(Map.of(KotaeSettings.ORIGINATION_IDENTITY, "phone-1"));
        context.put(key, value);

        assertThatThrownBy(() -> KotaeSettings.from(context::get)).hasMessageContaining(key);
    }

    @Test
    void normalisesTheDefaultCountry() {
        var settings = KotaeSettings.from(Map.<String, Object>of(
                KotaeSettings.ORIGINATION_IDENTITY, "phone-1", KotaeSettings.DEFAULT_COUNTRY, "jp")::get);

        assertThat(settings.defaultCountry()).isEqualTo(Optional.of("JP"));
    }
}
