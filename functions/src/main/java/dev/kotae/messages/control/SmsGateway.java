package dev.kotae.messages.control;

import java.time.Duration;

/** The one way out to phones. */
public interface SmsGateway {

    /**
     * The longest one send may take, its retries included: the provider's client gives up after it, and
     * the batch sender takes an entry only when this much of its invocation is left.
     */
    Duration LONGEST_CALL = Duration.ofSeconds(10);

    /** The context key carrying Kotae's message id through the provider to its delivery events. */
    String MESSAGE_ID_CONTEXT_KEY = "kotaeMessageId";

    /**
     * @return End User Messaging's message id
     * @throws SmsRefusedException when the message was refused, or its fate is unknown
     */
    String send(OutboundSms sms);

    /**
     * Reads the identity messages are sent from, sending nothing: at SnapStart priming it loads
     * the client's paths and reports a missing identity before the first send meets it.
     *
     * @return whether the provider knows the identity
     */
    boolean originationIdentityExists();
}
