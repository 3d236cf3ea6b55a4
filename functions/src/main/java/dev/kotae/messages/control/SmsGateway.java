package dev.kotae.messages.control;

/** The one way out to phones. */
public interface SmsGateway {

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
