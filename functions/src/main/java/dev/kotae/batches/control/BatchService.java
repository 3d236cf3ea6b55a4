package dev.kotae.batches.control;

import dev.kotae.batches.entity.Batch;
import dev.kotae.batches.entity.BatchEntry;
import dev.kotae.batches.entity.BatchProgress;
import dev.kotae.batches.entity.BatchRequest;
import dev.kotae.batches.entity.BatchStatus;
import dev.kotae.batches.entity.RejectedEntry;
import dev.kotae.messages.control.MessageScheduler;
import dev.kotae.messages.control.PromotionalContent;
import dev.kotae.messages.control.QuotaUse;
import dev.kotae.messages.entity.CallerQuota;
import dev.kotae.messages.entity.MessageType;
import dev.kotae.messages.entity.QuietHours;
import dev.kotae.messages.entity.Principals;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Takes a whole list of messages at once and puts its valid entries on the batch queue, for the
 * {@link BatchSender} to deliver at the number's pace; shows and stops batches.
 */
public final class BatchService {

    private static final Logger LOG = LoggerFactory.getLogger(BatchService.class);

    /**
     * Schedules created (or deleted) at once for a batch sent later: a thousand in a few seconds, far under
     * CreateSchedule's and DeleteSchedule's rate quotas (EventBridge Scheduler User Guide, "Quotas": 1,000 a
     * second and more).
     */
    static final int SCHEDULING_THREADS = 16;

    private final BatchStore store;
    private final MarketingConsent consent;
    private final PromotionalContent promotional;
    private final QuietHours quietHours;
    private final EntryQueue queue;
    private final MessageScheduler schedules;
    private final Optional<CallerQuota> quota;
    private final Set<String> cancelAnyPrincipals;
    private final int partsPerSecond;
    private final Clock clock;

    /**
     * @param schedules           holds the entries of a batch sent later, each until its {@code sendAt}, then
     *                            puts it on the batch queue
     * @param quota               how many messages each caller may send per UTC day, if the deployment limits it
     * @param cancelAnyPrincipals role ARNs and account ids that may cancel any caller's batches
     * @param partsPerSecond      the sender's pace, for the time the last entry is expected to leave
     */
    public BatchService(BatchStore store, EntryQueue queue, MessageScheduler schedules, Optional<CallerQuota> quota,
                        MarketingConsent consent, PromotionalContent promotional, QuietHours quietHours,
                        Set<String> cancelAnyPrincipals, int partsPerSecond, Clock clock) {
        this.store = store;
        this.consent = consent;
        this.promotional = promotional;
        this.quietHours = quietHours;
        this.queue = queue;
        this.schedules = schedules;
        this.quota = quota;
        this.cancelAnyPrincipals = Set.copyOf(cancelAnyPrincipals);
        this.partsPerSecond = partsPerSecond;
        this.clock = clock;
    }

    /**
     * A marketing batch's entries as they may go out: with the deployment's footer where a body lacks the sender's
     * name or how to stop, or refused as a single send of it would be ({@code INVALID_BODY}) where there is none.
     */
    private BatchRequest withPromotionalContent(BatchRequest request) {
        var checked = new ArrayList<BatchEntry>();
        var refused = new ArrayList<RejectedEntry>();
        for (var entry : request.accepted()) {
            try {
                checked.add(new BatchEntry(entry.index(), promotional.checked(entry.request())));
            } catch (KotaeException lacking) {
                refused.add(new RejectedEntry(entry.index(), lacking.code(), "Entry " + entry.index() + ": "
                        + lacking.getMessage(), Optional.of("body")));
            }
        }
        return new BatchRequest(request.size(), checked, request.rejected(), request.sendAt()).refusing(refused);
    }

    /**
     * A marketing batch's entries whose recipient does not consent, refused as a single send would be
     * ({@code CONSENT_REQUIRED}): nothing is recorded, counted or sent for them. Checked again when each entry's turn
     * comes, in the transaction that records it, for a consent withdrawn meanwhile.
     */
    private BatchRequest withConsent(BatchRequest request) {
        var marketing = request.accepted().stream()
                .filter(entry -> entry.request().type() == MessageType.PROMOTIONAL).toList();
        if (marketing.isEmpty()) {
            return request;
        }
        var consenting = consent.consenting(marketing.stream().map(entry -> entry.request().to())
                .collect(Collectors.toSet()));
        return request.refusing(marketing.stream().filter(entry -> !consenting.contains(entry.request().to()))
                .map(entry -> new RejectedEntry(entry.index(), ErrorCode.CONSENT_REQUIRED, "Entry " + entry.index()
                        + ": the recipient has not consented to marketing messages (PROMOTIONAL).", Optional.of("to")))
                .toList());
    }

