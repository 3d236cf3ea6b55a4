package dev.kotae.messages.entity;

import dev.kotae.shared.entity.PhoneNumbers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The recipient's night, decided alone: (window, when it is due, the number's zones) → when it may go. */
class QuietHoursTest {

    private static final QuietHours NIGHT = QuietHours.parse("21:00-08:00");

    /**
     * @param zones the number's time zones, separated by spaces
     * @param held  when it may go, or {@code -} when it may go as due
     */
    @ParameterizedTest(name = "{0} in {1} → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-11-22T14:00:00Z | Asia/Tokyo                    | 2026-11-22T23:00:00Z
            2026-11-22T11:59:59Z | Asia/Tokyo                    | -
            2026-11-22T12:00:00Z | Asia/Tokyo                    | 2026-11-22T23:00:00Z
            2026-11-22T22:59:59Z | Asia/Tokyo                    | 2026-11-22T23:00:00Z
            2026-11-22T23:00:00Z | Asia/Tokyo                    | -
            2026-11-22T03:00:00Z | Asia/Tokyo                    | -
            2026-11-23T03:30:00Z | America/New_York America/Los_Angeles | 2026-11-23T16:00:00Z
            2026-11-23T14:00:00Z | America/New_York America/Los_Angeles | 2026-11-23T16:00:00Z
            2026-11-23T16:00:00Z | America/New_York America/Los_Angeles | -
            2027-03-14T06:30:00Z | America/New_York              | 2027-03-14T12:00:00Z
            """)
    void aMessageDueInTheNightWaitsForItsEndInEveryZoneOfTheNumber(String due, String zones, String held) {
        var zoneIds = Arrays.stream(zones.split(" ")).map(ZoneId::of).toList();

        assertThat(NIGHT.heldUntil(Instant.parse(due), zoneIds))
                .isEqualTo(held.equals("-") ? Optional.empty() : Optional.of(Instant.parse(held)));
    }

    @Test
    void aWindowWithinTheDayHoldsOnlyWithinIt() {
        var lunch = QuietHours.parse("12:00-13:00");

        assertThat(lunch.heldUntil(Instant.parse("2026-11-22T03:30:00Z"), List.of(ZoneId.of("Asia/Tokyo"))))
                .hasValue(Instant.parse("2026-11-22T04:00:00Z"));
        assertThat(lunch.heldUntil(Instant.parse("2026-11-22T04:00:00Z"), List.of(ZoneId.of("Asia/Tokyo")))).isEmpty();
    }

    @Test
    void aNumbersZonesComeFromItsPrefix() {
        assertThat(PhoneNumbers.timeZonesOf("+819012345678")).containsExactly(ZoneId.of("Asia/Tokyo"));
        assertThat(PhoneNumbers.timeZonesOf("+12125550123")).containsExactly(ZoneId.of("America/New_York"));
        // A British mobile number may be on the islands too: several zones, all of them checked.
        assertThat(PhoneNumbers.timeZonesOf("+447911123456")).contains(ZoneId.of("Europe/London"), ZoneId.of("Europe/Jersey"));
    }

    @Test
    void aHoldEndingWithinAMinuteGoesAMinuteFromNow() {
        var now = Instant.parse("2026-11-22T22:59:30Z");

        assertThat(QuietHours.noSoonerThan(Instant.parse("2026-11-22T23:00:00Z"), now)).isEqualTo(now.plusSeconds(60));
        assertThat(QuietHours.noSoonerThan(Instant.parse("2026-11-22T23:05:00Z"), now))
                .isEqualTo(Instant.parse("2026-11-22T23:05:00Z"));
    }

    @ParameterizedTest
    @CsvSource({"21:00", "21:00-21:00", "25:00-08:00", "9:00-17:00", "'21:00-08:00 '"})
    void aWindowNotWrittenHhMmToAnotherTimeIsRefused(String window) {
        assertThatThrownBy(() -> QuietHours.parse(window)).isInstanceOf(IllegalArgumentException.class);
    }
}
