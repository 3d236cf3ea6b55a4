package dev.kotae.messages.control;

import dev.kotae.messages.entity.MessageRecord;

/**
 * An automatic answer between its decision and its send: the record that goes into the decision's
 * transaction and the SMS that leaves after it.
 *
 * @param compliance an opt-out, opt-in or help answer, which reaches opted-out numbers too
 */
public record PreparedReply(MessageRecord record, OutboundSms sms, boolean compliance) {
}
