package dev.kotae.twoway.control;

import dev.kotae.messages.control.EndUserMessagingGateway;
import dev.kotae.twoway.entity.TwoWaySettings;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;

import java.util.Optional;

/**
 * Reads and changes the two-way settings of the configured phone number or pool. CloudFormation
 * cannot adopt an existing number, so these calls stand in for a resource it cannot create.
 */
public final class TwoWayChannels {

    private final PinpointSmsVoiceV2Client sms;

    public TwoWayChannels(PinpointSmsVoiceV2Client sms) {
        this.sms = sms;
    }

    public TwoWaySettings current(String originationIdentity) {
        if (EndUserMessagingGateway.isPool(originationIdentity)) {
            var pool = sms.describePools(r -> r.poolIds(originationIdentity)).pools().get(0);
            return new TwoWaySettings(Boolean.TRUE.equals(pool.twoWayEnabled()), Optional.ofNullable(pool.twoWayChannelArn()),
                    Optional.ofNullable(pool.twoWayChannelRole()), Boolean.TRUE.equals(pool.selfManagedOptOutsEnabled()));
        }
        var number = sms.describePhoneNumbers(r -> r.phoneNumberIds(originationIdentity)).phoneNumbers().get(0);
        return new TwoWaySettings(Boolean.TRUE.equals(number.twoWayEnabled()), Optional.ofNullable(number.twoWayChannelArn()),
                Optional.ofNullable(number.twoWayChannelRole()), Boolean.TRUE.equals(number.selfManagedOptOutsEnabled()));
    }

    public void apply(String originationIdentity, TwoWaySettings settings) {
        if (EndUserMessagingGateway.isPool(originationIdentity)) {
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
    }
}
