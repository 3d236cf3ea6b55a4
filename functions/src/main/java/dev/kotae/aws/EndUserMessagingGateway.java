package dev.kotae.aws;

import dev.kotae.messages.control.OutboundSms;
import dev.kotae.messages.control.SmsGateway;
import dev.kotae.messages.control.SmsRefusedException;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.OriginationIdentities;
import dev.kotae.sms.MaxPrice;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.AccessDeniedException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ConflictException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ConflictExceptionReason;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.PinpointSmsVoiceV2Exception;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ResourceNotFoundException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.SendTextMessageRequest;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ServiceQuotaExceededExceptionReason;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ThrottlingException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ValidationException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ValidationExceptionReason;

import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Optional;

/**
 * Sends through AWS End User Messaging SMS and turns each of its refusals into a Kotae error.
 *
 * <p>The client it is given must not retry ambiguous failures (5xx, time-outs): SendTextMessage has
 * no idempotency token, so such a retry can deliver the same SMS twice.
 */
public final class EndUserMessagingGateway implements SmsGateway {

    private static final Duration RETRY_SOON = Duration.ofSeconds(1);

    private final PinpointSmsVoiceV2Client sms;
    private final String originationIdentity;
    private final Optional<String> configurationSetName;
    private final Optional<String> protectConfigurationId;
    private final Optional<BigDecimal> maxPricePerPart;

    /**
     * @param protectConfigurationId named on every send, so that the service itself refuses the
     *                               countries it blocks: the protect configuration a send names comes
     *                               before its configuration set's and the account's default (User Guide,
     *                               "Using protect configurations"), so Kotae's sends are held to Kotae's
     *                               countries whatever the account's default allows
     * @param maxPricePerPart        the ceiling per part when a send names none (automatic answers among
     *                               them); the parser has already refused a caller's higher one
     */
    public EndUserMessagingGateway(PinpointSmsVoiceV2Client sms, String originationIdentity,
                                   Optional<String> configurationSetName, Optional<String> protectConfigurationId,
                                   Optional<BigDecimal> maxPricePerPart) {
        this.sms = sms;
        this.originationIdentity = originationIdentity;
        this.configurationSetName = configurationSetName;
        this.protectConfigurationId = protectConfigurationId;
        this.maxPricePerPart = maxPricePerPart;
    }

    @Override
    public String send(OutboundSms outbound) {
        var request = outbound.request();
        var call = SendTextMessageRequest.builder()
                .destinationPhoneNumber(request.to())
                .originationIdentity(originationFor(outbound))
                .messageBody(request.body())
                .messageType(request.type().name())
                .dryRun(request.dryRun());
        configurationSetName.ifPresent(call::configurationSetName);
        protectConfigurationId.ifPresent(call::protectConfigurationId);
        request.timeToLiveSeconds().ifPresent(call::timeToLive);
        // MaxPrice is "per each text message" (API reference, SendTextMessage): the whole message's, parts times
        // the ceiling per part, or a message of two parts or more would be refused at its own price.
        var ceiling = request.maxPricePerPart().map(BigDecimal::new).or(() -> maxPricePerPart);
        var parts = request.segments();
        ceiling.ifPresent(perPart -> call.maxPrice(MaxPrice.forMessage(perPart, parts)));
        // Delivery events echo the context: Kotae's id in it is what ties them to the message.
        var context = new HashMap<>(request.context());
        context.put(MESSAGE_ID_CONTEXT_KEY, outbound.messageId());
        call.context(context);
        try {
            return sms.sendTextMessage(call.build()).messageId();
        } catch (ValidationException e) {
            if (e.reason() == ValidationExceptionReason.PRICE_OVER_THRESHOLD) {
                throw overCeiling(ceiling.orElseThrow(() -> refusal(e)), parts, request.maxPricePerPart().isPresent(), e);
            }
            throw refusal(e);
        } catch (PinpointSmsVoiceV2Exception e) {
            throw refusal(e);
        } catch (SdkClientException e) {
            throw unreachable(e);
        }
    }

    /**
     * Answers go out from the number that received the message. A configured phone number is that
     * number; a pool may hold several, so the answer names the receiving number itself.
     */
    private String originationFor(OutboundSms outbound) {
        return outbound.replyFrom().filter(from -> OriginationIdentities.isPool(originationIdentity)).orElse(originationIdentity);
    }

