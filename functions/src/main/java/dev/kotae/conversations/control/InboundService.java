package dev.kotae.conversations.control;

import dev.kotae.conversations.entity.Decision;
import dev.kotae.conversations.entity.InboundMessage;
import dev.kotae.conversations.entity.RecipientSnapshot;
import dev.kotae.conversations.entity.RecipientSnapshot.ReplyState;
import dev.kotae.messages.control.PreparedReply;
import dev.kotae.messages.control.Replies;
import dev.kotae.messages.entity.MessageRecord;
import dev.kotae.platform.priming.Priming;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;
import dev.kotae.shared.entity.PhoneNumbers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Handles one inbound message once: the decision, its state changes, its events and the record of
 * its answer are committed under the message's id before anything leaves, so a redelivered message
 * changes no state and sends no second answer. A first delivery costs three AWS calls (read the
 * number, commit, send); the events leave from the committed record through the table's stream.
 */
public final class InboundService {

    private static final Logger LOG = LoggerFactory.getLogger(InboundService.class);
    private static final int ATTEMPTS = 3;

    private final ConversationStore store;
    private final InboundDecider decider;
    private final Replies replies;
    private final ProviderOptOuts providerOptOuts;
    private final Clock clock;

    public InboundService(ConversationStore store, InboundDecider decider, Replies replies,
                          ProviderOptOuts providerOptOuts, Clock clock) {
        this.store = store;
        this.decider = decider;
        this.replies = replies;
        this.providerOptOuts = providerOptOuts;
        this.clock = clock;
    }

    /**
     * @return the outcome, for the log
     * @throws KotaeException when a later delivery should try again
     */
    public String handle(InboundMessage message) {
        var outcome = decideAndAct(message);
        // Priming's HELP was never answered: its line says so (and is not an audit line), loading what a real one needs.
        LOG.info("{}: {} from {} to {}, inbound {}", Priming.active() ? "Priming, nothing answered" : "Audit keyword",
                outcome, PhoneNumbers.mask(message.from()),
                PhoneNumbers.mask(message.to()), message.inboundMessageId());
        return outcome;
    }

    /** A number priming's sample HELP comes from: one this deployment may answer. */
    public String sampleNumber() {
        return replies.sampleNumber();
    }

    /** Reports, at deploy time, an origination identity End User Messaging does not know (a read). */
    public void checkOriginationIdentity() {
        replies.checkOriginationIdentity();
    }

    private String decideAndAct(InboundMessage message) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            var now = clock.instant();
            var snapshot = store.load(message.from(), message.inboundMessageId());
            if (snapshot.earlier().isPresent()) {
                return redelivered(message, snapshot.earlier().get());
            }
            var decision = decider.decide(message, snapshot, now);
            var reply = decision.reply().map(planned -> prepare(message, planned, now));
            if (store.commit(message, decision, reply.map(PreparedReply::record), snapshot, now)
                    == ConversationStore.Commit.COMMITTED) {
                act(message, decision, reply, false);
                return decision.outcome().name();
            }
            // Handled meanwhile by another delivery, or the number's state changed: read it again.
        }
        throw KotaeException.retryLater(ErrorCode.STORAGE_UNAVAILABLE, "The number's state kept changing while "
                + "message " + message.inboundMessageId() + " was handled.", Duration.ofSeconds(1), null);
    }

    private String redelivered(InboundMessage message, RecipientSnapshot.Handled earlier) {
        var decision = earlier.decision();
        if (earlier.replyState() == ReplyState.RETRY) {
            act(message, decision, decision.reply().map(planned -> prepare(message, planned, earlier.decidedAt())), true);
            return decision.outcome().name();
        }
        if (earlier.replyState() == ReplyState.PENDING) {
            LOG.warn("Inbound message {} arrived again; its answer was recorded before and is not sent twice (an"
                    + " earlier attempt that stopped between recording and sending leaves it unsent)",
                    message.inboundMessageId());
        }
        return "DUPLICATE";
    }

    /**
     * The provider's opt-out list refuses sends to the numbers on it, so an opt-in leaves the list
     * before its confirmation is sent, and an opt-out joins it only after its confirmation.
     */
    private void act(InboundMessage message, Decision decision, Optional<PreparedReply> reply, boolean retrying) {
        if (decision.providerOptOut() == Decision.ProviderOptOut.REMOVE) {
            providerOptOuts.remove(message.from());
        }
        reply.ifPresent(answer -> send(message, answer, retrying));
        if (decision.providerOptOut() == Decision.ProviderOptOut.ADD) {
            providerOptOuts.add(message.from());
        }
    }

    private void send(InboundMessage message, PreparedReply reply, boolean retrying) {
        MessageRecord sent;
        try {
            sent = replies.send(reply);
        } catch (KotaeException e) {
            // Worth another delivery when nothing was sent and the failure says when to retry
            // (throttled, provider unreachable); a refusal or an unknown outcome is final.
            if (e.retryAfter().isPresent()) {
                store.markReplyForRetry(message);
                throw e;
            }
            LOG.warn("Reply to inbound message {} not sent: {}", message.inboundMessageId(), e.code());
            return;
        }
        if (retrying) {
            try {
                store.recordReplySent(message, sent);
            } catch (RuntimeException e) {
                // The SMS is out: failing now would have the next delivery send it again.
                LOG.error("Reply {} to inbound message {} was sent but not recorded as sent", sent.messageId(),
                        message.inboundMessageId(), e);
            }
        }
    }

    private PreparedReply prepare(InboundMessage message, Decision.PlannedReply planned, Instant decidedAt) {
        return replies.prepare(message.from(), message.to(), planned.text(), message.inboundMessageId(),
                planned.compliance(), decidedAt);
    }
}
