package dev.kotae.conversations.control;

import dev.kotae.consent.entity.ConsentState;
import dev.kotae.conversations.entity.ConversationState;
import dev.kotae.conversations.entity.Decision.Outcome;
import dev.kotae.conversations.entity.InboundMessage;
import dev.kotae.conversations.entity.RecipientSnapshot;
import dev.kotae.conversations.entity.RecipientState;
import dev.kotae.conversations.entity.StoredConversation;
import dev.kotae.messages.entity.Conversation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decision alone, no storage: (the number's state, its conversation, the text, when) → outcome,
 * one row per line of docs/api.md's keyword rules. Milliseconds, so every rule has its row.
 */
class InboundDeciderTest {

    private static final String PERSON = "+819012345678";
    private static final Instant NOW = Instant.parse("2026-11-22T03:20:00Z");
    private static final InboundDecider DECIDER = new InboundDecider(
            KeywordBooks.load("Sakura Clinic", "help@example.com", Optional.empty()), false,
            Duration.ofHours(24));

    /**
     * @param recipient    {@code in}, {@code out}, or either with {@code @later}: its newest STOP or START
     *                     was sent after this message; with {@code +granted} it consents to marketing, with
     *                     {@code +pending} it sent JOIN an hour ago, with {@code +pending@stale} two days ago and
     *                     with {@code +pending@asked-after} it was asked a minute after this message was sent
     * @param conversation {@code none}, {@code open} (awaiting CONFIRM or はい), {@code hinted} (open, its one
     *                     hint already sent) or {@code expired}
     */
    @ParameterizedTest(name = "{0}, {1}, \"{2}\" → {3}")
    @CsvSource(delimiter = '|', textBlock = """
            in         | none    | STOP          | OPTED_OUT
            in         | open    | 停止           | OPTED_OUT
            out        | none    | STOP          | ALREADY_OPTED_OUT
            in@later   | none    | STOP          | STALE
            out        | none    | START         | OPTED_IN
            in         | none    | START         | ALREADY_OPTED_IN
            out@later  | none    | START         | STALE
            in         | none    | HELP          | HELP
            out        | none    | ヘルプ          | HELP
            in         | open    | CONFIRM       | CONFIRMED
            in         | open    | ＣＯＮＦＩＲＭ      | CONFIRMED
            in         | hinted  | see you then  | TEXT_STORED
            in         | open    | はい！          | CONFIRMED
            in         | expired | CONFIRM       | NOTHING_TO_CONFIRM
            in         | none    | CONFIRM       | NOTHING_TO_CONFIRM
            out        | open    | CONFIRM       | IGNORED_OPTED_OUT
            in         | open    | see you then  | HINT
            in         | none    | see you then  | NO_CONVERSATION
            out        | none    | see you then  | IGNORED_OPTED_OUT
            in         | none    | JOIN          | CONSENT_REQUESTED
            in         | open    | 登録           | CONSENT_REQUESTED
            in+granted | none    | JOIN          | ALREADY_CONSENTED
            out        | none    | JOIN          | IGNORED_OPTED_OUT
            in+pending | none    | YES           | CONSENT_GRANTED
            in+pending | none    | はい           | CONSENT_GRANTED
            in+pending | open    | はい           | CONFIRMED
            in+pending@stale | none | YES        | NOTHING_TO_CONFIRM
            in+pending@asked-after | none | YES  | NOTHING_TO_CONFIRM
            in+pending | none    | see you then  | NO_CONVERSATION
            in+granted | none    | YES           | NOTHING_TO_CONFIRM
            """)
    void decides(String recipient, String conversation, String text, Outcome outcome) {
        var decision = DECIDER.decide(message(text), snapshot(recipient, conversation), NOW);

        assertThat(decision.outcome()).isEqualTo(outcome);
    }

    /**
     * Every event the decider publishes is what its schema in {@code docs/events/} promises
     * subscribers: the detail type names the schema, and the detail validates against it.
     */
    @ParameterizedTest(name = "{0}, {1}, \"{2}\" → {3}")
    @CsvSource(delimiter = '|', textBlock = """
            in         | open    | STOP          | RecipientOptedOut
            in         | none    | 停止           | RecipientOptedOut
            out        | none    | START         | RecipientOptedIn
            in         | open    | CONFIRM       | ConversationConfirmed
            in         | open    | はい           | ConversationConfirmed
            in+pending | none    | YES           | ConsentGranted
            """)
    void publishesEventsTheirSchemasDescribe(String recipient, String conversation, String text, String detailType)
            throws IOException {
        var events = DECIDER.decide(message(text), snapshot(recipient, conversation), NOW).events();

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.detailType()).isEqualTo(detailType);
            assertThat(EventSchemas.errors(event)).isEmpty();
        });
    }

    /**
     * Two conversations open at once: the older (opened by provider message {@code older}) awaits RESCHEDULE,
     * the newer ({@code newer}) CONFIRM and はい. A reply naming the message it answers goes to that conversation
     * only; an unnamed one to the newest that awaits its keyword; a keyword no open conversation awaits (or not
     * the named one) confirms nothing.
     *
     * @param answers the provider message the reply names ({@code previousPublishedMessageId}), or {@code -}
     */
    @ParameterizedTest(name = "\"{0}\" answering {1} → {2} {3}")
    @CsvSource(delimiter = '|', textBlock = """
            RESCHEDULE | -     | CONFIRMED          | older
            RESCHEDULE | older | CONFIRMED          | older
            CONFIRM    | -     | CONFIRMED          | newer
            CONFIRM    | newer | CONFIRMED          | newer
            CONFIRM    | older | NOTHING_TO_CONFIRM | -
            RESCHEDULE | newer | NOTHING_TO_CONFIRM | -
            """)
    void withTwoConversationsOpenAReplyConfirmsTheOneItAnswersOrTheNewestAwaitingIt(String text, String answers,
                                                                                 Outcome outcome, String confirmed) {
        var message = new InboundMessage("inbound-1", PERSON, "+815012345678", text,
                Optional.of(answers).filter(named -> !named.equals("-")), NOW);
        var older = new StoredConversation(new Conversation("older", PERSON, "message-older", List.of("RESCHEDULE"),
                Optional.of("appt-1"), NOW.minus(Duration.ofHours(2)), NOW.plus(Duration.ofHours(1))),
                ConversationState.OPEN, Optional.of("older"), false, Optional.empty(), Optional.empty(), Optional.empty());
        var newer = new StoredConversation(new Conversation("newer", PERSON, "message-newer", List.of("CONFIRM", "はい"),
                Optional.of("appt-2"), NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(1))),
                ConversationState.OPEN, Optional.of("newer"), false, Optional.empty(), Optional.empty(), Optional.empty());
        var snapshot = new RecipientSnapshot(new RecipientState(PERSON, false, Optional.empty(), Optional.empty(), 1),
                List.of(older, newer), Optional.empty());

        var decision = DECIDER.decide(message, snapshot, NOW);

        assertThat(decision.outcome()).isEqualTo(outcome);
        assertThat(decision.changes()).extracting(change -> change.conversationId())
                .isEqualTo(confirmed.equals("-") ? List.of() : List.of(confirmed));
    }

    /** A STOP from a number that consents withdraws that too, and says so to subscribers. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"in+granted", "in+pending"})
    void aStopFromANumberThatConsentsRevokesItInItsEvents(String recipient) throws IOException {
        var events = DECIDER.decide(message("STOP"), snapshot(recipient, "none"), NOW).events();

        assertThat(events).extracting(event -> event.detailType()).containsExactly("RecipientOptedOut", "ConsentRevoked");
        assertThat(events).allSatisfy(event -> assertThat(EventSchemas.errors(event)).isEmpty());
    }

    /** The deployment's window ({@code kotae:consentWindowHours}) decides: a YES an hour after JOIN, with a window of one hour and of less. */
    @Test
    void aYesConfirmsWithinTheDeploymentsWindowOnly() {
        var book = KeywordBooks.load("Sakura Clinic", "help@example.com", Optional.empty());

        assertThat(new InboundDecider(book, false, Duration.ofHours(1)).decide(message("YES"), snapshot("in+pending", "none"), NOW)
                .outcome()).isEqualTo(Outcome.CONSENT_GRANTED);
        assertThat(new InboundDecider(book, false, Duration.ofMinutes(59)).decide(message("YES"), snapshot("in+pending", "none"),
                NOW).outcome()).isEqualTo(Outcome.NOTHING_TO_CONFIRM);
    }

    /** JOIN's answer names the brand and how to stop, and its proof keeps that exact text. */
    @Test
    void aJoinIsAskedToConfirmWithTheBrandAndHowToStop() {
        var decision = DECIDER.decide(message("JOIN"), snapshot("in", "none"), NOW);

        assertThat(decision.reply().orElseThrow().text()).contains("Sakura Clinic").contains("Reply YES").contains("STOP");
        assertThat(decision.consentChange().orElseThrow().proof()).contains("inbound-1: JOIN")
                .contains(decision.reply().orElseThrow().text());
        var japanese = DECIDER.decide(message("登録"), snapshot("in", "none"), NOW);
        assertThat(japanese.reply().orElseThrow().text()).contains("「はい」").contains("停止");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"HELP", "see you then"})
    void decisionsThatChangeNothingSubscribersKeepPublishNothing(String text) {
        assertThat(DECIDER.decide(message(text), snapshot("in", "open"), NOW).events()).isEmpty();
    }

    private static InboundMessage message(String text) {
        return new InboundMessage("inbound-1", PERSON, "+815012345678", text, Optional.empty(), NOW);
    }

    private static RecipientSnapshot snapshot(String recipient, String conversation) {
        var optedOut = recipient.startsWith("out");
        var newestKeyword = recipient.endsWith("@later") ? Optional.of(NOW.plusSeconds(20)) : Optional.<Instant>empty();
        var consent = recipient.contains("+granted") ? ConsentState.GRANTED
                : recipient.contains("+pending") ? ConsentState.PENDING : ConsentState.NONE;
        var asked = recipient.endsWith("@stale") ? NOW.minus(Duration.ofDays(2))
                : recipient.endsWith("@asked-after") ? NOW.plus(Duration.ofMinutes(1)) : NOW.minus(Duration.ofHours(1));
        var state = new RecipientState(PERSON, optedOut, optedOut ? Optional.of(NOW.minusSeconds(600)) : Optional.empty(),
                newestKeyword, 1, consent, consent == ConsentState.NONE ? Optional.empty() : Optional.of(asked));
        var conversations = switch (conversation) {
            case "open" -> List.of(stored(NOW.plus(Duration.ofHours(1)), false));
            case "hinted" -> List.of(stored(NOW.plus(Duration.ofHours(1)), true));
            case "expired" -> List.of(stored(NOW.minusSeconds(1), false));
            default -> List.<StoredConversation>of();
        };
        return new RecipientSnapshot(state, conversations, Optional.empty());
    }

    private static StoredConversation stored(Instant expiresAt, boolean hintSent) {
        return new StoredConversation(new Conversation("conversation-1", PERSON, "message-1", List.of("CONFIRM", "はい"),
                Optional.of("appt-123"), NOW.minus(Duration.ofHours(1)), expiresAt), ConversationState.OPEN,
                Optional.of("provider-1"), hintSent, Optional.empty(), Optional.empty(), Optional.empty());
    }
}
