package dev.kotae.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.lambda.FilterCriteria;
import software.amazon.awscdk.services.lambda.FilterRule;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.DynamoEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * Conversation events, from the table's stream to the event bus. The inbound function commits a
 * decision's events with the decision itself, and this function publishes them: no event without
 * its decision, no EventBridge call on the reply path, at least once and ten to a PutEvents call.
 * Only new decisions with events reach it (an event filter on the stream); a batch that keeps
 * failing is split, retried, and at last named on a failure queue.
 */
public final class EventRelay extends Construct {

    /** The source of every event Kotae publishes; the functions publish under the same (a contract test ties them). */
    public static final String SOURCE = "kotae";

    static final int FUNCTION_TIMEOUT_SECONDS = 30;
    /** Events normally leave within seconds; minutes behind means the relay is failing or throttled. */
    private static final Duration LAG = Duration.minutes(5);
    /** The stream keeps records for 24 hours; a record older than that is gone anyway. */
    private static final Duration MAX_RECORD_AGE = Duration.hours(24);

    private final Queue failures;

    public EventRelay(Construct scope, String id, Props props) {
        super(scope, id);
        var function = new KotaeFunction(this, "Relay", KotaeFunction.Props.builder()
                .handler("dev.kotae.conversations.boundary.EventRelayHandler::handleRequest")
                .description("Kotae: publishes committed conversation events from the table's stream")
                .defaults(props.defaults())
                .environment(props.defaults().environment().eventRelay(props.events().getEventBusName()))
                .timeout(Duration.seconds(FUNCTION_TIMEOUT_SECONDS))
                .build());
        props.events().grantPutEventsTo(function.role());
        // SnapStart priming describes the bus (a read, the only call its priming transmits: the publish never leaves
        // the process), so the restored function finds its connection loaded and a missing bus is reported at deploy
        // time. DescribeEventBus takes the event-bus resource type (Service Authorization Reference, EventBridge).
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(function.role()).scope(props.events())
                .actions(List.of("events:DescribeEventBus")).resourceArns(List.of(props.events().getEventBusArn()))
                .build());
        // Only the relay may publish Kotae's events: an explicit deny in the bus's policy holds in this account
        // too, whatever a principal's own policy allows (events:source is PutEvents' multi-valued key; Service
        // Authorization Reference, "Actions, resources, and condition keys for Amazon EventBridge").
        props.events().addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("OnlyTheRelayPublishesKotaeEvents")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("events:PutEvents"))
                .resources(List.of(props.events().getEventBusArn()))
                .conditions(Map.of(
                        "ForAnyValue:StringEquals", Map.of("events:source", List.of(SOURCE)),
                        "ArnNotEquals", Map.of("aws:PrincipalArn", function.role().getRoleArn())))
                .build());
        // The stream read the event source needs (granted by DynamoEventSource through grantStreamRead)
        // includes ListStreams, which IAM cannot scope to a table.
        NagSuppressions.addResourceSuppressions(function.role(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("dynamodb:ListStreams has no resource-level permissions; every other stream action is"
                        + " scoped to this table's stream.")
                .appliesTo(List.of("Resource::*"))
                .build(), NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("The failure queue's send grant (from SqsDlq): ReEncrypt* and GenerateDataKey* on that"
                        + " queue's own key only.")
                .appliesTo(List.of("Action::kms:ReEncrypt*", "Action::kms:GenerateDataKey*"))
                .build()), true);

        failures = Queue.Builder.create(this, "Failures")
                .encryption(QueueEncryption.KMS)
                .encryptionMasterKey(Keys.deletedWithStack(this, "FailuresKey",
                        "Kotae: encrypts descriptions of event batches that could not be published"))
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        NagSuppressions.addResourceSuppressions(failures, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-SQS3")
                .reason("This queue is itself the stream event source's failure destination: it receives a"
                        + " description of each batch that could not be published, for the runbook to act on.")
                .build()));
        var monitoring = props.defaults().monitoring();
        monitoring.raise(this, "EventRelayFailures", "event-relay-failures", "Conversation events could not be published",
                failures.metricApproximateNumberOfMessagesVisible(Monitoring.max(Duration.minutes(1))), 1,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
        monitoring.raise(this, "EventRelayLag", "event-relay-lag", "Conversation events wait longer than "
                        + LAG.toHumanString() + " to be published",
                function.function().metric("IteratorAge", Monitoring.max(Duration.minutes(1))),
                LAG.toMilliseconds(), ComparisonOperator.GREATER_THAN_THRESHOLD);

        function.alias().addEventSource(DynamoEventSource.Builder.create(props.defaults().table())
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .batchSize(100)
                // One batch at a time per shard keeps each number's events in the order they were decided.
                .parallelizationFactor(1)
                .bisectBatchOnError(true)
                .reportBatchItemFailures(true)
                .retryAttempts(10)
                .maxRecordAge(MAX_RECORD_AGE)
                .onFailure(new SqsDlq(failures))
                .filters(List.of(FilterCriteria.filter(Map.of(
                        "eventName", FilterRule.isEqual("INSERT"),
                        "dynamodb", Map.of("NewImage", Map.of("publish", Map.of("BOOL", FilterRule.isEqual(true))))))))
                .build());
    }

    /** Where descriptions of batches that could not be published land. */
    public Queue failures() {
        return failures;
    }

    /**
     * The stream it reads is {@code defaults}' table's.
     *
     * @param events the bus the events go to
     */
    public record Props(FunctionDefaults defaults, EventBus events) {

        public Props {
            Objects.requireNonNull(defaults, "defaults");
            Objects.requireNonNull(events, "events");
        }
    }
}
