package dev.kotae.batches.control;

import dev.kotae.messages.control.SendRequestCodec;
import dev.kotae.shared.entity.KotaeException;
import dev.kotae.shared.entity.PhoneNumbers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How {@code POST /batches} is read: each entry on its own, the shared options for all. */
class BatchRequestParserTest {

    private final BatchRequestParser parser = new BatchRequestParser(new SendRequestCodec(
            PhoneNumbers.withDefaultCountry("JP").sendingOnlyTo(Set.of("JP", "US")),
            Set.of("STOP", "HELP"), Optional.empty(), Clock.systemUTC()));

    /** One entry in a batch of two, whose first entry is always valid: what becomes of the second. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"to\": \"090-2345-6789\", \"body\": \"hi\"}                               | accepted",
            "{\"to\": \"090-1234-5678\", \"body\": \"hi\"}                               | DUPLICATE_ENTRY to",
            "{\"to\": \"+81 90-1234-5678\", \"body\": \"hi\"}                            | DUPLICATE_ENTRY to",
            "{\"to\": \"090-1234-5678\", \"body\": \"hi again\"}                         | accepted",
            "{\"to\": \"12345\", \"body\": \"hi\"}                                       | INVALID_PHONE_NUMBER to",
            "{\"to\": \"+447911123456\", \"body\": \"hi\"}                               | DESTINATION_NOT_ALLOWED to",
            "{\"body\": \"hi\"}                                                          | INVALID_PHONE_NUMBER to",
            "{\"to\": \"090-2345-6789\"}                                                 | INVALID_BODY body",
            "{\"to\": \"090-2345-6789\", \"body\": \"\\u200b\"}                          | INVALID_BODY body",
            "{\"to\": \"090-2345-6789\", \"body\": \"hi\", \"type\": \"PROMOTIONAL\"}    | UNKNOWN_FIELD type",
            "{\"to\": \"090-2345-6789\", \"body\": \"hi\", \"context\": {\"kotaeX\": \"1\"}} | INVALID_CONTEXT context.kotaeX",
            "{\"to\": \"090-2345-6789\", \"body\": \"hi\", \"context\": {\"a\": \"1\", \"b\": \"2\", \"c\": \"3\", \"d\": \"4\"}} | INVALID_CONTEXT context",
            "{\"to\": \"090-2345-6789\", \"body\": \"hi\", \"recipientTimeZone\": \"America/New_York\"} | accepted",
            "{\"to\": \"090-2345-6789\", \"body\": \"hi\", \"recipientTimeZone\": \"EST\"} | INVALID_RECIPIENT_TIME_ZONE recipientTimeZone",
            "{\"to\": \"090-2345-6789\", \"body\": \"hi\", \"respectQuietHours\": true} | UNKNOWN_FIELD respectQuietHours",
            "\"090-2345-6789\"                                                           | INVALID_BATCH ",
    })
    void eachEntryIsReadAsASingleSendWithTheSharedOptions(String entry, String outcome) {
        var batch = parser.parse("{\"context\": {\"campaign\": \"reminders\"}, \"messages\": ["
                + "{\"to\": \"090-1234-5678\", \"body\": \"hi\"}, " + entry + "]}");

        assertThat(batch.accepted()).extracting(accepted -> accepted.index()).contains(0);
        var second = batch.rejected().stream().filter(rejected -> rejected.index() == 1)
                .map(rejected -> rejected.code() + " " + rejected.field().orElse("")).findFirst().orElse("accepted");
        assertThat(second.trim()).isEqualTo(outcome.trim());
    }

    @Test
    void anEntrysContextAddsToTheBatchsAndWinsOnTheSameKey() {
        var batch = parser.parse("{\"context\": {\"campaign\": \"reminders\", \"clinic\": \"north\"}, \"messages\": ["
                + "{\"to\": \"090-1234-5678\", \"body\": \"hi\", \"context\": {\"clinic\": \"south\", \"slot\": \"10:00\"}}]}");

        assertThat(batch.accepted().get(0).request().context())
                .containsEntry("campaign", "reminders").containsEntry("clinic", "south").containsEntry("slot", "10:00");
    }

    @Test
    void eachEntryKeepsItsOwnTimeZoneAndTheBatchsChoiceOfQuietHours() {
        var batch = parser.parse("{\"respectQuietHours\": true, \"messages\": ["
                + "{\"to\": \"090-1234-5678\", \"body\": \"hi\", \"recipientTimeZone\": \"Europe/London\"},"
                + " {\"to\": \"090-2345-6789\", \"body\": \"hi\"}]}");

        assertThat(batch.accepted()).extracting(entry -> entry.request().recipientTimeZone())
                .containsExactly(Optional.of(ZoneId.of("Europe/London")), Optional.empty());
        assertThat(batch.accepted()).allSatisfy(entry -> assertThat(entry.request().respectQuietHours()).isTrue());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"messages\": []}                                                          | INVALID_BATCH messages",
            "{\"messages\": {}}                                                          | INVALID_BATCH messages",
            "{}                                                                          | INVALID_BATCH messages",
            "{\"type\": \"URGENT\", \"messages\": [{\"to\": \"090-1234-5678\", \"body\": \"hi\"}]} | INVALID_MESSAGE_TYPE type",
            "{\"to\": \"090-1234-5678\", \"messages\": [{\"to\": \"090-1234-5678\", \"body\": \"hi\"}]} | UNKNOWN_FIELD to",
            "{\"sendAt\": \"2020-01-01T09:00:00+09:00\", \"messages\": [{\"to\": \"090-1234-5678\", \"body\": \"hi\"}]} | INVALID_SEND_AT sendAt",
            "{\"expectReply\": {\"keywords\": [\"STOP\"]}, \"messages\": [{\"to\": \"090-1234-5678\", \"body\": \"hi\"}]} | INVALID_EXPECT_REPLY expectReply.keywords",
            "{\"respectQuietHours\": 1, \"messages\": [{\"to\": \"090-1234-5678\", \"body\": \"hi\"}]} | INVALID_RESPECT_QUIET_HOURS respectQuietHours",
            "{\"recipientTimeZone\": \"Asia/Tokyo\", \"messages\": [{\"to\": \"090-1234-5678\", \"body\": \"hi\"}]} | UNKNOWN_FIELD recipientTimeZone",
            "[]                                                                          | INVALID_JSON ",
    })
    void whatIsWrongWithTheWholeRequestRefusesIt(String body, String refusal) {
        assertThatThrownBy(() -> parser.parse(body)).isInstanceOfSatisfying(KotaeException.class, refused ->
                assertThat((refused.code() + " " + refused.field().orElse("")).trim()).isEqualTo(refusal.trim()));
    }

    @Test
    void aThousandEntriesAreTakenAndOneMoreIsNot() {
        var thousand = entries(BatchRequestParser.MAX_ENTRIES);
        var tooMany = entries(BatchRequestParser.MAX_ENTRIES + 1);

        assertThat(parser.parse(thousand).accepted()).hasSize(BatchRequestParser.MAX_ENTRIES);
        assertThatThrownBy(() -> parser.parse(tooMany)).isInstanceOfSatisfying(KotaeException.class,
                refused -> assertThat(refused.getMessage()).contains("1 to 1000"));
    }

    @Test
    void theFingerprintIsTheListsNotItsLayout() {
        var spaced = parser.parse("{\"messages\": [ {\"to\": \"090-1234-5678\", \"body\": \"hi\"} ]}");
        var compact = parser.parse("{\"messages\":[{\"body\":\"hi\",\"to\":\"+819012345678\"}]}");
        var other = parser.parse("{\"messages\":[{\"body\":\"hi!\",\"to\":\"+819012345678\"}]}");

        assertThat(spaced.fingerprint()).isEqualTo(compact.fingerprint()).isNotEqualTo(other.fingerprint());
    }

    private static String entries(int count) {
        return IntStream.range(0, count).mapToObj(i -> "{\"to\": \"+8190" + String.format("%08d", 12_000_000 + i)
                + "\", \"body\": \"Reminder " + i + "\"}").collect(Collectors.joining(",", "{\"messages\": [", "]}"));
    }
}
