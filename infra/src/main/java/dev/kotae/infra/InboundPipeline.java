package dev.kotae.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Replies from phones: End User Messaging publishes each inbound SMS to an {@link SmsEventChannel}
 * that feeds the inbound function, which answers keywords and commits what downstream systems must
 * know; the {@link EventRelay} publishes that to this pipeline's EventBridge bus.
 * The configured number or pool is pointed at the topic by {@code Custom::KotaeTwoWayChannel}.
 */
public final class InboundPipeline extends Construct {

    static final int FUNCTION_TIMEOUT_SECONDS = 30;

    private final SmsEventChannel channel;
    private final EventBus events;
    private final List<KotaeFunction> functions = new ArrayList<>();

    public InboundPipeline(Construct scope, String id, Props props) {
        super(scope, id);
        var sending = props.sending();
        channel = new SmsEventChannel(this, "Channel", "inbound SMS", Duration.seconds(FUNCTION_TIMEOUT_SECONDS));

        events = EventBus.Builder.create(this, "Events")
                .description("Kotae: ConversationConfirmed, RecipientOptedOut and RecipientOptedIn")
                .build();

        var environment = sending.environment();
        environment.put("BRAND_NAME", props.brandName());
        environment.put("HELP_CONTACT", props.helpContact());
        environment.put("SELF_MANAGED_OPT_OUTS", Boolean.toString(props.selfManagedOptOuts()));
        props.optOutList().ifPresent(list -> environment.put("OPT_OUT_LIST_NAME", list));
        var inbound = new KotaeFunction(this, "Function", KotaeFunction.Props.builder()
                .handler("dev.kotae.conversations.boundary.InboundMessageHandler::handleRequest")
                .description("Kotae: answers inbound SMS keywords and keeps conversation state")
                .code(sending.code())
                .environment(environment)
                .timeout(Duration.seconds(FUNCTION_TIMEOUT_SECONDS))
                .build());
        channel.feed(inbound.alias(), props.maxConcurrency());
        functions.add(inbound);
        sending.grantTable(inbound.role(), "dynamodb:Query", "dynamodb:ConditionCheckItem", "dynamodb:PutItem",
                "dynamodb:UpdateItem");
        sending.allowSending(inbound.role());
        if (sending.sendsFromPool()) {
            inbound.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("sms-voice:SendTextMessage"))
                    .resources(List.of(sending.smsArn("phone-number", "*")))
                    .build());
            NagSuppressions.addResourceSuppressions(inbound.role(), List.of(NagPackSuppression.builder()
                    .id("AwsSolutions-IAM5")
                    .reason("Replies leave from the pool number that received the message, which is known only at"
                            + " run time; the grant is limited to SendTextMessage on this account's phone numbers.")
                    // The ARN's partition and region are literals or tokens depending on what synth knows.
                    .appliesTo(List.of(RegexAppliesTo.builder()
                            .regex("/^Resource::arn:.+:sms-voice:.+:phone-number\\/\\*$/")
                            .build()))
                    .build()), true);
        }
        props.optOutList().ifPresent(list -> inbound.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("sms-voice:PutOptedOutNumber", "sms-voice:DeleteOptedOutNumber"))
                .resources(List.of(sending.smsArn("opt-out-list", list)))
                .build()));

        enableTwoWay(sending, props);
    }

    public SmsEventChannel channel() {
        return channel;
    }

    public List<KotaeFunction> functions() {
        return List.copyOf(functions);
    }

    public EventBus events() {
        return events;
    }

    private void enableTwoWay(Sending sending, Props props) {
        var topic = channel.topic();
        // The trust policy End User Messaging documents for a two-way channel role (AWS End User Messaging
        // SMS User Guide, "IAM policies for Amazon SNS topics"): this account only. The service is not
        // documented to send aws:SourceArn when it assumes the role, so requiring it could drop every reply.
        var channelRole = Role.Builder.create(this, "TwoWayRole")
                .description("Assumed by End User Messaging to publish inbound SMS to Kotae's topic")
                .assumedBy(new ServicePrincipal(SmsEventChannel.SMS_SERVICE).withConditions(Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", Stack.of(this).getAccount()))))
                .build();
        topic.grantPublish(channelRole);
        NagSuppressions.addResourceSuppressions(channelRole, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("The topic's publish grant: GenerateDataKey* (GenerateDataKey and its no-plaintext variant)"
                        + " on this stack's one key, which End User Messaging needs to publish encrypted messages.")
                .appliesTo(List.of("Action::kms:GenerateDataKey*"))
                .build()), true);

        var twoWaySetup = new KotaeFunction(this, "TwoWayChannel", KotaeFunction.Props.builder()
                .handler("dev.kotae.twoway.boundary.TwoWayChannelHandler::handleRequest")
                .description("Kotae: custom resource turning two-way SMS on for the configured number or pool")
                .code(sending.code())
                .timeout(Duration.seconds(60))
                // Invoked only by deploys, often weeks apart: a SnapStart version would have gone inactive.
                .snapStart(false)
                .build());
        functions.add(twoWaySetup);
        var kind = sending.sendsFromPool() ? "Pool" : "PhoneNumber";
        twoWaySetup.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("sms-voice:Describe" + kind + "s", "sms-voice:Update" + kind))
                .resources(List.of(sending.identityArn()))
                .build());
        channelRole.grantPassRole(twoWaySetup.role());

        var resource = CustomResource.Builder.create(this, "TwoWayChannelSetting")
                .serviceToken(twoWaySetup.alias().getFunctionArn())
                .resourceType("Custom::KotaeTwoWayChannel")
                .properties(Map.of(
                        "OriginationIdentity", sending.originationIdentity().value(),
                        "TopicArn", topic.getTopicArn(),
                        "RoleArn", channelRole.getRoleArn(),
                        "SelfManagedOptOuts", Boolean.toString(props.selfManagedOptOuts())))
                .build();
        // The channel must be able to publish before End User Messaging is told to use it.
        resource.getNode().addDependency(topic, channelRole);
    }

    /**
     * @param selfManagedOptOuts true: Kotae answers STOP and the number's self-managed opt-outs are
     *                           turned on; false: End User Messaging answers STOP itself
     */
    public record Props(Sending sending, String brandName, String helpContact, Optional<String> optOutList,
                        boolean selfManagedOptOuts, int maxConcurrency) {

        public Props {
            Objects.requireNonNull(sending, "sending");
            Objects.requireNonNull(brandName, "brandName");
            Objects.requireNonNull(helpContact, "helpContact");
        }

        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private Sending sending;
            private String brandName;
            private String helpContact;
            private Optional<String> optOutList = Optional.empty();
            private boolean selfManagedOptOuts = true;
            private int maxConcurrency = 5;

            public Builder sending(Sending sending) {
                this.sending = sending;
                return this;
            }

            public Builder brandName(String brandName) {
                this.brandName = brandName;
                return this;
            }

            public Builder helpContact(String helpContact) {
                this.helpContact = helpContact;
                return this;
            }

            public Builder optOutList(Optional<String> optOutList) {
                this.optOutList = optOutList;
                return this;
            }

            public Builder selfManagedOptOuts(boolean selfManagedOptOuts) {
                this.selfManagedOptOuts = selfManagedOptOuts;
                return this;
            }

            public Builder maxConcurrency(int maxConcurrency) {
                this.maxConcurrency = maxConcurrency;
                return this;
            }

            public Props build() {
                return new Props(sending, brandName, helpContact, optOutList, selfManagedOptOuts, maxConcurrency);
            }
        }
    }
}
