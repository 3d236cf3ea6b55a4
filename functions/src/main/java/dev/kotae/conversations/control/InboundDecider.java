package dev.kotae.conversations.control;

import dev.kotae.consent.entity.ConsentEntry;
import dev.kotae.consent.entity.ConsentState;
import dev.kotae.conversations.entity.ConsentEvents;
import dev.kotae.conversations.entity.Decision;
import dev.kotae.conversations.entity.Decision.ConversationChange;
import dev.kotae.conversations.entity.Decision.DomainEvent;
import dev.kotae.conversations.entity.Decision.Outcome;
import dev.kotae.conversations.entity.Decision.PlannedReply;
import dev.kotae.conversations.entity.InboundMessage;
import dev.kotae.conversations.entity.KeywordBook;
import dev.kotae.conversations.entity.KeywordMatch;
import dev.kotae.conversations.entity.Language;
import dev.kotae.conversations.entity.RecipientSnapshot;
import dev.kotae.conversations.entity.ReplyKind;
import dev.kotae.conversations.entity.StoredConversation;
import dev.kotae.platform.encoding.Json;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what one inbound message does, from what is known about its sender, without side effects.
 * The rules (docs/api.md, "Replies: keywords and conversations"): STOP, START and HELP always win; an opted-out sender gets
 * answers to START and HELP only; the newest STOP or START by the person's own time decides, so an
 * older one arriving late is ignored, even when the newer one found nothing to change;
 * free text gets at most one hint per conversation and nothing when no conversation is open.
 */
public final class InboundDecider {

    public static final String CONVERSATION_CONFIRMED = "ConversationConfirmed";
    public static final String RECIPIENT_OPTED_OUT = "RecipientOptedOut";
    public static final String RECIPIENT_OPTED_IN = "RecipientOptedIn";

    private final KeywordBook book;
    private final boolean providerAnswersStop;
    private final Duration consentWindow;

    /**
     * @param providerAnswersStop true when End User Messaging answers STOP itself (self-managed
     *                            opt-outs off on the number), so Kotae must not answer it again
     * @param consentWindow       how long after its JOIN a number's YES confirms its consent to marketing
     */
    public InboundDecider(KeywordBook book, boolean providerAnswersStop, Duration consentWindow) {
        this.book = book;
        this.providerAnswersStop = providerAnswersStop;
        this.consentWindow = consentWindow;
    }

    public Decision decide(InboundMessage message, RecipientSnapshot snapshot, Instant now) {
        var open = snapshot.openAt(now);
        var awaited = open.stream().flatMap(c -> c.conversation().keywords().stream()).toList();
        var match = book.match(message.body(), awaited);
        if (match.isEmpty()) {
            return freeText(message, snapshot, open);
        }
        return switch (match.get().action()) {
            case STOP -> stop(message, snapshot, open, match.get());
            case START -> start(message, snapshot, match.get());
            case HELP -> Decision.replyOnly(Outcome.HELP, reply(ReplyKind.HELP, match.get(), Optional.empty(), true));
            case JOIN -> join(message, snapshot, match.get());
            case CONFIRM -> confirm(message, snapshot, open, match.get());
        };
    }

    private Decision stop(InboundMessage message, RecipientSnapshot snapshot, List<StoredConversation> open,
                          KeywordMatch match) {
        var recipient = snapshot.recipient();
        if (recipient.isNewerThan(message.receivedAt())) {
            return Decision.nothing(Outcome.STALE);
        }
        if (recipient.optedOut()) {
            return Decision.alreadyOptedOut();
        }
        var closed = open.stream()
                .map(c -> new ConversationChange(c.conversationId(), ConversationChange.Kind.CLOSE, Optional.empty()))
                .toList();
        var answer = providerAnswersStop
                ? Optional.<PlannedReply>empty()
                : Optional.of(reply(ReplyKind.OPTED_OUT, match, Optional.empty(), true));
        var events = new ArrayList<DomainEvent>();
        events.add(event(RECIPIENT_OPTED_OUT, message, match, Map.of("optedOutAt", message.receivedAt().toString())));
        if (recipient.consent() == ConsentState.GRANTED || recipient.consent() == ConsentState.PENDING) {
            // The opt-out withdraws consent to marketing as well (the store records it with the opt-out).
            events.add(event(ConsentEvents.CONSENT_REVOKED, message, match, Map.of("revokedAt", message.receivedAt().toString(),
                    "method", ConsentEntry.Method.KEYWORD.name())));
        }
        return Decision.optedOut(closed, answer, events);
    }

    /**
     * JOIN: the person asks for marketing messages. Kotae answers once with a confirmation request naming the brand
     * and how to stop, and the number waits (PENDING) for a YES; one that consents already is told so. An opted-out
     * number is ignored, as any text but STOP, START and HELP is: its START comes first.
     */
    private Decision join(InboundMessage message, RecipientSnapshot snapshot, KeywordMatch match) {
        var recipient = snapshot.recipient();
        if (recipient.optedOut()) {
            return Decision.nothing(Outcome.IGNORED_OPTED_OUT);
        }
        if (recipient.consent() == ConsentState.GRANTED) {
            return Decision.replyOnly(Outcome.ALREADY_CONSENTED, reply(ReplyKind.CONSENT_GRANTED, match, Optional.empty(), false));
        }
        var request = reply(ReplyKind.CONSENT_REQUEST, match, Optional.empty(), false);
        return Decision.consentRequested(request, new Decision.ConsentChange(ConsentState.PENDING, "inbound message "
                + message.inboundMessageId() + ": " + message.body() + " | confirmation request sent: " + request.text()));
    }

