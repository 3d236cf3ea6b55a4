package dev.kotae.messages.control;

import dev.kotae.messages.entity.MessageType;
import dev.kotae.messages.entity.SendRequest;
import dev.kotae.shared.entity.KotaeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a marketing body must say, decided alone: (the body, a footer or none) → as sent, with the footer, or why not. */
class PromotionalContentTest {

    private static final PromotionalContent WITHOUT_FOOTER = new PromotionalContent("Sakura Clinic", Optional.empty());
    private static final PromotionalContent WITH_FOOTER = new PromotionalContent("Sakura Clinic",
            Optional.of("Sakura Clinic: reply STOP to stop"));

    @ParameterizedTest(name = "\"{0}\" → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Sakura Clinic: 20% off this week. Reply STOP to stop.   | as sent
            SAKURA CLINIC 秋のセール。配信停止は「停止」と返信        | as sent
            ｓａｋｕｒａ ｃｌｉｎｉｃ: sale. Text STOP, to stop.       | as sent
            Sakura Clinic: 20% off this weekend.                    | how to stop
            Sakura Clinic: stopping by? 20% off.                    | how to stop
            Sakura Clinic: the sale ends at the END of May.         | how to stop
            20% off this week. Reply STOP to stop.                  | the sender's name
            20% off this week.                                      | the sender's name and how to stop
            """)
    void aMarketingBodyNamesTheSenderAndHowToStop(String body, String verdict) {
        var request = promotional(body);

        if (verdict.equals("as sent")) {
            assertThat(WITHOUT_FOOTER.checked(request)).isEqualTo(request);
            assertThat(WITH_FOOTER.checked(request)).isEqualTo(request);
        } else {
            assertThatThrownBy(() -> WITHOUT_FOOTER.checked(request)).isInstanceOf(KotaeException.class)
                    .hasMessageContaining("lacks " + verdict);
            assertThat(WITH_FOOTER.checked(request).body()).isEqualTo(body + "\nSakura Clinic: reply STOP to stop");
        }
    }

    @Test
    void aFooterThatWouldMakeTheBodyTooLongIsRefused() {
        var request = promotional("x".repeat(1580));

        assertThatThrownBy(() -> WITH_FOOTER.checked(request)).isInstanceOf(KotaeException.class)
                .hasMessageContaining("over 1600");
    }

    @ParameterizedTest
    @CsvSource({"Your code is 4821", "20% off this week."})
    void aTransactionalBodyIsNotTouched(String body) {
        var request = SendRequest.of("+819012345678", body);

        assertThat(WITHOUT_FOOTER.checked(request)).isEqualTo(request);
    }

    private static SendRequest promotional(String body) {
        var plain = SendRequest.of("+819012345678", body);
        return new SendRequest(plain.to(), plain.body(), MessageType.PROMOTIONAL, plain.timeToLiveSeconds(),
                plain.maxPricePerPart(), plain.context(), plain.dryRun(), plain.expectReply(), plain.sendAt(),
                plain.recipientTimeZone(), plain.respectQuietHours());
    }
}
