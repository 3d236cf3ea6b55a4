package dev.kotae.store;

import dev.kotae.LocalStandIns;
import dev.kotae.TestJson;
import dev.kotae.consent.entity.ConsentEntry;
import dev.kotae.consent.entity.ConsentState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A consent a caller or an opt-out list recorded carries its event on its entry, for the relay: a grant always, a
 * withdrawal only when there was consent to withdraw (granted, or asked for); asking publishes nothing.
 */
class ConsentAnnouncementsTest {

    private static final String NUMBER = "+819012345678";
    private static final Instant NOW = Instant.parse("2026-12-05T01:00:00Z");
    private static final String CALLER = "arn:aws:iam::123456789012:role/signup";

    private DynamoDbClient dynamo;
    private String table;
    private DynamoConsentLedger ledger;

    @BeforeEach
    void freshTable() {
        var standIns = LocalStandIns.start();
        dynamo = standIns.dynamo;
        table = standIns.newTable();
        ledger = new DynamoConsentLedger(dynamo, table);
    }

    @Test
    void aRecordedGrantAndItsWithdrawalAreAnnounced() {
        ledger.record(NUMBER, entry(ConsentState.GRANTED, ConsentEntry.Method.API));
        ledger.record(NUMBER, entry(ConsentState.REVOKED, ConsentEntry.Method.API));

        assertThat(announced()).containsExactly("ConsentGranted API", "ConsentRevoked API");
    }

    @Test
    void aWithdrawalOfAConsentNeverGivenIsKeptAndNotAnnounced() {
        ledger.record(NUMBER, entry(ConsentState.REVOKED, ConsentEntry.Method.API));

        assertThat(announced()).isEmpty();
        assertThat(ledger.find(NUMBER).history()).extracting(ConsentEntry::state).containsExactly(ConsentState.REVOKED);
    }

    @Test
    void askingIsNotAnnouncedButWithdrawingWhatWasAskedIs() {
        ledger.record(NUMBER, entry(ConsentState.PENDING, ConsentEntry.Method.API));
        new DynamoMessageStore(dynamo, table, Duration.ofDays(90)).recordOptOut(NUMBER, NOW.plusSeconds(60));

        assertThat(announced()).containsExactly("ConsentRevoked OPT_OUT_LIST");
    }

    @Test
    void anOptOutListRefusalOfANumberThatNeverConsentedIsNotAnnounced() {
        new DynamoMessageStore(dynamo, table, Duration.ofDays(90)).recordOptOut(NUMBER, NOW);

        assertThat(announced()).isEmpty();
        assertThat(ledger.find(NUMBER).optedOut()).isTrue();
        assertThat(ledger.find(NUMBER).history()).extracting(ConsentEntry::method)
                .containsExactly(ConsentEntry.Method.OPT_OUT_LIST);
    }

    private static ConsentEntry entry(ConsentState state, ConsentEntry.Method method) {
        return new ConsentEntry(state, state == ConsentState.GRANTED ? NOW : NOW.plusSeconds(30), method, "web-form",
                "the form", CALLER);
    }

    /** The events the number's consent entries carry, oldest first: each as its detail type and method. */
    private List<String> announced() {
        return dynamo.query(q -> q.tableName(table).consistentRead(true)
                        .keyConditionExpression(TableLayout.IN_PARTITION + " AND begins_with(" + TableLayout.SORT_KEY + ", :entries)")
                        .expressionAttributeValues(Map.of(":pk", RecipientItems.partition(NUMBER),
                                ":entries", AttributeValue.fromS(ConsentItems.SORT_PREFIX))))
                .items().stream()
                .filter(item -> item.containsKey(PublishedEvents.PUBLISH) && item.get(PublishedEvents.PUBLISH).bool())
                .flatMap(item -> PublishedEvents.in(item).stream())
                .map(event -> event.detailType() + " " + TestJson.json(event.detail()).get("method").asText())
                .toList();
    }
}