    private Decision start(InboundMessage message, RecipientSnapshot snapshot, KeywordMatch match) {
        var recipient = snapshot.recipient();
        if (recipient.isNewerThan(message.receivedAt())) {
            return Decision.nothing(Outcome.STALE);
        }
        var answer = reply(ReplyKind.OPTED_IN, match, Optional.empty(), true);
        if (!recipient.optedOut()) {
            return Decision.alreadyOptedIn(answer);
        }
        return Decision.optedIn(answer,
                event(RECIPIENT_OPTED_IN, message, match, Map.of("optedInAt", message.receivedAt().toString())));
    }

    private Decision confirm(InboundMessage message, RecipientSnapshot snapshot, List<StoredConversation> open,
                             KeywordMatch match) {
        if (snapshot.recipient().optedOut()) {
            return Decision.nothing(Outcome.IGNORED_OPTED_OUT);
        }
        var named = named(message, snapshot);
        // A YES after JOIN confirms the consent, unless an open conversation awaits it (by name, or at all): an
        // appointment's "はい" must not become consent to marketing.
        var awaitedByConversation = named.isPresent() || open.stream().anyMatch(c -> awaits(c, match.keyword()));
        if (!awaitedByConversation && snapshot.recipient().awaitsConsentConfirmation(message.receivedAt(), consentWindow)) {
            var asked = snapshot.recipient().consentChangedAt().orElseThrow();
            return Decision.consentGranted(reply(ReplyKind.CONSENT_GRANTED, match, Optional.empty(), false),
                    new Decision.ConsentChange(ConsentState.GRANTED, "inbound message " + message.inboundMessageId()
                            + ": " + message.body() + " | in answer to the confirmation request sent at " + asked),
                    event(ConsentEvents.CONSENT_GRANTED, message, match, Map.of("grantedAt",
                            message.receivedAt().toString(), "method", ConsentEntry.Method.KEYWORD.name())));
        }
        var target = named.isPresent()
                ? named.filter(open::contains).filter(c -> awaits(c, match.keyword()))
                : open.stream().filter(c -> awaits(c, match.keyword())).findFirst();
        if (target.isEmpty()) {
            return Decision.replyOnly(Outcome.NOTHING_TO_CONFIRM,
                    reply(ReplyKind.NOTHING_TO_CONFIRM, match, Optional.empty(), false));
        }
        var conversation = target.get().conversation();
        var detail = new LinkedHashMap<String, String>();
        detail.put("conversationId", conversation.conversationId());
        detail.put("messageId", conversation.messageId());
        conversation.reference().ifPresent(reference -> detail.put("reference", reference));
        detail.put("confirmedAt", message.receivedAt().toString());
        return Decision.confirmed(conversation.conversationId(), match.keyword(),
                reply(ReplyKind.CONFIRMED, match, conversation.reference(), false),
                event(CONVERSATION_CONFIRMED, message, match, detail));
    }

    private Decision freeText(InboundMessage message, RecipientSnapshot snapshot, List<StoredConversation> open) {
        if (snapshot.recipient().optedOut()) {
            return Decision.nothing(Outcome.IGNORED_OPTED_OUT);
        }
        var target = named(message, snapshot).filter(open::contains).or(() -> open.stream().findFirst());
        if (target.isEmpty()) {
            return Decision.nothing(Outcome.NO_CONVERSATION);
        }
        var conversation = target.get();
        if (conversation.hintSent()) {
            return Decision.textStored(conversation.conversationId());
        }
        var language = Language.of(message.body());
        var keyword = conversation.conversation().keywords().stream()
                .filter(k -> Language.of(k) == language)
                .findFirst()
                .or(() -> conversation.conversation().keywords().stream().findFirst());
        var hint = new PlannedReply(ReplyKind.HINT, language,
                book.reply(ReplyKind.HINT, language, Optional.empty(), keyword), false);
        return Decision.hint(conversation.conversationId(), hint);
    }

    /** The conversation opened by the message this one answers, whatever its state. */
    private static Optional<StoredConversation> named(InboundMessage message, RecipientSnapshot snapshot) {
        return message.previousPublishedMessageId().flatMap(id -> snapshot.conversations().stream()
                .filter(c -> c.providerMessageId().filter(id::equals).isPresent())
                .findFirst());
    }

    /** A conversation waits for its own keywords, and for any CONFIRM synonym when it waits for one. */
    private boolean awaits(StoredConversation conversation, String keyword) {
        var keywords = conversation.conversation().keywords();
        return keywords.contains(keyword)
                || (book.isConfirmSynonym(keyword) && keywords.stream().anyMatch(book::isConfirmSynonym));
    }

    private PlannedReply reply(ReplyKind kind, KeywordMatch match, Optional<String> reference, boolean compliance) {
        return new PlannedReply(kind, match.language(),
                book.reply(kind, match.language(), reference, Optional.empty()), compliance);
    }

    private static DomainEvent event(String detailType, InboundMessage message, KeywordMatch match,
                                     Map<String, String> specific) {
        var detail = Json.MAPPER.createObjectNode()
                .put("phoneNumber", message.from())
                .put("keyword", match.keyword())
                .put("inboundMessageId", message.inboundMessageId());
        specific.forEach(detail::put);
        return new DomainEvent(detailType, detail.toString());
    }
}
