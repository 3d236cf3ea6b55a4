package dev.kotae.messages.boundary;

import dev.kotae.messages.control.SendRequestCodec;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.kotae.shared.boundary.ApiRequests;
import dev.kotae.shared.entity.KotaeException;
import dev.kotae.messages.entity.ExpectReply;
import dev.kotae.messages.entity.MessageType;
import dev.kotae.messages.entity.SendRequest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever the body, the codec answers with a request or a documented 400: never another exception, which the
 * handler would turn into a 500, and never a code callers do not know. And what it writes (a schedule's or a batch
 * entry's request) it reads back as the same request.
 */
class SendRequestCodecPropertyTest {

    @Property(tries = 3000)
    void everyBodyIsARequestOrADocumentedRefusal(@ForAll(supplier = HostileInput.Bodies.class) String body) {
        readOrRefuse(body);
    }

    @Property(tries = 1000)
    void everyByteStringIsReadAsUtf8OrRefused(@ForAll(supplier = HostileInput.Bytes.class) byte[] bytes) {
        var event = new APIGatewayProxyRequestEvent()
                .withBody(Base64.getEncoder().encodeToString(bytes)).withIsBase64Encoded(true);
        try {
            readOrRefuse(ApiRequests.body(event));
        } catch (KotaeException e) {
            assertThat(e.code().httpStatus()).isEqualTo(400);
        }
    }

    @Property(tries = 300)
    void aValidRequestIsRead(@ForAll("valid") String body) {
        assertThat(StrictInputTest.PARSER.parse(body).to()).isEqualTo(HostileInput.NUMBER);
    }

    /** Any request the API accepts, written as a schedule holds it and read when it goes, is the same request. */
    @Property(tries = 500)
    void whatTheCodecWritesItReadsBackUnchanged(@ForAll("valid") String body) {
        var read = StrictInputTest.PARSER.parse(body);

        assertThat(StrictInputTest.PARSER.parse(SendRequestCodec.write(read).toString())).isEqualTo(read);
    }

    @Property(tries = 200)
    void everyOptionalMemberSurvivesTheRoundTrip(@ForAll("requests") SendRequest request) {
        assertThat(StrictInputTest.PARSER.parse(SendRequestCodec.write(request).toString())).isEqualTo(request);
    }

    /** Marketing waits for the day whether or not it says so: the same request, and so the same idempotency payload. */
    @Example
    void aMarketingMessageThatAsksToRespectQuietHoursIsTheSameRequest() {
        var plain = "{\"to\": \"" + HostileInput.NUMBER + "\", \"body\": \"Sale\", \"type\": \"PROMOTIONAL\"";

        assertThat(StrictInputTest.PARSER.parse(plain + ", \"respectQuietHours\": true}"))
                .isEqualTo(StrictInputTest.PARSER.parse(plain + "}"));
    }

    private static void readOrRefuse(String body) {
        try {
            var request = StrictInputTest.PARSER.parse(body);
            assertThat(request.body()).isNotBlank();
        } catch (KotaeException e) {
            assertThat(e.code().httpStatus()).as(e.code() + ": " + e.getMessage()).isEqualTo(400);
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> valid() {
        return HostileInput.validRequests();
    }

    /** Requests with every optional member drawn, within the API's limits. */
    @Provide
    Arbitrary<SendRequest> requests() {
        var text = Arbitraries.strings().withChars("abcXYZ019 はい予約").ofMinLength(1).ofMaxLength(40)
                .filter(value -> !value.isBlank());
        var keyword = Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZ").ofMinLength(3).ofMaxLength(12)
                .filter(word -> !StrictInputTest.RESERVED.contains(word));
        var context = Arbitraries.maps(Arbitraries.strings().withChars("abcdef").ofMinLength(1).ofMaxLength(8), text)
                .ofMaxSize(SendRequestCodec.MAX_CONTEXT_ENTRIES);
        var expectReply = Combinators.combine(keyword.list().ofMinSize(1).ofMaxSize(3).uniqueElements(),
                Arbitraries.longs().between(SendRequestCodec.MIN_REPLY_TTL, SendRequestCodec.MAX_REPLY_TTL),
                text.optional()).as((keywords, ttl, reference) -> new ExpectReply(keywords, Duration.ofSeconds(ttl),
                reference));
        var night = Combinators.combine(Arbitraries.of(PLACES).optional(),
                Arbitraries.of(true, false)).as(Night::new);
        return Combinators.combine(text, Arbitraries.of(MessageType.class),
                Arbitraries.integers().between(SendRequestCodec.MIN_TIME_TO_LIVE, SendRequestCodec.MAX_TIME_TO_LIVE).optional(),
                Arbitraries.of("0.01", "0.05", "1.5").optional(), context, Arbitraries.of(true, false),
                expectReply.optional(), night).as((body, type, ttl, price, entries, dryRun, reply, hours) -> new SendRequest(
                HostileInput.NUMBER, body, type, ttl, price, new TreeMap<>(entries), dryRun, reply, Optional.empty(),
                hours.zone(), hours.respect() && type != MessageType.PROMOTIONAL));
    }

    /** The time zones a caller may name: those of places (the database's offsets in disguise are refused). */
    private static final List<ZoneId> PLACES = ZoneId.getAvailableZoneIds().stream().sorted().filter(zone -> {
        try {
            StrictInputTest.PARSER.parse("{\"to\": \"" + HostileInput.NUMBER + "\", \"body\": \"x\", \"recipientTimeZone\": \""
                    + zone + "\"}");
            return true;
        } catch (KotaeException refused) {
            return false;
        }
    }).map(ZoneId::of).toList();

    /** The recipient's time zone, if the caller names it, and whether a message that is not marketing waits too. */
    private record Night(Optional<ZoneId> zone, boolean respect) {
    }
}