    @Override
    public boolean originationIdentityExists() {
        try {
            if (OriginationIdentities.isPool(originationIdentity)) {
                sms.describePools(r -> r.poolIds(originationIdentity));
            } else {
                sms.describePhoneNumbers(r -> r.phoneNumberIds(originationIdentity));
            }
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    /** The destination's price for this message's parts is over the ceiling sent: say which ceiling, and what to change. */
    private static SmsRefusedException overCeiling(BigDecimal perPart, int parts, boolean callers, ValidationException e) {
        return refused(ErrorCode.MAX_PRICE_EXCEEDED, "End User Messaging prices this message above the most it may"
                + " cost: " + parts + (parts == 1 ? " part" : " parts") + " at " + perPart.toPlainString() + " US dollars"
                + " each, " + MaxPrice.forMessage(perPart, parts) + " in all, by " + (callers
                ? "the request's maxPricePerPart. Send it with a higher maxPricePerPart (up to this deployment's"
                + " kotae:maxPricePerPart)"
                : "this deployment's kotae:maxPricePerPart. Raise kotae:maxPricePerPart if the destination's price is"
                + " expected") + ", or send a shorter message: each part costs the destination's price.", false, e);
    }

    private static SmsRefusedException refusal(PinpointSmsVoiceV2Exception e) {
        if (e instanceof ConflictException conflict) {
            if (conflict.reason() == ConflictExceptionReason.DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION) {
                return refused(ErrorCode.DESTINATION_NOT_ALLOWED, "End User Messaging's protect configuration blocks"
                        + " this destination's country.", false, e);
            }
            if (conflict.reason() == ConflictExceptionReason.DESTINATION_PHONE_NUMBER_OPTED_OUT) {
                return refused(ErrorCode.RECIPIENT_OPTED_OUT, "The recipient has opted out of messages from this sender.",
                        true, e);
            }
            return refused(ErrorCode.UPSTREAM_CONFLICT, "End User Messaging refused the message: " + conflict.reasonAsString()
                    + " on " + conflict.resourceTypeAsString() + " " + conflict.resourceId() + ".", false, e);
        }
        if (e instanceof ValidationException invalid) {
            return refused(ErrorCode.MESSAGE_REJECTED, "End User Messaging rejected the message: "
                    + invalid.reasonAsString() + ".", false, e);
        }
        if (e instanceof ServiceQuotaExceededException quota) {
            if (quota.reason() == ServiceQuotaExceededExceptionReason.MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT) {
                return refused(ErrorCode.MONTHLY_SPEND_LIMIT_REACHED,
                        "The account's monthly SMS spend limit is reached; raise it in End User Messaging.", false, e);
            }
            return refused(ErrorCode.QUOTA_EXCEEDED, "An End User Messaging quota is exhausted: "
                    + quota.reasonAsString() + ".", false, e);
        }
        if (e instanceof ThrottlingException) {
            return new SmsRefusedException(ErrorCode.THROTTLED,
                    "The sending number's throughput is exhausted; retry after the indicated delay.", RETRY_SOON,
                    false, false, e);
        }
        if (e instanceof AccessDeniedException denied) {
            return refused(ErrorCode.UPSTREAM_ACCESS_DENIED, "End User Messaging denied the send ("
                    + denied.reasonAsString() + "); check the function's role and the account's status.", false, e);
        }
        if (e instanceof ResourceNotFoundException missing) {
            return refused(ErrorCode.ORIGINATION_IDENTITY_NOT_FOUND, "End User Messaging does not know "
                    + missing.resourceTypeAsString() + " " + missing.resourceId() + "; check the stack's settings.", false, e);
        }
        if (e.statusCode() >= 500) {
            return new SmsRefusedException(ErrorCode.UPSTREAM_UNAVAILABLE,
                    "End User Messaging failed to answer; the message may or may not have been sent.", null, true,
                    false, e);
        }
        return refused(ErrorCode.MESSAGE_REJECTED, "End User Messaging rejected the message ("
                + e.awsErrorDetails().errorCode() + ").", false, e);
    }

    /** A connection that never opened sent nothing; any other client-side failure may have. */
    private static SmsRefusedException unreachable(SdkClientException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
                return new SmsRefusedException(ErrorCode.UPSTREAM_UNAVAILABLE,
                        "End User Messaging cannot be reached; nothing was sent.", RETRY_SOON, false, false, e);
            }
        }
        return new SmsRefusedException(ErrorCode.UPSTREAM_UNAVAILABLE,
                "End User Messaging did not answer in time; the message may or may not have been sent.", null, true,
                false, e);
    }

    private static SmsRefusedException refused(ErrorCode code, String message, boolean recipientOptedOut, Throwable cause) {
        return new SmsRefusedException(code, message, null, false, recipientOptedOut, cause);
    }
}
