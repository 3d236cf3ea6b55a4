package dev.kotae.store;

import dev.kotae.LocalStandIns;
import dev.kotae.messages.control.Admission;
import dev.kotae.messages.control.IdempotencyClaim;
import dev.kotae.messages.control.MessageStore;
import dev.kotae.messages.control.QuotaUse;
import dev.kotae.messages.entity.MessageRecord;
import dev.kotae.messages.entity.MessageStatus;
import dev.kotae.messages.entity.SendReceipt;
import dev.kotae.messages.entity.SendRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.kotae.messages.control.MessageStore.Listing.NONE;
import static dev.kotae.messages.control.MessageStore.Listing.SENDERS_OWN;
import static org.assertj.core.api.Assertions.assertThat;

/** The store's edges that one request cannot reach: concurrent and expired idempotency keys. */
class DynamoMessageStoreTest {

    private static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");
    private static final SendRequest REQUEST = SendRequest.of("+819012345678", "code 1234");

    private DynamoMessageStore store;

    @BeforeEach
    void freshTable() {
        var standIns = LocalStandIns.start();
        store = new DynamoMessageStore(standIns.dynamo, standIns.newTable(), Duration.ofDays(90));
    }

    @Test
    void aKeyWhoseFirstRequestIsStillRunningIsInUse() {
        var claim = IdempotencyClaim.of("caller", "key-1", REQUEST.fingerprint(), NOW.plus(Duration.ofHours(24)));
        store.admit(accepted("first", NOW), Optional.of(claim), Optional.empty(), NONE);

        var second = store.admit(accepted("second", NOW), Optional.of(claim), Optional.empty(), NONE);

        assertThat(second).isEqualTo(new Admission.KeyInUse(Optional.of("first")));
    }

    @Test
    void anExpiredKeyIsFreeBeforeTheTtlSweepDeletesIt() {
        var claim = IdempotencyClaim.of("caller", "key-1", REQUEST.fingerprint(), NOW.plus(Duration.ofHours(24)));
        var first = accepted("first", NOW);
        store.admit(first, Optional.of(claim), Optional.empty(), NONE);
        store.recordSent(first.handedOver("provider-1", NOW, Optional.empty()), Optional.of(claim),
                new SendReceipt("first", REQUEST.to(), MessageStatus.SENT, REQUEST.encoding(), 1, Optional.empty(), Optional.empty()),
                Optional.empty());

        var dayLater = NOW.plus(Duration.ofHours(25));
        var renewed = IdempotencyClaim.of("caller", "key-1", REQUEST.fingerprint(), dayLater.plus(Duration.ofHours(24)));

        assertThat(store.admit(accepted("second", dayLater), Optional.of(renewed), Optional.empty(), NONE)).isEqualTo(new Admission.Admitted());
    }

    @Test
    void keysAreScopedToTheirCaller() {
        var mine = IdempotencyClaim.of("caller-a", "key-1", REQUEST.fingerprint(), NOW.plus(Duration.ofHours(24)));
        var theirs = IdempotencyClaim.of("caller-b", "key-1", REQUEST.fingerprint(), NOW.plus(Duration.ofHours(24)));
        store.admit(accepted("first", NOW), Optional.of(mine), Optional.empty(), NONE);

        assertThat(store.admit(accepted("second", NOW), Optional.of(theirs), Optional.empty(), NONE)).isEqualTo(new Admission.Admitted());
    }

    @Test
    void anOptOutIsCheckedInTheSameWriteThatRecordsTheMessage() {
        store.recordOptOut(REQUEST.to(), NOW);

        assertThat(store.admit(accepted("first", NOW), Optional.empty(), Optional.empty(), NONE)).isEqualTo(new Admission.RecipientOptedOut());
        assertThat(store.find("first")).isEmpty();
    }

    /** The day's count refuses the message over it, and the refused message is not recorded. */
    @Test
    void aCallerOverItsDayIsRefusedAndTheMessageIsNotRecorded() {
        var day = new QuotaUse("arn:aws:iam::111122223333:role/app", LocalDate.of(2026, 11, 22), 1);
        assertThat(store.admit(accepted("first", NOW), Optional.empty(), Optional.of(day), NONE)).isEqualTo(new Admission.Admitted());

        assertThat(store.admit(accepted("second", NOW), Optional.empty(), Optional.of(day), NONE))
                .isEqualTo(new Admission.CallerQuotaExceeded());
        assertThat(store.find("second")).isEmpty();
        assertThat(store.find("first")).isPresent();
    }

