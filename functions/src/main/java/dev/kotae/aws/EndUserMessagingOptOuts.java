package dev.kotae.aws;

import dev.kotae.conversations.control.ProviderOptOuts;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.PinpointSmsVoiceV2Exception;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ResourceNotFoundException;

import java.time.Duration;

/** PutOptedOutNumber and DeleteOptedOutNumber on one named opt-out list. */
public final class EndUserMessagingOptOuts implements ProviderOptOuts {

    private static final Logger LOG = LoggerFactory.getLogger(EndUserMessagingOptOuts.class);

    private final PinpointSmsVoiceV2Client sms;
    private final String listName;

    public EndUserMessagingOptOuts(PinpointSmsVoiceV2Client sms, String listName) {
        this.sms = sms;
        this.listName = listName;
    }

    /** An opt-out must reach the provider: a failure is retried with the inbound message. */
    @Override
    public void add(String phoneNumber) {
        try {
            sms.putOptedOutNumber(r -> r.optOutListName(listName).optedOutNumber(phoneNumber));
        } catch (SdkException e) {
            throw KotaeException.retryLater(ErrorCode.UPSTREAM_UNAVAILABLE,
                    "The opt-out could not be added to End User Messaging's list " + listName + ".",
                    Duration.ofSeconds(1), e);
        }
    }

    /**
     * Kotae's own record already allows sends again; the provider's list may refuse the removal
     * (once per number every 30 days), and then sends are refused by the provider until it allows it.
     */
    @Override
    public void remove(String phoneNumber) {
        try {
            sms.deleteOptedOutNumber(r -> r.optOutListName(listName).optedOutNumber(phoneNumber));
        } catch (ResourceNotFoundException e) {
            LOG.info("Opt-in: the number was not on End User Messaging's list {}", listName);
        } catch (PinpointSmsVoiceV2Exception e) {
            LOG.warn("Opt-in: End User Messaging's list {} kept the number ({}); it allows one removal per number"
                    + " every 30 days, so the provider refuses sends to it until then", listName,
                    e.awsErrorDetails().errorCode());
        }
    }
}
