package dev.kotae.messages.entity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryStatusTest {

    @ParameterizedTest
    @ValueSource(strings = {"TEXT_INVALID", "TEXT_INVALID_MESSAGE", "TEXT_UNREACHABLE", "TEXT_CARRIER_UNREACHABLE",
            "TEXT_BLOCKED", "TEXT_CARRIER_BLOCKED", "TEXT_SPAM", "TEXT_UNKNOWN", "TEXT_TTL_EXPIRED", "TEXT_PROTECT_BLOCKED"})
    void everyFailureTypeIsAFinalFailure(String eventType) {
        assertThat(DeliveryStatus.of(eventType)).contains(DeliveryStatus.FAILED);
        assertThat(DeliveryStatus.FAILED.rank()).isGreaterThan(DeliveryStatus.SUCCESSFUL.rank());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TEXT_QUEUED", "TEXT_PENDING", "SOMETHING_NEW"})
    void otherEventTypesOnlyJoinTheHistory(String eventType) {
        assertThat(DeliveryStatus.of(eventType)).isEmpty();
    }
}
