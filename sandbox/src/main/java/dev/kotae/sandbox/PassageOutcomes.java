package dev.kotae.sandbox;

import dev.kotae.conversations.entity.ConversationState;
import dev.kotae.messages.control.MessageStore;
import dev.kotae.messages.entity.MessageStatus;
import dev.kotae.standins.AcceptedMessage;
import dev.kotae.standins.SmsSimulator;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What an advance of the clock did, read where it lives: messages End User Messaging accepted (the
 * simulator's outbox), the fired messages' records as {@code GET /messages} reads them (Kotae's table), and
 * each phone's conversations as {@code GET /conversations} reads them.
 */
final class PassageOutcomes implements TimePassage.Outcomes {

    private final SmsSimulator sms;
    private final InboundPublisher inbound;
    private final MessageStore messages;
    private final RecipientCache recipients;

    PassageOutcomes(SmsSimulator sms, InboundPublisher inbound, MessageStore messages, RecipientCache recipients) {
        this.sms = sms;
        this.inbound = inbound;
        this.messages = messages;
        this.recipients = recipients;
    }

    @Override
    public int accepted() {
        return sms.outbox().size();
    }

    @Override
    public int failed(List<String> messageIds, Instant at) {
        return (int) messageIds.stream().distinct()
                .flatMap(id -> messages.find(id).stream())
                .filter(view -> view.message().asSeenAt(at).status() == MessageStatus.FAILED)
                .count();
    }

    /** Over every phone the sandbox has sent to or heard from: those are the ones with conversations. */
    @Override
    public int conversationsExpired(Instant from, Instant to) {
        var phones = new LinkedHashSet<String>();
        sms.outbox().stream().map(AcceptedMessage::destinationPhoneNumber).forEach(phones::add);
        inbound.published().forEach(text -> phones.add(text.from()));
        return (int) phones.stream()
                .filter(phone -> ControlSurface.E164.matcher(phone).matches())
                .flatMap(phone -> recipients.get(phone).conversations().stream())
                .filter(conversation -> conversation.storedState() == ConversationState.OPEN)
                .map(conversation -> conversation.conversation().expiresAt())
                .filter(expiresAt -> expiresAt.isAfter(from) && !expiresAt.isAfter(to))
                .count();
    }
}
