package dev.kotae.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.smsvoice.CfnConfigurationSet;
import software.constructs.Construct;

import java.util.List;
import java.util.Objects;

/**
 * What happens to each SMS after End User Messaging accepts it: the configuration set every send
 * uses publishes all its text events to an {@link SmsEventChannel}, whose queue feeds the status
 * function; it moves each message to DELIVERED or FAILED and counts failures as a metric.
 */
public final class DeliveryTracking extends Construct {

    static final int FUNCTION_TIMEOUT_SECONDS = 30;

    private final SmsEventChannel channel;
    private final CfnConfigurationSet configurationSet;

    public DeliveryTracking(Construct scope, String id, Props props) {
        super(scope, id);
        var defaults = props.defaults();
        // An event destination publishes as its configuration set (User Guide, "Amazon SNS access policy").
        channel = new SmsEventChannel(this, "Channel", new SmsEventChannel.Props("DeliveryStatus", "delivery events",
                Duration.seconds(FUNCTION_TIMEOUT_SECONDS), defaults.smsArn("configuration-set", defaults.configurationSet()),
                defaults.monitoring()));
        configurationSet = CfnConfigurationSet.Builder.create(this, "ConfigurationSet")
                .configurationSetName(defaults.configurationSet())
                // A send that names the set and no protect configuration (any sender with the set's permission) is
                // judged by Kotae's too (User Guide, "Using protect configurations").
                .protectConfigurationId(defaults.destinations().protectConfigurationId())
                .eventDestinations(List.of(CfnConfigurationSet.EventDestinationProperty.builder()
                        .eventDestinationName("kotae-delivery-status")
                        .enabled(true)
                        .matchingEventTypes(List.of("TEXT_ALL"))
                        .snsDestination(CfnConfigurationSet.SnsDestinationProperty.builder()
                                .topicArn(channel.topic().getTopicArn())
                                .build())
                        .build()))
                .build();
        // End User Messaging checks that it may publish when the destination is created.
        configurationSet.getNode().addDependency(channel.topic());

        var status = new KotaeFunction(this, "Status", KotaeFunction.Props.builder()
                .handler("dev.kotae.messages.boundary.DeliveryStatusHandler::handleRequest")
                .description("Kotae: moves each message to DELIVERED or FAILED from End User Messaging's events")
                .defaults(defaults)
                .environment(defaults.environment().everyFunction())
                .timeout(Duration.seconds(FUNCTION_TIMEOUT_SECONDS))
                .build());
        channel.feed(status.alias(), props.maxConcurrency());
        defaults.grantTable(status.role(), "dynamodb:ConditionCheckItem", "dynamodb:PutItem", "dynamodb:UpdateItem");
    }

    public SmsEventChannel channel() {
        return channel;
    }

    /** Every send names it, so whatever sends must be created after it. */
    public CfnConfigurationSet configurationSet() {
        return configurationSet;
    }

    /**
     * The configuration set it creates is {@code defaults}' (the stack's own).
     *
     * @param maxConcurrency how many status functions may run at once (counted in {@code KotaeSettings.functionsAtOnce})
     */
    public record Props(FunctionDefaults defaults, int maxConcurrency) {

        public Props {
            Objects.requireNonNull(defaults, "defaults");
        }
    }
}
