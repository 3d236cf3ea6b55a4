package dev.kotae.conversations.control;

import dev.kotae.conversations.entity.Decision;
import dev.kotae.conversations.entity.InboundMessage;
import dev.kotae.messages.control.MessageService;
import dev.kotae.messages.entity.ErrorCode;
import dev.kotae.messages.entity.KotaeException;
import dev.kotae.messages.entity.PhoneNumbers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * Handles one inbound message exactly once: the decision and its state changes are committed
 * with the message's id before anything leaves, and the reply is keyed by the same id, so a
 * redelivered message changes no state and sends no second reply.
 */
public final class InboundService {

    private static final Logger LOG = LoggerFactory.getLogger(InboundService.class);
    private static final int ATTEMPTS = 3;

    private final ConversationStore store;
    private final InboundDecider decider;
    private final MessageService messages;
    private final ProviderOptOuts providerOptOuts;
    private final ConversationEvents events;
    private final Clock clock;

    public InboundService(ConversationStore store, InboundDecider decider, MessageService messages,
                          ProviderOptOuts providerOptOuts, ConversationEvents events, Clock clock) {
        this.store = store;
        this.decider = decider;
        this.messages = messages;
        this.providerOptOuts = providerOptOuts;
        this.events = events;
        this.clock = clock;
    }

    /**
     * @return the outcome, for the log
     * @throws KotaeException when a later delivery should try again
     */
    public String handle(InboundMessage message) {
        var outcome = decideAndSettle(message);
        LOG.info("Audit keyword: {} from {} to {}, inbound {}", outcome, PhoneNumbers.mask(message.from()),
                PhoneNumbers.mask(message.to()), message.inboundMessageId());
        return outcome;
    }

    /**
     * The reads and the decision for {@code sample}, for SnapStart priming: nothing is committed,
     * answered or published.
     */
    public void prime(InboundMessage sample) {
        decider.decide(sample, store.read(sample.from()), clock.instant());
        messages.prime();
    }

    private String decideAndSettle(InboundMessage message) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            var now = clock.instant();
            var snapshot = store.load(message.from(), message.inboundMessageId());
            if (snapshot.earlier().isPresent()) {
                var earlier = snapshot.earlier().get();
                if (earlier.settled()) {
                    return "DUPLICATE";
                }
                settle(message, earlier.decision());
                return earlier.decision().outcome();
            }
            var decision = decider.decide(message, snapshot, now);
            if (store.commit(message, decision, snapshot, now) == ConversationStore.Commit.COMMITTED) {
                settle(message, decision);
                return decision.outcome();
            }
            // Another delivery or another message changed this number meanwhile: read it again.
        }
        throw KotaeException.retryLater(ErrorCode.STORAGE_UNAVAILABLE, "The number's state kept changing while "
                + "message " + message.inboundMessageId() + " was handled.", Duration.ofSeconds(1), null);
    }

    /**
     * The provider's opt-out list refuses sends to the numbers on it, so an opt-in leaves the list
     * before its confirmation is sent, and an opt-out joins it only after its confirmation.
     */
    private void settle(InboundMessage message, Decision decision) {
        if (decision.providerOptOut() == Decision.ProviderOptOut.REMOVE) {
            providerOptOuts.remove(message.from());
        }
        decision.reply().ifPresent(reply -> {
            try {
                messages.reply(message.from(), message.to(), reply.text(), message.inboundMessageId(), reply.compliance());
            } catch (KotaeException e) {
                // Worth another delivery when the failure says when to retry (throttled, store down,
                // provider unreachable); a refusal or an unknown outcome is final for this message.
                if (e.retryAfter().isPresent()) {
                    throw e;
                }
                LOG.warn("Reply to inbound message {} not sent: {}", message.inboundMessageId(), e.code());
            }
        });
        if (decision.providerOptOut() == Decision.ProviderOptOut.ADD) {
            providerOptOuts.add(message.from());
        }
        events.publish(decision.events());
        store.markSettled(message);
    }
}
