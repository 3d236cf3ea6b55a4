package dev.kotae.batches.entity;

import dev.kotae.messages.entity.DeliveryReport;
import dev.kotae.messages.entity.DeliveryStatus;
import dev.kotae.messages.entity.MessageRecord;
import dev.kotae.messages.entity.MessageStatus;
import dev.kotae.messages.entity.MessageView;
import dev.kotae.messages.entity.SendRequest;
import dev.kotae.shared.entity.ErrorCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** How an entry's record (or its absence) is counted by {@code GET /batches/{batchId}}. */
class BatchProgressTest {

    private static final Instant NOW = Instant.parse("2026-11-28T09:00:00Z");
    private static final String BATCH = "5f0c2a9e-3d1b-4c7a-8e6f-0a1b2c3d4e5f";

    @ParameterizedTest(name = "{0} in a {1} batch, delivery {2} -> {3}")
    @CsvSource({
            "NONE,     QUEUED,   NONE,      QUEUED",
            "NONE,     CANCELED, NONE,      CANCELED",
            "QUEUED,   QUEUED,   NONE,      QUEUED",
            "QUEUED,   CANCELED, NONE,      CANCELED",
            "ACCEPTED, QUEUED,   NONE,      SENDING",
            "SENT,     QUEUED,   NONE,      SENT",
            "SENT,     CANCELED, DELIVERED, SENT",
            "DRY_RUN,  QUEUED,   NONE,      DRY_RUN",
            "FAILED,   QUEUED,   NONE,      FAILED",
            "OPTED,    QUEUED,   NONE,      OPTED_OUT",
            "UNKNOWN,  QUEUED,   NONE,      UNKNOWN",
    })
    void anEntryIsCountedByItsRecord(String record, BatchStatus batch, String delivery, EntryState counted) {
        var progress = BatchProgress.of(batch(batch), entry(record, delivery, NOW), NOW, 10);

        assertThat(progress.states().get(counted)).isEqualTo(1);
        assertThat(progress.states().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
        assertThat(progress.delivered()).isEqualTo(delivery.equals("DELIVERED") ? 1 : 0);
    }

    @Test
    void anEntryWhoseAttemptDiedReadsUnknown() {
        var progress = BatchProgress.of(batch(BatchStatus.QUEUED), entry("ACCEPTED", "NONE", NOW.minusSeconds(120)), NOW, 10);

        assertThat(progress.states().get(EntryState.UNKNOWN)).isEqualTo(1);
        assertThat(progress.failures()).singleElement().satisfies(failure ->
                assertThat(failure.error().code()).isEqualTo(ErrorCode.UPSTREAM_UNAVAILABLE));
    }

    @Test
    void deliveriesAreCountedOnTopOfSends() {
        var entries = new HashMap<Integer, MessageView>();
        entries.putAll(entry("SENT", "DELIVERED", NOW));
        entries.put(1, view(1, "SENT", "FAILED", NOW));
        entries.put(2, view(2, "SENT", "SUCCESSFUL", NOW));

        var progress = BatchProgress.of(batch(BatchStatus.QUEUED, 3, 3), entries, NOW, 10);

        assertThat(progress.states().get(EntryState.SENT)).isEqualTo(3);
        assertThat(progress.delivered()).isEqualTo(1);
        assertThat(progress.deliveryFailed()).isEqualTo(1);
    }

    @Test
    void theLastSendIsExpectedAfterTheWaitingPartsAtThePace() {
        // Three entries of two parts each; the first is sent: four parts wait, at 2 parts a second.
        var progress = BatchProgress.of(batch(BatchStatus.QUEUED, 3, 6), Map.of(0, view(0, "SENT", "NONE", NOW)), NOW, 2);

        assertThat(progress.lastSendExpectedAt()).contains(NOW.plusSeconds(2));
        assertThat(progress.lastSentAt()).isEmpty();
    }

    @Test
    void aBatchSentLaterHoldsItsEntriesUntilThenAndIsExpectedToEndAfterIt() {
        var later = NOW.plusSeconds(3600);
        var batch = new Batch(BATCH, "caller", BatchStatus.SCHEDULED, NOW, NOW, 3, 6, List.of(), "fingerprint",
                Optional.of(later));

        var before = BatchProgress.of(batch, Map.of(), NOW, 2);
        var after = BatchProgress.of(batch, Map.of(), later.plusSeconds(1), 2);
        var canceled = BatchProgress.of(batch.withStatus(BatchStatus.CANCELED, NOW), Map.of(), NOW, 2);

        assertThat(before.states().get(EntryState.SCHEDULED)).isEqualTo(3);
        assertThat(before.lastSendExpectedAt()).contains(later.plusSeconds(3));
        assertThat(after.states().get(EntryState.QUEUED)).as("past sendAt, on the queue").isEqualTo(3);
        assertThat(canceled.states().get(EntryState.CANCELED)).isEqualTo(3);
    }

    @Test
    void onceNothingWaitsTheLastSendIsWhenItLeft() {
        var progress = BatchProgress.of(batch(BatchStatus.QUEUED), entry("SENT", "NONE", NOW.minusSeconds(5)), NOW, 2);

        assertThat(progress.lastSendExpectedAt()).isEmpty();
        assertThat(progress.lastSentAt()).contains(NOW.minusSeconds(5));
    }

    private static Batch batch(BatchStatus status) {
        return batch(status, 1, 2);
    }

    private static Batch batch(BatchStatus status, int size, int parts) {
        return new Batch(BATCH, "caller", status, NOW, NOW, size, parts, List.of(), "fingerprint", Optional.empty());
    }

    private static Map<Integer, MessageView> entry(String record, String delivery, Instant at) {
        return record.equals("NONE") ? Map.of() : Map.of(0, view(0, record, delivery, at));
    }

    /** A two-part entry's record in {@code status} ({@code OPTED}: FAILED as opted out), written at {@code at}. */
    private static MessageView view(int index, String status, String delivery, Instant at) {
        var request = SendRequest.of("+819012345678", "x".repeat(161));
        var accepted = MessageRecord.accepted(BatchEntry.messageId(BATCH, index), request, "caller", at);
        var record = switch (status) {
            case "ACCEPTED" -> accepted;
            case "OPTED" -> accepted.refused(MessageStatus.FAILED,
                    new MessageRecord.Failure(ErrorCode.RECIPIENT_OPTED_OUT, "opted out"), at);
            case "FAILED" -> accepted.refused(MessageStatus.FAILED,
                    new MessageRecord.Failure(ErrorCode.MESSAGE_REJECTED, "rejected"), at);
            case "QUEUED" -> accepted.requeued(new MessageRecord.Failure(ErrorCode.THROTTLED, "throttled"), at);
            case "UNKNOWN" -> accepted.refused(MessageStatus.UNKNOWN,
                    new MessageRecord.Failure(ErrorCode.UPSTREAM_UNAVAILABLE, "unknown"), at);
            case "DRY_RUN", "SENT" -> status.equals("DRY_RUN")
                    ? new MessageRecord(accepted.messageId(), accepted.to(), accepted.type(), MessageStatus.DRY_RUN,
                    accepted.encoding(), 2, accepted.bodyLength(), true, "caller", at, at, Optional.empty(),
                    Optional.of("provider"), Optional.empty(), Optional.empty())
                    : accepted.handedOver("provider", at, Optional.empty());
            default -> throw new IllegalArgumentException(status);
        };
        var current = delivery.equals("NONE") ? Optional.<DeliveryReport.Step>empty() : Optional.of(new DeliveryReport.Step(
                "TEXT_" + delivery, Optional.of(DeliveryStatus.valueOf(delivery)), at, Optional.empty()));
        return new MessageView(record, new DeliveryReport(current, List.of()));
    }
}
