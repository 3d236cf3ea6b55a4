package dev.kotae.conversations.entity;

import dev.kotae.consent.entity.ConsentState;

import java.util.List;
import java.util.Optional;

/**
 * What one inbound message does, decided once and stored with the message's id so that a
 * redelivery repeats the same reply (sent at most once) instead of deciding again.
 *
 * @param outcome          what the message amounted to, for logs and the stored marker
 * @param recipientChange  the opt-out state to move to, if any
 * @param changes          what happens to which conversation
 * @param reply            the one answer, if any
 * @param providerOptOut   what to do on End User Messaging's opt-out list
 * @param events           what downstream systems are told
 */
public record Decision(
        Outcome outcome,
        Optional<RecipientChange> recipientChange,
        List<ConversationChange> changes,
        Optional<PlannedReply> reply,
        ProviderOptOut providerOptOut,
        List<DomainEvent> events,
        Optional<ConsentChange> consentChange) {

    public Decision {
        changes = List.copyOf(changes);
        events = List.copyOf(events);
    }

    /** A decision that leaves the number's consent to marketing as it is. */
    public Decision(Outcome outcome, Optional<RecipientChange> recipientChange, List<ConversationChange> changes,
                    Optional<PlannedReply> reply, ProviderOptOut providerOptOut, List<DomainEvent> events) {
        this(outcome, recipientChange, changes, reply, providerOptOut, events, Optional.empty());
    }

    /** JOIN: the number is asked to confirm it wants marketing, and waits (PENDING) for its YES. */
    public static Decision consentRequested(PlannedReply request, ConsentChange pending) {
        return new Decision(Outcome.CONSENT_REQUESTED, Optional.empty(), List.of(), Optional.of(request),
                ProviderOptOut.NONE, List.of(), Optional.of(pending));
    }

    /** YES within the window after JOIN: the number consents to marketing, with the exchange as proof. */
    public static Decision consentGranted(PlannedReply answer, ConsentChange granted, DomainEvent event) {
        return new Decision(Outcome.CONSENT_GRANTED, Optional.empty(), List.of(), Optional.of(answer),
                ProviderOptOut.NONE, List.of(event), Optional.of(granted));
    }

    /**
     * A change of the number's consent to marketing, kept with the person's words as its proof.
     *
     * @param proof the inbound message and, for a request, the exact text of the confirmation request sent
     */
    public record ConsentChange(ConsentState state, String proof) {
    }

    /** Nothing changes and nobody is answered (STALE, IGNORED_OPTED_OUT, NO_CONVERSATION). */
    public static Decision nothing(Outcome outcome) {
        return new Decision(outcome, Optional.empty(), List.of(), Optional.empty(), ProviderOptOut.NONE, List.of());
    }

    /** Only an answer (HELP, NOTHING_TO_CONFIRM). */
    public static Decision replyOnly(Outcome outcome, PlannedReply reply) {
        return new Decision(outcome, Optional.empty(), List.of(), Optional.of(reply), ProviderOptOut.NONE, List.of());
    }

    /** STOP: the number opts out, its open conversations close, End User Messaging's list gains it. */
    public static Decision optedOut(List<ConversationChange> closed, Optional<PlannedReply> answer,
                                    List<DomainEvent> events) {
        return new Decision(Outcome.OPTED_OUT, Optional.of(RecipientChange.OPT_OUT), closed, answer, ProviderOptOut.ADD,
                events);
    }

    /** STOP from a number already opted out: only its time is kept. */
    public static Decision alreadyOptedOut() {
        return new Decision(Outcome.ALREADY_OPTED_OUT, Optional.of(RecipientChange.KEYWORD_ONLY), List.of(),
                Optional.empty(), ProviderOptOut.NONE, List.of());
    }

    /** START: the number opts back in, End User Messaging's list loses it. */
    public static Decision optedIn(PlannedReply answer, DomainEvent event) {
        return new Decision(Outcome.OPTED_IN, Optional.of(RecipientChange.OPT_IN), List.of(), Optional.of(answer),
                ProviderOptOut.REMOVE, List.of(event));
    }

    /** START from a number already opted in: answered, its time kept. */
    public static Decision alreadyOptedIn(PlannedReply answer) {
        return new Decision(Outcome.ALREADY_OPTED_IN, Optional.of(RecipientChange.KEYWORD_ONLY), List.of(),
                Optional.of(answer), ProviderOptOut.NONE, List.of());
    }

    /** An awaited keyword confirms the conversation. */
    public static Decision confirmed(String conversationId, String keyword, PlannedReply answer, DomainEvent event) {
        return new Decision(Outcome.CONFIRMED, Optional.empty(),
                List.of(new ConversationChange(conversationId, ConversationChange.Kind.CONFIRM, Optional.of(keyword))),
                Optional.of(answer), ProviderOptOut.NONE, List.of(event));
    }

    /** Free text kept on the conversation, whose hint has been sent already. */
    public static Decision textStored(String conversationId) {
        return new Decision(Outcome.TEXT_STORED, Optional.empty(),
                List.of(new ConversationChange(conversationId, ConversationChange.Kind.STORE_TEXT, Optional.empty())),
                Optional.empty(), ProviderOptOut.NONE, List.of());
    }

    /** Free text kept on the conversation, and its one hint sent. */
    public static Decision hint(String conversationId, PlannedReply hint) {
        return new Decision(Outcome.HINT, Optional.empty(), List.of(new ConversationChange(conversationId,
                ConversationChange.Kind.STORE_TEXT_AND_HINT, Optional.empty())), Optional.of(hint),
                ProviderOptOut.NONE, List.of());
    }

    /**
     * A decision as its marker keeps it for later deliveries of the same message: what it amounted
     * to, what to answer, and what it asks of End User Messaging's list and of the event bus.
     */
    public static Decision asRecorded(Outcome outcome, Optional<PlannedReply> reply, ProviderOptOut providerOptOut,
                                      List<DomainEvent> events) {
        return new Decision(outcome, Optional.empty(), List.of(), reply, providerOptOut, events);
    }

    /** What one inbound message amounted to (docs/api.md, "Keywords" and "States"). */
    public enum Outcome {
        /** STOP: opted out, conversations closed. */
        OPTED_OUT,
        /** STOP from a number already opted out: its time is kept. */
        ALREADY_OPTED_OUT,
        /** START: opted back in. */
        OPTED_IN,
        /** START from a number already opted in: answered, its time kept. */
        ALREADY_OPTED_IN,
        /** STOP or START older than the newest one recorded: nothing changes. */
        STALE,
        /** HELP: answered, whatever the number's state. */
        HELP,
        /** An awaited keyword confirmed an open conversation. */
        CONFIRMED,
        /** An awaited keyword with no open conversation awaiting it. */
        NOTHING_TO_CONFIRM,
        /** Anything but STOP, START and HELP from an opted-out number: ignored. */
        IGNORED_OPTED_OUT,
        /** Free text with no open conversation: ignored. */
        NO_CONVERSATION,
        /** Free text kept on the open conversation. */
        TEXT_STORED,
        /** Free text kept, and the conversation's one hint sent. */
        HINT,
        /** JOIN: asked to confirm with YES; consent PENDING. */
        CONSENT_REQUESTED,
        /** YES within the window after JOIN: consent GRANTED. */
        CONSENT_GRANTED,
        /** JOIN from a number that consents already: answered, nothing changes. */
        ALREADY_CONSENTED
    }

    /**
     * OPT_OUT and OPT_IN change the number's state; KEYWORD_ONLY records a STOP or START that found the
     * state already as it asks, so that an older keyword arriving after it cannot undo it either.
     */
    public enum RecipientChange { OPT_OUT, OPT_IN, KEYWORD_ONLY }

    public enum ProviderOptOut { NONE, ADD, REMOVE }

    /** @param keyword the keyword that answered a conversation, or the text's arrival for STORE_TEXT */
    public record ConversationChange(String conversationId, Kind kind, Optional<String> keyword) {
        public enum Kind { CONFIRM, CLOSE, STORE_TEXT, STORE_TEXT_AND_HINT }
    }

    /**
     * @param compliance an opt-out, opt-in or help answer: it goes out even to an opted-out number
     */
    public record PlannedReply(ReplyKind kind, Language language, String text, boolean compliance) {
    }

    /** An EventBridge entry: {@code detail} is JSON. */
    public record DomainEvent(String detailType, String detail) {
    }
}
