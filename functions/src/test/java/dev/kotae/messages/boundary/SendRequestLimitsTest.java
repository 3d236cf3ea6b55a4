package dev.kotae.messages.boundary;

import dev.kotae.conversations.control.KeywordBooks;
import dev.kotae.messages.control.SendRequestCodec;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;
import dev.kotae.shared.entity.PhoneNumbers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each documented limit of a send request at its exact edge: the last value accepted, the first refused. */
class SendRequestLimitsTest {

    private static final Instant NOW = Instant.parse("2026-12-04T00:00:00Z");
    private static final SendRequestCodec PARSER = new SendRequestCodec(PhoneNumbers.withDefaultCountry("JP"),
            KeywordBooks.reserved(Optional.empty()), Optional.empty(), Clock.fixed(NOW, ZoneOffset.UTC));

    static Stream<Arguments> edges() {
        return Stream.of(
                edge("body", body("x".repeat(1600)), body("x".repeat(1601)), ErrorCode.INVALID_BODY),
                edge("timeToLiveSeconds, lowest", member("\"timeToLiveSeconds\": 5"), member("\"timeToLiveSeconds\": 4"),
                        ErrorCode.INVALID_TIME_TO_LIVE),
                edge("timeToLiveSeconds, highest", member("\"timeToLiveSeconds\": 259200"),
                        member("\"timeToLiveSeconds\": 259201"), ErrorCode.INVALID_TIME_TO_LIVE),
                edge("context entries", member(context(4, 1, 1)), member(context(5, 1, 1)), ErrorCode.INVALID_CONTEXT),
                edge("a context key", member(context(1, 100, 1)), member(context(1, 101, 1)), ErrorCode.INVALID_CONTEXT),
                edge("a context value", member(context(1, 1, 800)), member(context(1, 1, 801)), ErrorCode.INVALID_CONTEXT),
                edge("expected keywords", member(expectReply(keywords(10, 5), "")), member(expectReply(keywords(11, 5), "")),
                        ErrorCode.INVALID_EXPECT_REPLY),
                edge("an expected keyword", member(expectReply(keywords(1, 30), "")),
                        member(expectReply(keywords(1, 31), "")), ErrorCode.INVALID_EXPECT_REPLY),
                edge("the reply window, shortest", member(expectReply(keywords(1, 5), ", \"ttlSeconds\": 60")),
                        member(expectReply(keywords(1, 5), ", \"ttlSeconds\": 59")), ErrorCode.INVALID_EXPECT_REPLY),
                edge("the reply window, longest", member(expectReply(keywords(1, 5), ", \"ttlSeconds\": 2592000")),
                        member(expectReply(keywords(1, 5), ", \"ttlSeconds\": 2592001")), ErrorCode.INVALID_EXPECT_REPLY),
                edge("a reference", member(expectReply(keywords(1, 5), ", \"reference\": \"" + "r".repeat(128) + "\"")),
                        member(expectReply(keywords(1, 5), ", \"reference\": \"" + "r".repeat(129) + "\"")),
                        ErrorCode.INVALID_EXPECT_REPLY),
                edge("sendAt, soonest", member(sendAt(NOW.plus(Duration.ofMinutes(1)))),
                        member(sendAt(NOW.plus(Duration.ofSeconds(59)))), ErrorCode.INVALID_SEND_AT),
                edge("sendAt, latest", member(sendAt(NOW.plus(Duration.ofDays(365)))),
                        member(sendAt(NOW.plus(Duration.ofDays(365)).plusSeconds(1))), ErrorCode.INVALID_SEND_AT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edges")
    void theLastValueIsAcceptedAndTheNextRefused(String limit, String accepted, String refused, ErrorCode code) {
        assertThatCode(() -> PARSER.parse(accepted)).as("at the limit").doesNotThrowAnyException();
        assertThatThrownBy(() -> PARSER.parse(refused)).as("past it")
                .isInstanceOfSatisfying(KotaeException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private static Arguments edge(String limit, String accepted, String refused, ErrorCode code) {
        return Arguments.of(limit, accepted, refused, code);
    }

    private static String body(String text) {
        return "{\"to\": \"+819012345678\", \"body\": \"" + text + "\"}";
    }

    private static String member(String member) {
        return "{\"to\": \"+819012345678\", \"body\": \"hello\", " + member + "}";
    }

    private static String context(int entries, int keyLength, int valueLength) {
        return "\"context\": {" + IntStream.range(0, entries)
                .mapToObj(i -> "\"" + (char) ('a' + i) + "k".repeat(keyLength - 1) + "\": \"" + "v".repeat(valueLength) + "\"")
                .collect(Collectors.joining(", ")) + "}";
    }

    private static String keywords(int count, int length) {
        return IntStream.range(0, count)
                .mapToObj(i -> "\"" + (char) ('A' + i) + "Q".repeat(length - 1) + "\"")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String expectReply(String keywords, String more) {
        return "\"expectReply\": {\"keywords\": " + keywords + more + "}";
    }

    private static String sendAt(Instant at) {
        return "\"sendAt\": \"" + at + "\"";
    }
}