    /** One caller's concurrent sends all raise the same count: conflicting transactions are tried again, not failed. */
    @Test
    void aCallersConcurrentSendsAreAllCounted() throws Exception {
        var day = new QuotaUse("arn:aws:iam::111122223333:role/app", LocalDate.of(2026, 11, 22), 100);
        var pool = Executors.newFixedThreadPool(8);
        try {
            var admissions = new ArrayList<Future<Admission>>();
            for (int i = 0; i < 16; i++) {
                var id = "concurrent-" + i;
                admissions.add(pool.submit(() -> store.admit(accepted(id, NOW), Optional.empty(), Optional.of(day), NONE)));
            }
            for (var admission : admissions) {
                assertThat(admission.get()).isEqualTo(new Admission.Admitted());
            }
        } finally {
            pool.shutdown();
        }
        var full = new QuotaUse(day.principal(), day.day(), 16);
        assertThat(store.admit(accepted("seventeenth", NOW), Optional.empty(), Optional.of(full), NONE))
                .isEqualTo(new Admission.CallerQuotaExceeded());
    }

    /** A person's sends are listed under them, newest first (to the nanosecond), each with its current status. */
    @Test
    void aPersonsSendsAreListedUnderThemNewestFirst() {
        var hanako = "userpool/ap-northeast-1_Ab12Cd34E/hanako";
        var atTheSecond = NOW.plusSeconds(1);
        var halfASecondLater = NOW.plusMillis(1_500);
        var withinTheSecond = NOW.plusMillis(1_050);
        store.admit(MessageRecord.accepted("second", REQUEST, hanako, atTheSecond), Optional.empty(), Optional.empty(), SENDERS_OWN);
        store.admit(MessageRecord.accepted("fourth", REQUEST, hanako, halfASecondLater), Optional.empty(), Optional.empty(), SENDERS_OWN);
        store.admit(MessageRecord.accepted("third", REQUEST, hanako, withinTheSecond), Optional.empty(), Optional.empty(), SENDERS_OWN);
        store.admit(MessageRecord.accepted("first", REQUEST, hanako, NOW), Optional.empty(), Optional.empty(), SENDERS_OWN);
        store.admit(MessageRecord.accepted("colleagues", REQUEST, "userpool/ap-northeast-1_Ab12Cd34E/taro", NOW),
                Optional.empty(), Optional.empty(), SENDERS_OWN);
        var fourth = MessageRecord.accepted("fourth", REQUEST, hanako, halfASecondLater);
        store.recordSent(fourth.handedOver("provider-4", halfASecondLater, Optional.empty()), Optional.empty(),
                null, Optional.empty());

        assertThat(store.sentBy(hanako, 10)).extracting(view -> view.message().messageId())
                .containsExactly("fourth", "third", "second", "first");
        assertThat(store.sentBy(hanako, 2)).extracting(view -> view.message().messageId()).containsExactly("fourth", "third");
        assertThat(store.sentBy(hanako, 10)).extracting(view -> view.message().status())
                .as("each as its message item holds it now").containsExactly(MessageStatus.SENT, MessageStatus.ACCEPTED,
                        MessageStatus.ACCEPTED, MessageStatus.ACCEPTED);
    }

    /** A workload's sends are not listed: one list of hundreds a second would be a hot partition nothing reads. */
    @Test
    void aWorkloadsSendsAreNotListed() {
        store.admit(accepted("first", NOW), Optional.empty(), Optional.empty(), NONE);

        assertThat(store.sentBy("caller", 10)).isEmpty();
        assertThat(store.find("first")).isPresent();
    }

    /** A send refused at admission (here: the recipient opted out) is neither recorded nor listed. */
    @Test
    void aRefusedSendIsNotListed() {
        var hanako = "userpool/ap-northeast-1_Ab12Cd34E/hanako";
        store.recordOptOut(REQUEST.to(), NOW);

        assertThat(store.admit(MessageRecord.accepted("first", REQUEST, hanako, NOW), Optional.empty(), Optional.empty(),
                SENDERS_OWN)).isEqualTo(new Admission.RecipientOptedOut());
        assertThat(store.sentBy(hanako, 10)).isEmpty();
    }

    private static MessageRecord accepted(String messageId, Instant at) {
        return MessageRecord.accepted(messageId, REQUEST, "caller", at);
    }
}