    /**
     * Records the batch, counting its valid entries against the caller's day (the day of its
     * {@code sendAt}) all at once, and queues them, or with a {@code sendAt} gives each its schedule.
     * With an idempotency key the batch's id derives from it: a retry answers the first attempt's batch,
     * and finishes queuing or scheduling it if that attempt stopped half-way.
     *
     * @return the batch, QUEUED or SCHEDULED (or as it stands, for a retry)
     * @throws KotaeException CALLER_QUOTA_EXCEEDED, IDEMPOTENCY_KEY_REUSED, or UPSTREAM_UNAVAILABLE when
     *                        the queue did not take every entry (retry with the same key to finish)
     */
    public Batch create(BatchRequest asSent, String caller, Optional<String> idempotencyKey) {
        var now = clock.instant();
        var batchId = idempotencyKey.map(key -> UUID.nameUUIDFromBytes(("kotae-batch:" + caller + "\n" + key)
                .getBytes(StandardCharsets.UTF_8)).toString()).orElseGet(() -> UUID.randomUUID().toString());
        var request = withConsent(withPromotionalContent(asSent));
        var batch = Batch.accepting(batchId, caller, request, asSent.fingerprint(), now);
        var principal = Principals.of(caller);
        var day = CallerQuota.dayOf(request.sendAt().orElse(now));
        var use = quota.filter(limits -> batch.accepted() > 0).map(limits -> new QuotaUse(principal, day,
                limits.limitFor(principal), batch.accepted()));
        if (use.filter(counted -> !counted.fitsADay()).isPresent()) {
            throw new KotaeException(ErrorCode.CALLER_QUOTA_EXCEEDED, "This batch has " + batch.accepted()
                    + " valid entries; this caller may send at most " + use.get().limit() + " messages a day. Split it"
                    + " across days, or ask for a higher limit (kotae:callerDailyLimitOverrides).", "messages");
        }
        var created = store.create(batch, use);
        var queuing = batch;
        if (created instanceof BatchStore.Creation.Exists exists) {
            if (!exists.existing().fingerprint().equals(batch.fingerprint())) {
                throw new KotaeException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                        "This Idempotency-Key was already used with a different batch.", "Idempotency-Key");
            }
            if (exists.existing().status() != BatchStatus.ACCEPTING) {
                return exists.existing();
            }
            // The first attempt stopped before queuing everything: queue again (an entry queued twice is sent once).
            queuing = exists.existing();
        } else if (created instanceof BatchStore.Creation.CallerQuotaExceeded) {
            if (request.sendAt().isPresent()) {
                throw new KotaeException(ErrorCode.CALLER_QUOTA_EXCEEDED, "This caller already has too many messages"
                        + " going out on " + day + " (UTC) for " + batch.accepted() + " more (its limit is "
                        + use.orElseThrow().limit() + ").", "sendAt");
            }
            throw KotaeException.retryLater(ErrorCode.CALLER_QUOTA_EXCEEDED, "This caller's day has no room for "
                    + batch.accepted() + " more messages (its limit is " + use.orElseThrow().limit() + "); send fewer,"
                    + " or again when the UTC day ends.", CallerQuota.untilTheDayEnds(now), null);
        }
        // A retry queues what the first attempt accepted, whatever consent changed since.
        var accepted = Set.copyOf(queuing.acceptedIndexes());
        var entries = request.accepted().stream().filter(entry -> accepted.contains(entry.index()))
                .map(entry -> new QueuedEntry(batchId, entry.index(), caller, entry.request(), 0)).toList();
        try {
            var due = request.sendAt().orElse(now);
            var nightEnds = nightEnds(entries, due);
            var dueNow = entries.stream().filter(entry -> !nightEnds.containsKey(entry)).toList();
            if (request.sendAt().isPresent()) {
                holdUntil(request.sendAt().get(), dueNow);
            } else if (!dueNow.isEmpty()) {
                queue.enqueue(dueNow);
            }
            hold(nightEnds);
        } catch (KotaeException notHeld) {
            LOG.error("Batch {} is only partly queued or scheduled: {}", batchId, notHeld.getMessage());
            throw KotaeException.retryLater(ErrorCode.UPSTREAM_UNAVAILABLE, "Batch " + batchId + " could not be"
                    + " queued or scheduled whole: " + notHeld.getMessage() + " Retry with the same Idempotency-Key"
                    + " to finish (nothing is sent twice), or cancel it with DELETE /batches/" + batchId + ".",
                    notHeld.retryAfter().orElse(Duration.ofSeconds(1)), notHeld);
        }
        var heldAt = clock.instant();
        if (!store.markHeld(batchId, batch.held(), heldAt)) {
            // Canceled while its entries were being queued: they will not be sent.
            return find(batchId);
        }
        LOG.info("Audit batch: {} by {}: {} entries {}, {} refused, {} parts", batchId, caller, batch.accepted(),
                batch.held(), batch.rejected().size(), batch.parts());
        return queuing.withStatus(batch.held(), heldAt);
    }

    /**
     * A batch's entries due in their recipient's night (marketing, or asked to wait for the day), each with when its
     * night ends there: they wait in a schedule of their own, as a batch sent later does, and join the queue then.
     */
    private Map<QueuedEntry, Instant> nightEnds(List<QueuedEntry> entries, Instant due) {
        var held = new LinkedHashMap<QueuedEntry, Instant>();
        for (var entry : entries) {
            quietHours.holdOf(entry.request(), due, clock.instant()).ifPresent(until -> held.put(entry, until));
        }
        return held;
    }

    private void holdUntil(Instant at, List<QueuedEntry> entries) {
        hold(entries.stream().collect(Collectors.toMap(entry -> entry, entry -> at, (a, b) -> a, LinkedHashMap::new)));
    }

    /**
     * One schedule per entry, named by the entry's message id, which puts the entry on the batch queue at its time:
     * the sender then paces them as any other.
     *
     * @throws KotaeException the first refusal, once every entry was tried
     */
    private void hold(Map<QueuedEntry, Instant> until) {
        var failures = forEachAtOnce(List.copyOf(until.entrySet()),
                held -> schedules.hold(held.getKey().messageId(), held.getValue(), held.getKey().write()));
        if (!failures.isEmpty()) {
            throw failures.get(0) instanceof KotaeException refused ? refused
                    : KotaeException.retryLater(ErrorCode.UPSTREAM_UNAVAILABLE, "EventBridge Scheduler did not create"
                    + " every schedule.", Duration.ofSeconds(1), failures.get(0));
        }
    }

    /**
     * Deletes the schedules of a canceled batch's entries, which would otherwise fire at {@code sendAt} only
     * to find the batch canceled. Best effort, as creation is: an entry whose schedule stays is still not sent.
     */
    private void unschedule(Batch batch) {
        var ids = batch.acceptedIndexes().stream().map(index -> BatchEntry.messageId(batch.batchId(), index)).toList();
        var failures = forEachAtOnce(ids, schedules::unschedule);
        if (!failures.isEmpty()) {
            LOG.warn("Batch {}: {} of {} schedules not deleted ({}); their entries will find the batch canceled",
                    batch.batchId(), failures.size(), ids.size(), failures.get(0).toString());
        }
    }

    /**
     * Runs {@code work} on every item, {@value #SCHEDULING_THREADS} at a time, and answers what failed, in
     * the items' order.
     */
    private static <T> List<Throwable> forEachAtOnce(List<T> items, java.util.function.Consumer<T> work) {
        var pool = Executors.newFixedThreadPool(SCHEDULING_THREADS);
        try {
            var running = new ArrayList<Future<?>>();
            items.forEach(item -> running.add(pool.submit(() -> work.accept(item))));
            var failures = new ArrayList<Throwable>();
            for (var one : running) {
                try {
                    one.get();
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
            return failures;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling EventBridge Scheduler for a batch", interrupted);
        } finally {
            pool.shutdownNow();
        }
    }

    /** @throws KotaeException BATCH_NOT_FOUND */
    public BatchProgress progress(String batchId) {
        var batch = find(batchId);
        return BatchProgress.of(batch, store.entries(batch), clock.instant(), partsPerSecond);
    }

    /**
     * Stops a batch: entries not handed over yet never will be, and the schedules of a batch sent later are
     * deleted. Only the principal that sent it may (a role's sessions count as the role), or one of
     * {@code cancelAnyPrincipals}. Canceling twice is harmless.
     *
     * @return the batch's progress, CANCELED
     * @throws KotaeException BATCH_NOT_FOUND or CANCEL_NOT_ALLOWED
     */
    public BatchProgress cancel(String batchId, String caller) {
        var batch = find(batchId);
        if (!Principals.mayCancel(batch.caller(), caller, cancelAnyPrincipals)) {
            throw new KotaeException(ErrorCode.CANCEL_NOT_ALLOWED, "Only the principal that sent batch " + batchId
                    + " may cancel it.");
        }
        if (store.cancel(batchId, clock.instant())) {
            LOG.info("Audit batch cancel: {} by {}", batchId, caller);
            if (batch.sendAt().filter(clock.instant()::isBefore).isPresent()) {
                unschedule(batch);
            }
        }
        return progress(batchId);
    }

    private Batch find(String batchId) {
        return store.find(batchId).orElseThrow(() -> new KotaeException(ErrorCode.BATCH_NOT_FOUND,
                "No batch has this id.", "batchId"));
    }
}
