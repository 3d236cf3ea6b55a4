package dev.kotae.shared.entity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PhoneNumbersTest {

    @ParameterizedTest
    @CsvSource({
            "'+81 90-1234-5678', +819012345678",
            "'+1 (206) 555-0182', +12065550182",
            "+14254147755, +14254147755",
            "'＋８１ ９０－１２３４－５６７８', +819012345678",
    })
    void stripsLayoutFromInternationalNumbers(String input, String e164) {
        assertThat(PhoneNumbers.internationalOnly().toE164(input, "to")).isEqualTo(e164);
    }

    @ParameterizedTest
    @CsvSource({"090-1234-5678, +819012345678", "03-1234-5678, +81312345678"})
    void readsNationalNumbersWithADefaultCountry(String input, String e164) {
        assertThat(PhoneNumbers.withDefaultCountry("jp").toE164(input, "to")).isEqualTo(e164);
    }

    @Test
    void refusesNationalNumbersWithoutADefaultCountry() {
        assertThatThrownBy(() -> PhoneNumbers.internationalOnly().toE164("090-1234-5678", "to"))
                .isInstanceOfSatisfying(KotaeException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PHONE_NUMBER);
                    assertThat(e.field()).contains("to");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "+", "+81 90 1234 567a", "1-800-FLOWERS", "+8190123", "+999123456789", "+81.90.1234.5678"})
    void refusesWhatIsNotAValidNumber(String input) {
        assertThatThrownBy(() -> PhoneNumbers.withDefaultCountry("JP").toE164(input, "to"))
                .isInstanceOfSatisfying(KotaeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PHONE_NUMBER));
    }

    @Test
    void refusesAnUnknownDefaultCountry() {
        assertThatThrownBy(() -> PhoneNumbers.withDefaultCountry("XX")).hasMessageContaining("XX");
    }

    @ParameterizedTest
    @CsvSource({"+819012345678, +81******5678", "+12065550182, +1******0182", "+447700900123, +44******0123",
            "+85291234567, +852****4567", "+8190123, +81*0123", "+819012, +819012", "+8190, +8190", "+81, +81",
            "819012345678, +81******5678"})
    void masksAllButTheCountryCodeAndTheLastFourDigits(String e164, String masked) {
        assertThat(PhoneNumbers.mask(e164)).isEqualTo(masked);
    }
}
