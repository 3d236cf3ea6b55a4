package dev.kotae.messages.boundary;

import dev.kotae.messages.control.SendRequestCodec;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/openapi.yaml is read as an OpenAPI 3 document, as a client generator would read it, and its
 * request limits are the parser's own: a limit changed on one side fails here.
 */
class OpenApiContractTest {

    private static OpenAPI contract;

    @BeforeAll
    static void parse() throws Exception {
        var options = new ParseOptions();
        options.setResolve(true);
        var result = new OpenAPIV3Parser().readContents(Files.readString(Path.of("../docs/openapi.yaml")), null, options);
        assertThat(result.getMessages()).as("problems OpenAPI readers find in docs/openapi.yaml").isEmpty();
        contract = result.getOpenAPI();
    }

    @Test
    void everySchemaMemberIsAMemberNotAStrayKeyFromUnquotedText() {
        contract.getComponents().getSchemas().forEach((name, schema) -> assertNoStrayMembers(name, schema));
    }

    @Test
    void theSendRequestsLimitsAreTheParsers() {
        var request = schema("SendRequest");
        var body = member(request, "body");
        assertThat(body.getMaxLength()).isEqualTo(SendRequestCodec.MAX_BODY_LENGTH);
        var ttl = member(request, "timeToLiveSeconds");
        assertThat(ttl.getMinimum()).isEqualTo(BigDecimal.valueOf(SendRequestCodec.MIN_TIME_TO_LIVE));
        assertThat(ttl.getMaximum()).isEqualTo(BigDecimal.valueOf(SendRequestCodec.MAX_TIME_TO_LIVE));
        assertThat(member(request, "context").getMaxProperties()).isEqualTo(SendRequestCodec.MAX_CONTEXT_ENTRIES);
        var reply = member(request, "expectReply");
        assertThat(member(reply, "keywords").getMaxItems()).isEqualTo(SendRequestCodec.MAX_KEYWORDS);
        assertThat(member(reply, "ttlSeconds").getMinimum()).isEqualTo(BigDecimal.valueOf(SendRequestCodec.MIN_REPLY_TTL));
        assertThat(member(reply, "ttlSeconds").getMaximum()).isEqualTo(BigDecimal.valueOf(SendRequestCodec.MAX_REPLY_TTL));
        assertThat(((Number) member(reply, "ttlSeconds").getDefault()).longValue())
                .isEqualTo(SendRequestCodec.DEFAULT_REPLY_TTL);
        assertThat(member(request, "sendAt").getDescription()).contains(SendRequestCodec.MIN_SEND_AHEAD.toMinutes()
                + " minute to " + SendRequestCodec.MAX_SEND_AHEAD.toDays() + " days ahead");
        assertThat(request.getProperties().keySet()).containsExactlyInAnyOrderElementsOf(SendRequestCodec.MEMBERS);
    }

    /** docs/api.md's member table says what the parser does: the same members, the same limits. */
    @Test
    void theReadmesMemberTableIsTheParsers() throws IOException {
        var guide = Files.readString(Path.of("../docs/api.md"));
        var table = guide.substring(guide.indexOf("### `POST /messages`"));
        var rows = table.lines().dropWhile(line -> !line.startsWith("| `")).takeWhile(line -> line.startsWith("| "))
                .filter(line -> line.startsWith("| `"))
                .collect(java.util.stream.Collectors.toMap(line -> line.split("`")[1], line -> line));

        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(SendRequestCodec.MEMBERS);
        assertThat(rows.get("body")).contains("1–" + SendRequestCodec.MAX_BODY_LENGTH + " characters");
        assertThat(rows.get("timeToLiveSeconds"))
                .contains(SendRequestCodec.MIN_TIME_TO_LIVE + "–" + SendRequestCodec.MAX_TIME_TO_LIVE);
        assertThat(rows.get("context")).contains("up to " + SendRequestCodec.MAX_CONTEXT_ENTRIES + " string entries");
        assertThat(rows.get("expectReply")).contains(SendRequestCodec.MIN_REPLY_TTL + " s – "
                + SendRequestCodec.MAX_REPLY_TTL / 86_400 + " days, default " + SendRequestCodec.DEFAULT_REPLY_TTL / 86_400
                + " day");
        assertThat(rows.get("sendAt")).contains(SendRequestCodec.MIN_SEND_AHEAD.toMinutes() + " minute to "
                + SendRequestCodec.MAX_SEND_AHEAD.toDays() + " days ahead");
    }

    @SuppressWarnings("rawtypes")
    private static void assertNoStrayMembers(String path, Schema schema) {
        if (schema.getProperties() == null) {
            return;
        }
        ((java.util.Map<String, Schema>) schema.getProperties()).forEach((name, member) -> {
            assertThat(name).as("a member of " + path).matches("[A-Za-z][A-Za-z0-9]*");
            assertNoStrayMembers(path + "." + name, member);
        });
    }

    @SuppressWarnings("rawtypes")
    private static Schema schema(String name) {
        return contract.getComponents().getSchemas().get(name);
    }

    @SuppressWarnings("rawtypes")
    private static Schema member(Schema schema, String name) {
        var member = (Schema) schema.getProperties().get(name);
        assertThat(member).as(name).isNotNull();
        return member;
    }
}
