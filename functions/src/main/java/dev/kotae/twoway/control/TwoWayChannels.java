package dev.kotae.twoway.control;

import dev.kotae.shared.entity.OriginationIdentities;
import dev.kotae.twoway.entity.TwoWaySettings;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ConflictException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ConflictExceptionReason;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ValidationException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ValidationExceptionReason;

import java.util.Optional;
import java.util.Set;

/**
 * Reads and changes the two-way settings of the configured phone number or pool. CloudFormation
 * cannot adopt an existing number, so these calls stand in for a resource it cannot create.
 */
public final class TwoWayChannels {

    private static final Set<ValidationExceptionReason> NO_TWO_WAY = Set.of(
            ValidationExceptionReason.TWO_WAY_NOT_SUPPORTED_IN_COUNTRY, ValidationExceptionReason.TWO_WAY_NOT_SUPPORTED_IN_REGION);

    private final PinpointSmsVoiceV2Client sms;

    public TwoWayChannels(PinpointSmsVoiceV2Client sms) {
        this.sms = sms;
    }

    /**
     * The settings to restore later; refuses a phone number that belongs to a pool before changing
     * anything, since End User Messaging refuses two-way settings on a pool's numbers (UpdatePhoneNumber,
     * API reference: "If the origination phone number is associated with a pool, an error is returned").
     */
    public TwoWaySettings current(String originationIdentity) {
        if (OriginationIdentities.isPool(originationIdentity)) {
            var pool = sms.describePools(r -> r.poolIds(originationIdentity)).pools().get(0);
            return new TwoWaySettings(Boolean.TRUE.equals(pool.twoWayEnabled()), Optional.ofNullable(pool.twoWayChannelArn()),
                    Optional.ofNullable(pool.twoWayChannelRole()), Boolean.TRUE.equals(pool.selfManagedOptOutsEnabled()));
        }
        var number = sms.describePhoneNumbers(r -> r.phoneNumberIds(originationIdentity)).phoneNumbers().get(0);
        if (number.poolId() != null) {
            throw inPool(originationIdentity, number.poolId());
        }
        return new TwoWaySettings(Boolean.TRUE.equals(number.twoWayEnabled()), Optional.ofNullable(number.twoWayChannelArn()),
                Optional.ofNullable(number.twoWayChannelRole()), Boolean.TRUE.equals(number.selfManagedOptOutsEnabled()));
    }

    /** @throws TwoWayChannelRefused naming the fix, where End User Messaging refuses the settings */
    public void apply(String originationIdentity, TwoWaySettings settings) {
        try {
            if (OriginationIdentities.isPool(originationIdentity)) {
                sms.updatePool(r -> {
                    r.poolId(originationIdentity).twoWayEnabled(settings.enabled())
                            .selfManagedOptOutsEnabled(settings.selfManagedOptOuts());
                    settings.channelArn().ifPresent(r::twoWayChannelArn);
                    settings.channelRole().ifPresent(r::twoWayChannelRole);
                });
            } else {
                sms.updatePhoneNumber(r -> {
                    r.phoneNumberId(originationIdentity).twoWayEnabled(settings.enabled())
                            .selfManagedOptOutsEnabled(settings.selfManagedOptOuts());
                    settings.channelArn().ifPresent(r::twoWayChannelArn);
                    settings.channelRole().ifPresent(r::twoWayChannelRole);
                });
            }
        } catch (ValidationException e) {
            if (NO_TWO_WAY.contains(e.reason())) {
                throw new TwoWayChannelRefused("End User Messaging offers no two-way SMS for " + originationIdentity
                        + " (" + e.reasonAsString() + "): it depends on the number's country and type, and on the"
                        + " region. Pick a two-way capable number (AWS End User Messaging SMS User Guide, SMS and MMS"
                        + " country capabilities and limitations) and set kotae:originationIdentity to it.");
            }
            throw e;
        } catch (ConflictException e) {
            if (e.reason() == ConflictExceptionReason.PHONE_NUMBER_ASSOCIATED_TO_POOL) {
                throw inPool(originationIdentity, "its pool");
            }
            throw e;
        }
    }

    private static TwoWayChannelRefused inPool(String phoneNumberId, String poolId) {
        return new TwoWayChannelRefused(phoneNumberId + " belongs to " + poolId + ", and End User Messaging takes a"
                + " pool's two-way settings from the pool only. Set kotae:originationIdentity=" + poolId
                + " to configure the pool (replies then reach Kotae from every number in it), or remove the number"
                + " from the pool.");
    }
}
