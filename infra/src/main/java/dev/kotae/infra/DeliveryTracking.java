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
    private final KotaeFunction status;
    private final CfnConfigurationSet configurationSet;

    public DeliveryTracking(Construct scope, String id, Props props) {
        super(scope, id);
        var sending = props.sending();
        channel = new SmsEventChannel(this, "Channel", "delivery events", Duration.seconds(FUNCTION_TIMEOUT_SECONDS));
        configurationSet = CfnConfigurationSet.Builder.create(this, "ConfigurationSet")
                .configurationSetName(props.configurationSetName())
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

        status = new KotaeFunction(this, "Status", KotaeFunction.Props.builder()
                .handler("dev.kotae.messages.boundary.DeliveryStatusHandler::handleRequest")
                .description("Kotae: moves each message to DELIVERED or FAILED from End User Messaging's events")
                .code(sending.code())
                .environment(sending.environment())
                .timeout(Duration.seconds(FUNCTION_TIMEOUT_SECONDS))
                .build());
        channel.feed(status.alias(), props.maxConcurrency());
        sending.grantTable(status.role(), "dynamodb:ConditionCheckItem", "dynamodb:PutItem", "dynamodb:UpdateItem");
    }

    public SmsEventChannel channel() {
        return channel;
    }

    /** Every send names it, so whatever sends must be created after it. */
    public CfnConfigurationSet configurationSet() {
        return configurationSet;
    }

    public List<KotaeFunction> functions() {
        return List.of(status);
    }

    public record Props(Sending sending, String configurationSetName, int maxConcurrency) {

        public Props {
            Objects.requireNonNull(sending, "sending");
            Objects.requireNonNull(configurationSetName, "configurationSetName");
        }

        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private Sending sending;
            private String configurationSetName;
            private int maxConcurrency = 5;

            public Builder sending(Sending sending) {
                this.sending = sending;
                return this;
            }

            public Builder configurationSetName(String configurationSetName) {
                this.configurationSetName = configurationSetName;
                return this;
            }

            public Builder maxConcurrency(int maxConcurrency) {
                this.maxConcurrency = maxConcurrency;
                return this;
            }

            public Props build() {
                return new Props(sending, configurationSetName, maxConcurrency);
            }
        }
    }
}
