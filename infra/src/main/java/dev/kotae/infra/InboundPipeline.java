package dev.kotae.infra;

import dev.kotae.settings.OriginationIdentity;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Names;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;

/**
 * Replies from phones: End User Messaging publishes each inbound SMS to an {@link SmsEventChannel}
 * that feeds the inbound function, which answers keywords and commits what downstream systems must
 * know; the {@link EventRelay} publishes that to this pipeline's EventBridge bus.
 * The configured number or pool is pointed at the topic by {@code Custom::KotaeTwoWayChannel}.
 */
public final class InboundPipeline extends Construct {

    static final int FUNCTION_TIMEOUT_SECONDS = 30;
    /** The two-way custom resource's property, as its handler names it (a contract test ties them). */
    static final String TAKE_OVER_TWO_WAY_CHANNEL = "TakeOverTwoWayChannel";

    private final SmsEventChannel channel;
    private final EventBus events;

    public InboundPipeline(Construct scope, String id, Props props) {
        super(scope, id);
        var defaults = props.defaults();
        // A number's replies come from the number (User Guide, "Cross-service confused deputy prevention").
        var publisher = defaults.sendsFromPool() ? SmsEventChannel.anyOfThisAccountsSmsResources(Stack.of(this))
                : defaults.identityArn();
        channel = new SmsEventChannel(this, "Channel", new SmsEventChannel.Props("Inbound", "inbound SMS",
                Duration.seconds(FUNCTION_TIMEOUT_SECONDS), publisher, defaults.monitoring()));

        // The events carry the person's full number, which subscribers act on (a CRM marking the
        // customer opted out): encrypted with a key of the stack's, which CDK lets EventBridge use for
        // this bus only (EventBridge User Guide, "Authorizing EventBridge to use a customer managed key").
        // An event EventBridge cannot encrypt or decrypt (the key disabled, say) lands on the bus's own
        // dead-letter queue, which EventBridge recommends for a bus with a customer managed key (EventBridge
        // User Guide, "Using dead-letter queues to capture encrypted event errors in EventBridge").
        var undeliverableKey = Keys.deletedWithStack(this, "UndeliverableEventsKey",
                "Kotae: encrypts conversation events EventBridge could not process");
        // A service sending to an encrypted queue needs the queue's key (Amazon SQS Developer Guide, "Key
        // management", "Configure KMS permissions for AWS services").
        var undeliverableEvents = Queue.Builder.create(this, "UndeliverableEvents")
                .encryption(QueueEncryption.KMS)
                .encryptionMasterKey(undeliverableKey)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        NagSuppressions.addResourceSuppressions(undeliverableEvents, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-SQS3")
                .reason("This queue is itself the event bus's dead-letter queue: it keeps the events EventBridge"
                        + " could not encrypt or decrypt, for the runbook to act on.")
                .build()));
        defaults.monitoring().onDeadLetters(this, "UndeliverableEvents", undeliverableEvents);
        events = EventBus.Builder.create(this, "Events")
                .description("Kotae: ConversationConfirmed, RecipientOptedOut and RecipientOptedIn")
                .kmsKey(Keys.deletedWithStack(this, "EventsKey", "Kotae: encrypts conversation events, which carry"
                        + " phone numbers"))
                .deadLetterQueue(undeliverableEvents)
                .build();
        // For this bus only. Its ARN is written from the name CDK gives it, as CDK writes the bus key's own statement:
        // a reference to the bus would make the key depend on the bus, which depends on the queue and its key.
        var busArn = Stack.of(this).formatArn(ArnComponents.builder().service("events").resource("event-bus")
                .resourceName(Names.uniqueId(events)).arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
        undeliverableKey.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("EventBridgeEncryptsUndeliverableEvents")
                .principals(List.of(new ServicePrincipal("events.amazonaws.com")))
                .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
                .resources(List.of("*"))
                .conditions(Map.of("ArnEquals", Map.of("aws:SourceArn", busArn)))
                .build());
        undeliverableEvents.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("OnlyThisBusSendsItsUndeliverableEvents")
                .principals(List.of(new ServicePrincipal("events.amazonaws.com")))
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(undeliverableEvents.getQueueArn()))
                .conditions(Map.of("ArnEquals", Map.of("aws:SourceArn", events.getEventBusArn())))
                .build());

        var inbound = new KotaeFunction(this, "Function", KotaeFunction.Props.builder()
                .handler("dev.kotae.conversations.boundary.InboundMessageHandler::handleRequest")
                .description("Kotae: answers inbound SMS keywords and keeps conversation state")
                .defaults(defaults)
                .environment(defaults.environment().inbound())
                .timeout(Duration.seconds(FUNCTION_TIMEOUT_SECONDS))
                .build());
        channel.feed(inbound.alias(), props.maxConcurrency());
        var oldestSeconds = defaults.monitoring().thresholds().inboundOldestMessageSeconds();
        defaults.monitoring().raise(this, "InboundBacklog", "inbound-backlog", "Inbound replies wait longer than "
                        + oldestSeconds + " s",
                channel.queue().metricApproximateAgeOfOldestMessage(Monitoring.max(Duration.minutes(1))), oldestSeconds,
                ComparisonOperator.GREATER_THAN_THRESHOLD);
        defaults.grantTable(inbound.role(), "dynamodb:Query", "dynamodb:ConditionCheckItem", "dynamodb:PutItem",
                "dynamodb:UpdateItem");
        defaults.allowSending(inbound.role());
        if (defaults.sendsFromPool()) {
            inbound.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("sms-voice:SendTextMessage"))
                    .resources(List.of(defaults.smsArn("phone-number", "*")))
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
        defaults.environment().settings().optOutList().ifPresent(list -> inbound.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("sms-voice:PutOptedOutNumber", "sms-voice:DeleteOptedOutNumber"))
                .resources(List.of(defaults.smsArn("opt-out-list", list)))
                .build()));

        enableTwoWay(defaults);
    }

    public SmsEventChannel channel() {
        return channel;
    }

    public EventBus events() {
        return events;
    }

    private void enableTwoWay(FunctionDefaults defaults) {
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
                .defaults(defaults)
                .timeout(Duration.seconds(60))
                // Invoked only by deploys, often weeks apart: a SnapStart version would have gone inactive.
                .snapStart(false)
                .build());
        var kind = defaults.sendsFromPool() ? "Pool" : "PhoneNumber";
        twoWaySetup.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("sms-voice:Describe" + kind + "s", "sms-voice:Update" + kind))
                .resources(List.of(defaults.identityArn()))
                .build());
        channelRole.grantPassRole(twoWaySetup.role());

        var resource = CustomResource.Builder.create(this, "TwoWayChannelSetting")
                .serviceToken(twoWaySetup.alias().getFunctionArn())
                .resourceType("Custom::KotaeTwoWayChannel")
                // A few calls, and about 30 seconds of waiting for a new role: minutes, not CloudFormation's default hour.
                .serviceTimeout(Duration.minutes(5))
                .properties(Map.of(
                        "OriginationIdentity", defaults.originationIdentity().value(),
                        "TopicArn", topic.getTopicArn(),
                        "RoleArn", channelRole.getRoleArn(),
                        "SelfManagedOptOuts", Boolean.toString(defaults.environment().settings().selfManagedOptOuts()),
                        TAKE_OVER_TWO_WAY_CHANNEL, Boolean.toString(defaults.environment().settings().takeOverTwoWayChannel())))
                .build();
        // The channel must be able to publish before End User Messaging is told to use it.
        resource.getNode().addDependency(topic, channelRole);
    }

    /**
     * What the function answers with, and who keeps opt-outs, come with {@code defaults}' settings.
     *
     * @param maxConcurrency how many inbound functions may run at once
     */
    public record Props(FunctionDefaults defaults, int maxConcurrency) {

        public Props {
            Objects.requireNonNull(defaults, "defaults");
        }
    }
}
