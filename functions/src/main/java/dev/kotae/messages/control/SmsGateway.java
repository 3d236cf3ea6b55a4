package dev.kotae.messages.control;

/** The one way out to phones. */
public interface SmsGateway {

    /**
     * @return End User Messaging's message id
     * @throws SmsRefusedException when the message was refused, or its fate is unknown
     */
    String send(OutboundSms sms);
}
