package dev.kotae.sms;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class MaxPriceTest {

    /** The service is told what the whole message may cost: parts times the ceiling per part. */
    @ParameterizedTest(name = "{0} a part x {1} -> {2}")
    @CsvSource({
            "0.05, 1, 0.05",
            "0.05, 2, 0.10",
            "0.0752, 3, 0.2256",
            ".5, 4, 2.0",
            "3.99999, 25, 99.99975",
    })
    void theWholeMessagesCeilingIsItsPartsTimesTheCeilingPerPart(String perPart, int parts, String whole) {
        var price = MaxPrice.forMessage(new BigDecimal(perPart), parts);

        assertThat(price).isEqualTo(whole);
        assertThat(MaxPrice.PATTERN.matcher(price).matches()).isTrue();
    }

    /** No body of 1,600 UTF-16 units takes more parts than the ceiling per part allows for. */
    @Test
    void theLongestBodiesTakeAtMostTheMostParts() {
        assertThat(SmsEncoding.UCS2.segments("😀".repeat(800))).isEqualTo(MaxPrice.MOST_PARTS);
        assertThat(SmsEncoding.UCS2.segments("あ".repeat(1600))).isLessThan(MaxPrice.MOST_PARTS);
        assertThat(SmsEncoding.GSM7.segments("€".repeat(1600))).isLessThan(MaxPrice.MOST_PARTS);
        assertThat(MaxPrice.LARGEST_PER_PART).isEqualByComparingTo("3.99999");
    }

    @ParameterizedTest
    @CsvSource({"0.05, true", "3.99999, true", "4.0, false", "5, false", "0.123456, false", "99.99999, false"})
    void aCeilingPerPartIsTheServicesPatternAndFitsTheLongestMessage(String price, boolean taken) {
        assertThat(MaxPrice.isPerPartCeiling(price)).isEqualTo(taken);
    }
}
