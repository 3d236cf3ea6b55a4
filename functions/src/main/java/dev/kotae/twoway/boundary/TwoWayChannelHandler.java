package dev.kotae.twoway.boundary;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.CloudFormationCustomResourceEvent;
import dev.kotae.Wiring;
import dev.kotae.shared.boundary.CustomResources;
import dev.kotae.twoway.control.TwoWayChannelRefused;
import dev.kotae.twoway.control.TwoWayChannels;
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
 *
 * <p>Properties: {@code OriginationIdentity}, {@code TopicArn}, {@code RoleArn},
 * {@code SelfManagedOptOuts} ("true" or "false").
 */
public class TwoWayChannelHandler implements RequestHandler<CloudFormationCustomResourceEvent, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(TwoWayChannelHandler.class);
    private static final String ID_PREFIX = "kotae-two-way:";

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
            responses.handle(event, TwoWayChannelRefused.class, () -> CustomResources.Outcome.done(
                    switch (event.getRequestType()) {
                        case "Create" -> enable(properties(event.getResourceProperties()));
                        case "Update" -> update(event);
                        case "Delete" -> restore(event.getPhysicalResourceId());
                        default -> throw new IllegalArgumentException("Unknown request type " + event.getRequestType());
                    }));
            return null;
        });
    }

    /** Records what the number had, then points it at Kotae. */
    private String enable(Desired desired) {
        var previous = channels.current(desired.identity());
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

    private String restore(String physicalId) {
        var managed = parse(physicalId);
        if (managed.isEmpty()) {
            // A create that failed before taking the number over has nothing to undo.
            return physicalId;
        }
        try {
            // Reading it first finds a number that has joined a pool since (which refuses the update),
            // without relying on the error End User Messaging would answer, which its API reference leaves unnamed.
            channels.current(managed.get().identity());
            channels.apply(managed.get().identity(), managed.get().previous());
            LOG.info("Two-way settings of {} restored", managed.get().identity());
        } catch (ResourceNotFoundException e) {
            LOG.info("{} no longer exists; nothing to restore", managed.get().identity());
        } catch (TwoWayChannelRefused e) {
            // A stack must stay deletable: the number's settings are no longer Kotae's to restore.
            LOG.warn("Two-way settings of {} not restored: {}", managed.get().identity(), e.getMessage());
        }
        return physicalId;
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
                Boolean.parseBoolean(CustomResources.required(properties, "SelfManagedOptOuts")));
    }

    private record Desired(String identity, String topicArn, String roleArn, boolean selfManagedOptOuts) {
    }

    private record Managed(String identity, TwoWaySettings previous) {
    }
}
