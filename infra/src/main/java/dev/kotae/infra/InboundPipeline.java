package dev.kotae.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.SqsSubscription;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Replies from phones: End User Messaging publishes each inbound SMS to an encrypted SNS topic that
 * only it may publish to; an encrypted SQS queue (dead-letter queue after 5 receives) feeds the
 * inbound function, which answers keywords and tells downstream systems through an EventBridge bus.
 * The configured number or pool is pointed at the topic by {@code Custom::KotaeTwoWayChannel}.
 */
public final class InboundPipeline extends Construct {

    static final int FUNCTION_TIMEOUT_SECONDS = 30;
    /** AWS's guidance for SQS event sources: at least six times the function's timeout. */
    static final int VISIBILITY_TIMEOUT_SECONDS = 6 * FUNCTION_TIMEOUT_SECONDS;
    static final int MAX_RECEIVE_COUNT = 5;
    static final String SMS_SERVICE = "sms-voice.amazonaws.com";

    private final Topic topic;
    private final Queue queue;
    private final Queue deadLetters;
    private final EventBus events;

    public InboundPipeline(Construct scope, String id, Props props) {
        super(scope, id);
        var sending = props.sending();
        var stack = Stack.of(this);
        // Confused-deputy guard: End User Messaging may act only for this account's own resources.
        var fromOurSmsResources = Map.<String, Object>of(
                "StringEquals", Map.of("aws:SourceAccount", stack.getAccount()),
                "ArnLike", Map.of("aws:SourceArn", stack.formatArn(ArnComponents.builder()
                        .service("sms-voice").resource("*").arnFormat(ArnFormat.NO_RESOURCE_NAME).build())));

        var key = Key.Builder.create(this, "Key")
                .description("Kotae: encrypts inbound SMS on the topic and queues")
                .enableKeyRotation(true)
                .build();
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("EndUserMessagingPublishesEncrypted")
                .principals(List.of(new ServicePrincipal(SMS_SERVICE)))
                .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
                .resources(List.of("*"))
                .conditions(fromOurSmsResources)
                .build());

        topic = Topic.Builder.create(this, "Topic")
                .displayName("Kotae inbound SMS")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("OnlyEndUserMessagingPublishes")
                .principals(List.of(new ServicePrincipal(SMS_SERVICE)))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(fromOurSmsResources)
                .build());

        deadLetters = Queue.Builder.create(this, "DeadLetters")
                .encryption(QueueEncryption.KMS)
                .encryptionMasterKey(key)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        queue = Queue.Builder.create(this, "Queue")
                .encryption(QueueEncryption.KMS)
                .encryptionMasterKey(key)
                .enforceSsl(true)
                .visibilityTimeout(Duration.seconds(VISIBILITY_TIMEOUT_SECONDS))
                .retentionPeriod(Duration.days(14))
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(MAX_RECEIVE_COUNT).build())
                .build();
        // The SNS envelope stays on (no raw delivery): its Timestamp is what orders replies.
        topic.addSubscription(SqsSubscription.Builder.create(queue).rawMessageDelivery(false).build());

        events = EventBus.Builder.create(this, "Events")
                .description("Kotae: ConversationConfirmed, RecipientOptedOut and RecipientOptedIn")
                .build();

        var environment = sending.environment();
        environment.put("BRAND_NAME", props.brandName());
        environment.put("HELP_CONTACT", props.helpContact());
        environment.put("EVENT_BUS_NAME", events.getEventBusName());
        environment.put("SELF_MANAGED_OPT_OUTS", Boolean.toString(props.selfManagedOptOuts()));
        props.optOutList().ifPresent(list -> environment.put("OPT_OUT_LIST_NAME", list));
        props.keywordOverrides().ifPresent(json -> environment.put("KEYWORD_OVERRIDES", json));
        var inbound = new KotaeFunction(this, "Function", KotaeFunction.Props.builder()
                .handler("dev.kotae.conversations.boundary.InboundMessageHandler::handleRequest")
                .description("Kotae: answers inbound SMS keywords and keeps conversation state")
                .code(sending.code())
                .environment(environment)
                .timeout(Duration.seconds(FUNCTION_TIMEOUT_SECONDS))
                .build());
        inbound.alias().addEventSource(SqsEventSource.Builder.create(queue)
                .batchSize(10)
                .reportBatchItemFailures(true)
                .maxConcurrency(props.maxConcurrency())
                .build());
        sending.table().grant(inbound.role(), "dynamodb:Query", "dynamodb:ConditionCheckItem", "dynamodb:PutItem",
                "dynamodb:UpdateItem", "dynamodb:DeleteItem");
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
                    .appliesTo(List.of("Resource::arn:<AWS::Partition>:sms-voice:<AWS::Region>:<AWS::AccountId>:phone-number/*"))
                    .build()), true);
        }
        props.optOutList().ifPresent(list -> inbound.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("sms-voice:PutOptedOutNumber", "sms-voice:DeleteOptedOutNumber"))
                .resources(List.of(sending.smsArn("opt-out-list", list)))
                .build()));
        events.grantPutEventsTo(inbound.role());

        enableTwoWay(sending, props, fromOurSmsResources);
    }

    public Topic topic() {
        return topic;
    }

    public Queue queue() {
        return queue;
    }

    public Queue deadLetters() {
        return deadLetters;
    }

    public EventBus events() {
        return events;
    }

    private void enableTwoWay(Sending sending, Props props, Map<String, Object> fromOurSmsResources) {
        var channelRole = Role.Builder.create(this, "TwoWayRole")
                .description("Assumed by End User Messaging to publish inbound SMS to Kotae's topic")
                .assumedBy(new ServicePrincipal(SMS_SERVICE).withConditions(fromOurSmsResources))
                .build();
        topic.grantPublish(channelRole);
        NagSuppressions.addResourceSuppressions(channelRole, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("The topic's publish grant: GenerateDataKey* (GenerateDataKey and its no-plaintext variant)"
                        + " on this stack's one key, which End User Messaging needs to publish encrypted messages.")
                .appliesTo(List.of("Action::kms:GenerateDataKey*"))
                .build()), true);

        var channel = new KotaeFunction(this, "TwoWayChannel", KotaeFunction.Props.builder()
                .handler("dev.kotae.twoway.boundary.TwoWayChannelHandler::handleRequest")
                .description("Kotae: custom resource turning two-way SMS on for the configured number or pool")
                .code(sending.code())
                .timeout(Duration.seconds(60))
                .build());
        var kind = sending.sendsFromPool() ? "Pool" : "PhoneNumber";
        channel.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("sms-voice:Describe" + kind + "s", "sms-voice:Update" + kind))
                .resources(List.of(sending.identityArn()))
                .build());
        channelRole.grantPassRole(channel.role());

        var resource = CustomResource.Builder.create(this, "TwoWayChannelSetting")
                .serviceToken(channel.alias().getFunctionArn())
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
                        boolean selfManagedOptOuts, Optional<String> keywordOverrides, int maxConcurrency) {

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
            private Optional<String> keywordOverrides = Optional.empty();
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

            public Builder keywordOverrides(Optional<String> keywordOverrides) {
                this.keywordOverrides = keywordOverrides;
                return this;
            }

            public Builder maxConcurrency(int maxConcurrency) {
                this.maxConcurrency = maxConcurrency;
                return this;
            }

            public Props build() {
                return new Props(sending, brandName, helpContact, optOutList, selfManagedOptOuts, keywordOverrides,
                        maxConcurrency);
            }
        }
    }
}
