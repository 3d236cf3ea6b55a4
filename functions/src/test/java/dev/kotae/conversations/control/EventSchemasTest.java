package dev.kotae.conversations.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kotae.consent.entity.ConsentEntry;
import dev.kotae.conversations.entity.ConsentEvents;
import dev.kotae.consent.entity.ConsentState;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The published event schemas: one per event Kotae publishes, as strict as they claim, as docs/api.md tells. */
class EventSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PUBLISHED = List.of(InboundDecider.CONVERSATION_CONFIRMED,
            InboundDecider.RECIPIENT_OPTED_OUT, InboundDecider.RECIPIENT_OPTED_IN, ConsentEvents.CONSENT_GRANTED,
            ConsentEvents.CONSENT_REVOKED);
    private static final String OPTED_OUT = """
            {"phoneNumber": "+819012345678", "keyword": "STOP", "inboundMessageId": "inbound-1",
             "optedOutAt": "2026-11-22T03:20:00Z"}""";

    @Test
    void everyEventKotaePublishesHasASchemaAndNoOtherSchemaIsPublished() throws IOException {
        try (var files = Files.list(EventSchemas.DIRECTORY)) {
            assertThat(files.map(file -> file.getFileName().toString().replace(".schema.json", "")))
                    .containsExactlyInAnyOrderElementsOf(PUBLISHED);
        }
    }

    @Test
    void aSchemaRefusesADetailWithAMemberItDoesNotPromiseOrWithoutOneItRequires() {
        assertThat(EventSchemas.errors("RecipientOptedOut", OPTED_OUT)).isEmpty();
        assertThat(EventSchemas.errors("RecipientOptedOut", OPTED_OUT.replace("}", ", \"extra\": 1}"))).isNotEmpty();
        assertThat(EventSchemas.errors("RecipientOptedOut", OPTED_OUT.replace("\"keyword\": \"STOP\",", "")))
                .isNotEmpty();
        assertThat(EventSchemas.errors("RecipientOptedOut", OPTED_OUT.replace("+819012345678", "090-1234-5678")))
                .isNotEmpty();
    }

    /**
     * A consent a caller or an opt-out list recorded publishes where it came from and who recorded it, and a schema
     * holds each kind to its own members: a keyword's without a source, a caller's without a keyword.
     */
    @Test
    void recordedConsentEventsMatchTheirSchemasAndEachKindKeepsToItsMembers() {
        var at = Instant.parse("2026-12-05T01:00:00Z");
        var granted = ConsentEvents.recorded("+819012345678", new ConsentEntry(ConsentState.GRANTED, at,
                ConsentEntry.Method.API, "web-form", "the form", "arn:aws:iam::123456789012:role/signup")).orElseThrow();
        var withdrawn = ConsentEvents.recorded("+819012345678", new ConsentEntry(ConsentState.REVOKED, at,
                ConsentEntry.Method.OPT_OUT_LIST, "opt-out-list", "refused", "end-user-messaging")).orElseThrow();
        var asked = ConsentEvents.recorded("+819012345678", new ConsentEntry(ConsentState.PENDING, at,
                ConsentEntry.Method.API, "web-form", "the form", "arn:aws:iam::123456789012:role/signup"));

        assertThat(EventSchemas.errors(granted)).isEmpty();
        assertThat(EventSchemas.errors(withdrawn)).isEmpty();
        assertThat(asked).as("asking is no consent: the YES publishes the grant").isEmpty();
        assertThat(EventSchemas.errors("ConsentGranted", granted.detail().replace("\"API\"", "\"KEYWORD\"")))
                .as("a keyword's event names its keyword and message, not a source").isNotEmpty();
        assertThat(EventSchemas.errors("ConsentRevoked", withdrawn.detail().replace("\"OPT_OUT_LIST\"", "\"SMS\"")))
                .isNotEmpty();
    }

    /** The events table in docs/api.md lists, for each detail type, exactly the members its schema describes. */
    @Test
    void theReadmesEventsTableListsEachSchemasMembers() throws IOException {
        var guide = Files.readString(EventSchemas.DIRECTORY.resolve("../api.md"));
        for (var detailType : PUBLISHED) {
            var schema = JSON.readTree(EventSchemas.DIRECTORY.resolve(detailType + ".schema.json").toFile());
            var members = new ArrayList<String>();
            schema.get("properties").fieldNames().forEachRemaining(name -> members.add("`" + name + "`"));
            var row = guide.lines().filter(line -> line.startsWith("| `" + detailType + "` |")).findFirst().orElseThrow();

            assertThat(row.split("\\|")[2].trim().split(", ")).as(detailType).containsExactlyInAnyOrderElementsOf(members);
        }
    }
}
