package dev.kotae.conversations.entity;

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
        List<DomainEvent> events) {

    public Decision {
        changes = List.copyOf(changes);
        events = List.copyOf(events);
    }

    public static Decision nothing(Outcome outcome) {
        return new Decision(outcome, Optional.empty(), List.of(), Optional.empty(), ProviderOptOut.NONE, List.of());
    }

    public static Decision replyOnly(Outcome outcome, PlannedReply reply) {
        return new Decision(outcome, Optional.empty(), List.of(), Optional.of(reply), ProviderOptOut.NONE, List.of());
    }

    /** What one inbound message amounted to (README, "Keywords" and "States"). */
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
        HINT
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
