package dev.kotae.aws;

import dev.kotae.shared.entity.OriginationIdentities;
import dev.kotae.twoway.control.TwoWayChannelRefused;
import dev.kotae.twoway.entity.TwoWaySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.AccessDeniedException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ConflictException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ConflictExceptionReason;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ValidationException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ValidationExceptionReason;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and changes the two-way settings of the configured phone number or pool. CloudFormation
 * cannot adopt an existing number, so these calls stand in for a resource it cannot create.
 */
public final class TwoWayChannels {

    private static final Logger LOG = LoggerFactory.getLogger(TwoWayChannels.class);

    private static final Set<ValidationExceptionReason> NO_TWO_WAY = Set.of(
            ValidationExceptionReason.TWO_WAY_NOT_SUPPORTED_IN_COUNTRY, ValidationExceptionReason.TWO_WAY_NOT_SUPPORTED_IN_REGION);

    /**
     * What End User Messaging may answer while a role or topic created moments before is not yet visible to
     * it (IAM and SNS are eventually consistent). The API reference does not say which error a channel role
     * it cannot assume yet raises: these are its answers that mean "not reachable", which time can mend.
     */
    private static final Set<ValidationExceptionReason> NOT_YET_REACHABLE = Set.of(
            ValidationExceptionReason.RESOURCE_NOT_ACCESSIBLE, ValidationExceptionReason.TWO_WAY_CHANNEL_NOT_PRESENT,
            ValidationExceptionReason.TWO_WAY_TOPIC_NOT_PRESENT);
    /** Waits between tries, about 30 seconds in all: an IAM role is usable everywhere within seconds. */
    static final List<Duration> PROPAGATION_WAITS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(8), Duration.ofSeconds(8));

    /** Waits, and is a collaborator so that tests need not. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final PinpointSmsVoiceV2Client sms;
    private final Sleeper sleeper;

    public TwoWayChannels(PinpointSmsVoiceV2Client sms) {
        this(sms, duration -> Thread.sleep(duration.toMillis()));
    }

    public TwoWayChannels(PinpointSmsVoiceV2Client sms, Sleeper sleeper) {
        this.sms = sms;
        this.sleeper = sleeper;
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

    /**
     * Applies {@code settings}, trying again for about 30 seconds while the channel's role or topic is not
     * yet reachable to End User Messaging (a first deploy creates them moments before).
     *
     * @throws TwoWayChannelRefused naming the fix, where End User Messaging refuses the settings
     */
    public void apply(String originationIdentity, TwoWaySettings settings) {
        for (int attempt = 0; ; attempt++) {
            try {
                update(originationIdentity, settings);
                return;
            } catch (AccessDeniedException | ValidationException e) {
                if (e instanceof ValidationException invalid && !NOT_YET_REACHABLE.contains(invalid.reason())) {
                    throw e;
                }
                if (attempt == PROPAGATION_WAITS.size()) {
                    throw new TwoWayChannelRefused("End User Messaging still cannot reach the two-way channel of "
                            + originationIdentity + " after " + PROPAGATION_WAITS.stream().mapToLong(Duration::toSeconds).sum()
                            + " s (" + e.getMessage() + "). Check that the stack's two-way role trusts sms-voice.amazonaws.com"
                            + " for this account and may publish to the inbound topic, then deploy again.");
                }
                var wait = PROPAGATION_WAITS.get(attempt);
                LOG.info("End User Messaging cannot reach the channel of {} yet ({}); trying again in {} s",
                        originationIdentity, e.getClass().getSimpleName(), wait.toSeconds());
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for the channel's role", interrupted);
                }
            }
        }
    }

    private void update(String originationIdentity, TwoWaySettings settings) {
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
