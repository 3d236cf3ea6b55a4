package dev.kotae.store;

import dev.kotae.LocalStandIns;
import dev.kotae.Wiring;
import dev.kotae.conversations.control.ConversationStore;
import dev.kotae.conversations.entity.Decision;
import dev.kotae.conversations.entity.InboundMessage;
import dev.kotae.conversations.entity.Language;
import dev.kotae.conversations.entity.RecipientSnapshot;
import dev.kotae.conversations.entity.ReplyKind;
import dev.kotae.messages.control.Replies;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commit's guards against what changed since the number was read: a STOP handled between the
 * read and the commit of another message's decision.
 */
class DynamoConversationStoreTest {

    private static final String PERSON = "+819012345678";
    private static final Instant NOW = Instant.parse("2026-11-22T03:20:00Z");

    private ConversationStore store;
    private Replies replies;

    @BeforeEach
    void deploy() {
        var wiring = Wiring.from(LocalStandIns.start().freshDeployment(), Clock.systemUTC());
        store = wiring.conversationStore();
        replies = wiring.replies();
    }

    @Test
    void anAnswerOnlyOptedInNumbersGetIsNotCommittedAfterAStopHandledMeanwhile() {
        var message = message("nothing-to-confirm");
        var basis = store.load(PERSON, message.inboundMessageId());
        optOutMeanwhile();

        var commit = commitAnswer(message, basis, false);

        assertThat(commit).isEqualTo(ConversationStore.Commit.CONFLICT);
    }

    @Test
    void aComplianceAnswerIsCommittedAfterAStopHandledMeanwhile() {
        var message = message("help");
        var basis = store.load(PERSON, message.inboundMessageId());
        optOutMeanwhile();

        var commit = commitAnswer(message, basis, true);

        assertThat(commit).isEqualTo(ConversationStore.Commit.COMMITTED);
    }

    private ConversationStore.Commit commitAnswer(InboundMessage message,
                                                  RecipientSnapshot basis,
                                                  boolean compliance) {
        var planned = new Decision.PlannedReply(compliance ? ReplyKind.HELP : ReplyKind.NOTHING_TO_CONFIRM,
                Language.EN, "an answer", compliance);
        var reply = replies.prepare(PERSON, message.to(), planned.text(), message.inboundMessageId(), compliance, NOW);
        return store.commit(message, Decision.replyOnly(compliance ? Decision.Outcome.HELP : Decision.Outcome.NOTHING_TO_CONFIRM, planned), Optional.of(reply.record()), basis, NOW);
    }

    private void optOutMeanwhile() {
        var stop = message("stop");
        var decision = new Decision(Decision.Outcome.OPTED_OUT, Optional.of(Decision.RecipientChange.OPT_OUT), List.of(),
                Optional.empty(), Decision.ProviderOptOut.NONE, List.of());
        assertThat(store.commit(stop, decision, Optional.empty(), store.load(PERSON, stop.inboundMessageId()), NOW))
                .isEqualTo(ConversationStore.Commit.COMMITTED);
    }

    private static InboundMessage message(String id) {
        return new InboundMessage(id, PERSON, LocalStandIns.OUR_NUMBER, "text", Optional.empty(), NOW);
    }
}
