package dev.kotae.twoway.boundary;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.CloudFormationCustomResourceEvent;
import dev.kotae.Wiring;
import dev.kotae.aws.TwoWayChannels;
import dev.kotae.shared.boundary.CustomResources;
import dev.kotae.twoway.control.TwoWayChannelRefused;
import dev.kotae.twoway.entity.TwoWaySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ResourceNotFoundException;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.util.Map;
import java.util.Optional;

/**
 * The custom resource {@code Custom::KotaeTwoWayChannel}: turns two-way on for the configured
 * number or pool, publishing to Kotae's topic, and sets its self-managed opt-outs to match the
 * stack. The settings found on create travel in the physical resource id, so delete puts them back.
 * A number whose replies already go to another channel is not taken over unless the deployment says so
 * ({@code kotae:takeOverTwoWayChannel}): its replies would stop reaching that channel.
 *
 * <p>Properties: {@code OriginationIdentity}, {@code TopicArn}, {@code RoleArn},
 * {@code SelfManagedOptOuts} and {@value #TAKE_OVER} ("true" or "false").
 */
public class TwoWayChannelHandler implements RequestHandler<CloudFormationCustomResourceEvent, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(TwoWayChannelHandler.class);
    private static final String ID_PREFIX = "kotae-two-way:";
    /** Whether a number whose two-way sends replies to another channel may be taken over. */
    public static final String TAKE_OVER = "TakeOverTwoWayChannel";

    private final TwoWayChannels channels;
    private final CustomResources responses = new CustomResources();

    public TwoWayChannelHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Built from {@code wiring}, as the no-argument constructor builds it from the environment. */
    public TwoWayChannelHandler(Wiring wiring) {
        this(wiring.twoWayChannels());
    }

    public TwoWayChannelHandler(TwoWayChannels channels) {
        this.channels = channels;
    }

    @Override
    public Void handleRequest(CloudFormationCustomResourceEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            responses.handle(event, TwoWayChannelRefused.class, () -> switch (event.getRequestType()) {
                case "Create" -> CustomResources.Outcome.done(enable(properties(event.getResourceProperties())));
                case "Update" -> CustomResources.Outcome.done(update(event));
                case "Delete" -> restore(event.getPhysicalResourceId());
                default -> throw new IllegalArgumentException("Unknown request type " + event.getRequestType());
            });
            return null;
        });
    }

    /** Records what the number had, then points it at Kotae, unless its replies go elsewhere and may not be taken. */
    private String enable(Desired desired) {
        var previous = channels.current(desired.identity());
        if (previous.sendsRepliesElsewhereThan(desired.topicArn()) && !desired.takeOver()) {
            throw new TwoWayChannelRefused(desired.identity() + " already sends its replies to "
                    + previous.channelArn().orElseThrow() + ", which would stop receiving them. Point that channel's"
                    + " number elsewhere first, or set kotae:takeOverTwoWayChannel=true to take the number over (a"
                    + " delete of the stack gives it back " + (previous.channelRole().isPresent() ? "as it was)."
                    : "with two-way off: its channel has no role, and End User Messaging cannot remove Kotae's)."));
        }
        channels.apply(desired.identity(), new TwoWaySettings(true, Optional.of(desired.topicArn()),
                Optional.of(desired.roleArn()), desired.selfManagedOptOuts()));
        LOG.info("Two-way enabled on {} (it was {})", desired.identity(), previous.enabled() ? "enabled" : "disabled");
        return ID_PREFIX + desired.identity() + ":" + previous.encode();
    }

    /**
     * Same number: apply the new settings and keep what the number had before Kotae. Another
     * number: take it over with a new id; CloudFormation then deletes the old id, restoring the old number.
     */
    private String update(CloudFormationCustomResourceEvent event) {
        var desired = properties(event.getResourceProperties());
        var managed = parse(event.getPhysicalResourceId());
        if (managed.isEmpty() || !managed.get().identity().equals(desired.identity())) {
            return enable(desired);
        }
        channels.apply(desired.identity(), new TwoWaySettings(true, Optional.of(desired.topicArn()),
                Optional.of(desired.roleArn()), desired.selfManagedOptOuts()));
        return event.getPhysicalResourceId();
    }

    /**
     * Puts back what the number had. Two-way that had no role cannot be put back as it was (End User
     * Messaging cannot remove the role Kotae set): it is turned off, and the stack's event says so.
     */
    private CustomResources.Outcome restore(String physicalId) {
        var managed = parse(physicalId);
        if (managed.isEmpty()) {
            // A create that failed before taking the number over has nothing to undo.
            return CustomResources.Outcome.done(physicalId);
        }
        var identity = managed.get().identity();
        var previous = managed.get().previous();
        var restorable = previous.restorable();
        try {
            // Reading it first finds a number that has joined a pool since (which refuses the update),
            // without relying on the error End User Messaging would answer, which its API reference leaves unnamed.
            channels.current(identity);
            channels.apply(identity, restorable);
            if (!restorable.equals(previous)) {
                var reason = "Two-way turned off on " + identity + ": before Kotae it sent replies to "
                        + previous.channelArn().orElse("its channel") + " with no role, and End User Messaging cannot remove"
                        + " the role Kotae set, which this stack deletes. Turn two-way on again with that channel's role.";
                LOG.warn(reason);
                return new CustomResources.Outcome(physicalId, reason, Map.of());
            }
            LOG.info("Two-way settings of {} restored", identity);
        } catch (ResourceNotFoundException e) {
            LOG.info("{} no longer exists; nothing to restore", identity);
        } catch (TwoWayChannelRefused e) {
            // A stack must stay deletable: the number's settings are no longer Kotae's to restore.
            LOG.warn("Two-way settings of {} not restored: {}", identity, e.getMessage());
        }
        return CustomResources.Outcome.done(physicalId);
    }

    private static Optional<Managed> parse(String physicalId) {
        if (physicalId == null || !physicalId.startsWith(ID_PREFIX)) {
            return Optional.empty();
        }
        var rest = physicalId.substring(ID_PREFIX.length());
        var split = rest.lastIndexOf(':');
        return Optional.of(new Managed(rest.substring(0, split), TwoWaySettings.decode(rest.substring(split + 1))));
    }

    private static Desired properties(Map<String, Object> properties) {
        return new Desired(CustomResources.required(properties, "OriginationIdentity"),
                CustomResources.required(properties, "TopicArn"), CustomResources.required(properties, "RoleArn"),
                Boolean.parseBoolean(CustomResources.required(properties, "SelfManagedOptOuts")),
                Boolean.parseBoolean(String.valueOf(properties.get(TAKE_OVER))));
    }

    private record Desired(String identity, String topicArn, String roleArn, boolean selfManagedOptOuts,
                           boolean takeOver) {
    }

    private record Managed(String identity, TwoWaySettings previous) {
    }
}
