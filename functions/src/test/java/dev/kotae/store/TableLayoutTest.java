package dev.kotae.store;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TableLayoutTest {

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "RECIPIENT#+819012345678, +819012345678",
            "MESSAGE#7c1e, none",
            "BATCH#b-1, none",
            "RECIPIENT, none"})
    void aStreamReaderTellsWhoseStateAPartitionHolds(String partitionKey, String phoneNumber) {
        assertThat(TableLayout.recipientOf(partitionKey)).isEqualTo(java.util.Optional.ofNullable(phoneNumber));
    }

    @ParameterizedTest
    @CsvSource({"+819012345678", "+14254147755"})
    void theRecipientPartitionItselfReadsBackAsItsNumber(String phoneNumber) {
        assertThat(TableLayout.recipientOf(RecipientItems.partition(phoneNumber).s())).contains(phoneNumber);
    }
}
