package dev.kotae.conversations.control;

import dev.kotae.consent.control.ConsentService;
import dev.kotae.conversations.entity.KeywordBook;
import dev.kotae.conversations.entity.Language;
import dev.kotae.conversations.entity.ReplyKind;
import dev.kotae.messages.control.ApiSends;
import dev.kotae.messages.entity.Caller;
import dev.kotae.messages.entity.SendRequest;

import java.time.Duration;
import java.util.Optional;

/**
 * A caller's double opt-in texted through {@link ApiSends}, in Kotae's own words as its answers are: the keyword book's confirmation request (the text a JOIN
 * gets, with the deployment's overrides), as a {@code TRANSACTIONAL} message of the caller's under an idempotency key
 * of Kotae's. A request to consent is not marketing: it waits for no consent, and is not held for the night.
 */
public final class SmsConfirmationRequests implements ConsentService.ConfirmationRequests {

    /** Japan's country code: a Japanese number is asked in Japanese, as a JOIN sent as 登録 is answered. */
    private static final String JAPAN = "+81";

    private final ApiSends sends;
    private final KeywordBook book;
    private final Duration window;

    public SmsConfirmationRequests(ApiSends sends, KeywordBook book, Duration window) {
        this.sends = sends;
        this.book = book;
        this.window = window;
    }

    @Override
    public Duration window() {
        return window;
    }

    @Override
    public Sent send(String phoneNumber, String caller, String key) {
        var language = phoneNumber.startsWith(JAPAN) ? Language.JA : Language.EN;
        var text = book.reply(ReplyKind.CONSENT_REQUEST, language, Optional.empty(), Optional.empty());
        var receipt = sends.send(SendRequest.of(phoneNumber, text), Caller.iam(caller), Optional.of(key));
        return new Sent(receipt.messageId(), text);
    }
}
