package dev.kotae.messages.boundary;

import dev.kotae.messages.control.SendRequestCodec;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.kotae.conversations.control.KeywordBooks;
import dev.kotae.shared.boundary.ApiAnswers;
import dev.kotae.shared.boundary.ApiRequests;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;
import dev.kotae.shared.entity.PhoneNumbers;
import dev.kotae.shared.entity.Text;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A request that could mean two things is refused with its documented code, never read one way or the other. */
class StrictInputTest {

    static final Set<String> RESERVED = KeywordBooks.reserved(Optional.empty());
    static final SendRequestCodec PARSER = new SendRequestCodec(PhoneNumbers.withDefaultCountry("JP"),
            RESERVED, Optional.empty(), java.time.Clock.systemUTC());
    private static final String VALID = "{\"to\": \"+819012345678\", \"body\": \"Your code is 123456\"";

    static Stream<Arguments> ambiguousRequests() {
        return Stream.of(
                Arguments.of("two objects back to back", VALID + "} {\"to\": \"+819011112222\"}", ErrorCode.INVALID_JSON, null),
                Arguments.of("an object followed by garbage", VALID + "} trailing", ErrorCode.INVALID_JSON, null),
                Arguments.of("a member given twice", VALID + ", \"dryRun\": true, \"dryRun\": false}", ErrorCode.INVALID_JSON, "dryRun"),
                Arguments.of("an invalid 'to' then a valid one",
                        "{\"to\": \"nope\", \"to\": \"+819012345678\", \"body\": \"x\"}", ErrorCode.INVALID_JSON, "to"),
                Arguments.of("a nested member given twice", VALID + ", \"expectReply\": {\"keywords\": [\"YES\"],"
                        + " \"reference\": \"a\", \"reference\": \"b\"}}", ErrorCode.INVALID_JSON, "expectReply.reference"),
                Arguments.of("a body of zero-width spaces, no-break spaces, a BOM and word joiners",
                        "{\"to\": \"+819012345678\", \"body\": \"\u200B\u00A0\uFEFF\u2060\u3000\u200D\"}", ErrorCode.INVALID_BODY, "body"),
                Arguments.of("a body of Hangul fillers and variation selectors",
                        "{\"to\": \"+819012345678\", \"body\": \"\u3164\uFE0F\u115F\"}", ErrorCode.INVALID_BODY, "body"),
                Arguments.of("a lone surrogate in the body",
                        "{\"to\": \"+819012345678\", \"body\": \"abc\\ud800\"}", ErrorCode.INVALID_BODY, "body"),
                Arguments.of("a reversed surrogate pair in the body",
                        "{\"to\": \"+819012345678\", \"body\": \"\\udc00\\ud800\"}", ErrorCode.INVALID_BODY, "body"),
                Arguments.of("a lone surrogate in a context value",
                        VALID + ", \"context\": {\"order\": \"\\ud83d\"}}", ErrorCode.INVALID_CONTEXT, "context.order"),
                Arguments.of("a time to live past 64 bits", VALID + ", \"timeToLiveSeconds\": 18446744073709551676}",
                        ErrorCode.INVALID_TIME_TO_LIVE, "timeToLiveSeconds"),
                Arguments.of("a time to live written with a fraction", VALID + ", \"timeToLiveSeconds\": 60.0}",
                        ErrorCode.INVALID_TIME_TO_LIVE, "timeToLiveSeconds"),
                Arguments.of("a time to live written with an exponent", VALID + ", \"timeToLiveSeconds\": 6e1}",
                        ErrorCode.INVALID_TIME_TO_LIVE, "timeToLiveSeconds"),
                Arguments.of("a reply window past 64 bits", VALID + ", \"expectReply\": {\"keywords\": [\"YES\"],"
                        + " \"ttlSeconds\": 18446744073709551676}}", ErrorCode.INVALID_EXPECT_REPLY, "expectReply.ttlSeconds"),
                Arguments.of("a reference of a zero-width space", VALID + ", \"expectReply\": {\"keywords\": [\"YES\"],"
                        + " \"reference\": \"\u200B\"}}", ErrorCode.INVALID_EXPECT_REPLY, "expectReply.reference"),
                Arguments.of("a context value of a braille blank", VALID + ", \"context\": {\"order\": \"\u2800\"}}",
                        ErrorCode.INVALID_CONTEXT, "context.order"),
                Arguments.of("nesting 1,001 levels deep", VALID + ", \"context\": " + "[".repeat(1001) + "]".repeat(1001) + "}",
                        ErrorCode.INVALID_JSON, null),
                Arguments.of("nesting 10,000 levels deep", "[".repeat(10_000), ErrorCode.INVALID_JSON, null),
                Arguments.of("a 1,001-digit number", VALID + ", \"timeToLiveSeconds\": " + "9".repeat(1001) + "}",
                        ErrorCode.INVALID_JSON, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ambiguousRequests")
    void isRefusedWithItsCodeAndMember(String what, String body, ErrorCode code, String field) {
        assertThatThrownBy(() -> PARSER.parse(body)).isInstanceOfSatisfying(KotaeException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.field()).isEqualTo(Optional.ofNullable(field));
        });
    }

    /** The refusal quotes the caller's member name, but never as text that cannot be written as UTF-8. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"\\ud800\": 1}", "{\"to\": \"+819012345678\", \"body\": \"x\", \"context\": {\"\\udc00k\": \"v\"}}",
            "{\"to\": \"+819012345678\", \"body\": \"x\", \"\\ud83d\": 1, \"\\ud83d\": 2}"})
    void aRefusalQuotingACallersNameIsWellFormedText(String body) {
        assertThatThrownBy(() -> PARSER.parse(body)).isInstanceOfSatisfying(KotaeException.class, e ->
                assertThat(Text.isWellFormed(ApiAnswers.error(e).getBody())).isTrue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u00e9t\u00e9 \ud83d\ude00", "\u200Bhello", "\u3000\u3042", "x"})
    void textWithSomethingVisibleIsABody(String body) {
        assertThat(Text.isBlankToAPerson(body)).isFalse();
        assertThat(Text.isWellFormed(body)).isTrue();
        assertThat(PARSER.parse("{\"to\": \"+819012345678\", \"body\": \"" + body + "\"}").body()).isEqualTo(body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"c3RvcA==", "/w==", "wyg=", "7aCA", "not base64!"})
    void aBase64BodyThatIsNotUtf8IsRefusedNotRepaired(String base64) {
        var refused = !base64.equals("c3RvcA==");
        var event = new APIGatewayProxyRequestEvent().withBody(base64).withIsBase64Encoded(true);

        if (refused) {
            assertThatThrownBy(() -> ApiRequests.body(event)).isInstanceOfSatisfying(KotaeException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_JSON));
        } else {
            assertThat(ApiRequests.body(event)).isEqualTo("stop");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"to\": \"+819012345678\", \"body\": \"\u3053\u3093\u306b\u3061\u306f\"}"})
    void aBase64BodyThatIsUtf8IsReadAsSent(String json) {
        var event = new APIGatewayProxyRequestEvent()
                .withBody(Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)))
                .withIsBase64Encoded(true);

        assertThat(PARSER.parse(ApiRequests.body(event)).body()).isEqualTo("\u3053\u3093\u306b\u3061\u306f");
    }

    @org.junit.jupiter.api.Test
    void aHeaderGivenTwiceIsRefusedNotReadAsEitherValue() {
        var twoKeys = new APIGatewayProxyRequestEvent()
                .withHeaders(Map.of("Idempotency-Key", "b"))
                .withMultiValueHeaders(Map.of("Idempotency-Key", List.of("a", "b")));
        var twoTypes = new APIGatewayProxyRequestEvent()
                .withHeaders(Map.of("content-type", "application/json"))
                .withMultiValueHeaders(Map.of("content-type", List.of("text/plain", "application/json")));

        assertThatThrownBy(() -> ApiRequests.idempotencyKey(twoKeys)).isInstanceOfSatisfying(KotaeException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_IDEMPOTENCY_KEY));
        assertThatThrownBy(() -> ApiRequests.requireJson(twoTypes)).isInstanceOfSatisfying(KotaeException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_MEDIA_TYPE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"context.+819012345678", "secret-member", "expectReply.password123", "context"})
    void aRefusalLogsOnlyWhatKotaeNames(String field) {
        var logged = SendRequestCodec.asKotaeNamesIt(field);

        assertThat(logged).doesNotContain("819012345678", "secret", "password");
        assertThat(SendRequestCodec.asKotaeNamesIt("expectReply.ttlSeconds")).isEqualTo("expectReply.ttlSeconds");
        assertThat(SendRequestCodec.asKotaeNamesIt("Idempotency-Key")).isEqualTo("Idempotency-Key");
    }
}
