package dev.kotae.infra;

import dev.kotae.settings.FunctionEnvironment;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.scheduler.ScheduleGroup;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Scheduled messages: an EventBridge Scheduler schedule group holding one one-time schedule per
 * message (created by the send function, and by the scheduled-send function for one that fires in its
 * recipient's night, deleted by the cancel function or by itself once fired),
 * the role the scheduler assumes to invoke the scheduled-send function, that function, and the queue
 * where a firing that failed every attempt lands.
 *
 * <p>EventBridge Scheduler invokes Lambda asynchronously (Lambda Developer Guide, "Invoking a Lambda
 * function on a schedule"): the schedules' retry policy covers the invocation, and Lambda's own
 * asynchronous retries (this function's event invoke configuration) cover the function's failures.
 * Both stop after {@link #MAXIMUM_EVENT_AGE}, the functions' send deadline, and both end in the same
 * queue.
 */
public final class ScheduledSends extends Construct {

    /** As long as a scheduled message may still go out late; a contract test holds it to the functions' deadline. */
    static final Duration MAXIMUM_EVENT_AGE = Duration.hours(1);
    /** Lambda's most for asynchronous invocation: a throttled send is tried again one, then two, minutes later. */
    static final int FUNCTION_RETRIES = 2;
    private static final String SCHEDULER = "scheduler.amazonaws.com";
    /** The encryption context EventBridge Scheduler sends KMS for a schedule's input. */
    private static final String SCHEDULE_ENCRYPTION_CONTEXT = "kms:EncryptionContext:aws:scheduler:schedule:arn";

    private final ScheduleGroup group;
    private final Key inputKey;
    private final Role schedulerRole;
    private final KotaeFunction function;
    private final Queue failures;

    public ScheduledSends(Construct scope, String id, Props props) {
        super(scope, id);
        var defaults = props.defaults();
        // Deleted with the stack, and its schedules with it (EventBridge Scheduler API Reference,
        // DeleteScheduleGroup): they target the function and role the stack deletes, and a retained group
        // keeps its generated name, which a later deploy of the same stack would fail to create again.
        group = ScheduleGroup.Builder.create(this, "Group").removalPolicy(RemovalPolicy.DESTROY).build();
        // Each schedule's input holds the message's body, up to a year: encrypted with a key of the stack's, as
        // every other store of bodies is (CreateSchedule's KmsKeyArn; EventBridge Scheduler User Guide,
        // "Encryption at rest").
        inputKey = Keys.deletedWithStack(this, "InputKey", "Kotae: encrypts scheduled messages' inputs, bodies included,"
                + " in EventBridge Scheduler");
        var failuresKey = Keys.deletedWithStack(this, "FailuresKey",
                "Kotae: encrypts scheduled messages that could not be sent, bodies included");
        failures = Queue.Builder.create(this, "Failures")
                .encryption(QueueEncryption.KMS)
                .encryptionMasterKey(failuresKey)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        NagSuppressions.addResourceSuppressions(failures, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-SQS3")
                .reason("This queue is itself the dead-letter queue of the schedules and of the scheduled-send"
                        + " function's asynchronous invocations; the runbook says what to do with what lands here.")
                .build()));
        var monitoring = defaults.monitoring();
        monitoring.onDeadLetters(this, "ScheduledSends", failures);
        // EventBridge Scheduler's own failures, which no dead-letter queue of Kotae's sees (EventBridge Scheduler
        // User Guide, "Monitoring EventBridge Scheduler with Amazon CloudWatch"): a firing given up on, and one whose
        // dead-letter queue refused it. Either loses a scheduled message's input, body included.
        monitoring.raise(this, "SchedulesDropped", "schedules-dropped", "EventBridge Scheduler gave up invoking a scheduled"
                        + " message's target after its retries", group.metricDropped(Monitoring.sum(Monitoring.FIVE_MINUTES)), 1,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
        monitoring.raise(this, "ScheduleDeadLettersLost", "schedule-dead-letters-lost", "EventBridge Scheduler could not put"
                        + " a failed firing on its dead-letter queue", group.metricFailedToBeSentToDLQ(null,
                        Monitoring.sum(Monitoring.FIVE_MINUTES)), 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);

        // Only schedules in this group, in this account, may have the scheduler act as this role (EventBridge
        // Scheduler User Guide, "Set up the execution role": aws:SourceArn names the schedule group).
        var stack = Stack.of(this);
        schedulerRole = Role.Builder.create(this, "SchedulerRole")
                .description("Kotae: EventBridge Scheduler invokes the scheduled-send function as this role")
                .assumedBy(new ServicePrincipal(SCHEDULER).withConditions(Map.of("StringEquals", Map.of(
                        "aws:SourceAccount", stack.getAccount(),
                        "aws:SourceArn", group.getScheduleGroupArn()))))
                .build();

        function = new KotaeFunction(this, "ScheduledSend", KotaeFunction.Props.builder()
                .handler("dev.kotae.messages.boundary.ScheduledSendHandler::handleRequest")
                .description("Kotae: sends a scheduled message when its schedule fires")
                .defaults(defaults)
                // Where it holds a message again for its recipient's night; not the target: it names the alias it was
                // invoked by, which its own environment cannot name.
                .environment(defaults.environment().scheduledSend(group.getScheduleGroupName(), schedulerRole.getRoleArn(),
                        failures.getQueueArn(), inputKey.getKeyArn()))
                .timeout(KotaeFunction.SENDING_TIMEOUT)
                .build());
        defaults.grantTable(function.role(), "dynamodb:ConditionCheckItem", "dynamodb:PutItem", "dynamodb:UpdateItem");
        defaults.allowSending(function.role());
        // A message that fires in its recipient's night (a late firing of one booked just before it) is held again.
        allowBooking(function.role());
        function.alias().configureAsyncInvoke(EventInvokeConfigOptions.builder()
                .retryAttempts(FUNCTION_RETRIES)
                .maxEventAge(MAXIMUM_EVENT_AGE)
                .onFailure(new SqsDestination(failures))
                .build());
        function.alias().grantInvoke(schedulerRole);
        failures.grantSendMessages(schedulerRole);
        // The scheduler decrypts a schedule's input as this role when it fires (EventBridge Scheduler User Guide,
        // "Encryption at rest": its Decrypt calls carry the schedule's ARN as encryption context).
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(schedulerRole).scope(inputKey)
                .actions(List.of("kms:Decrypt")).resourceArns(List.of(inputKey.getKeyArn()))
                .conditions(Map.of("ArnLike", Map.of(SCHEDULE_ENCRYPTION_CONTEXT, schedulesOfTheGroup())))
                .build());
        // EventBridge Scheduler User Guide, "Troubleshooting": an encrypted dead-letter queue's key must let the
        // scheduler use it, besides the execution role's own grant.
        failuresKey.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("SchedulerSendsDeadLetters")
                .principals(List.of(new ServicePrincipal(SCHEDULER)))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                .resources(List.of("*"))
                .conditions(actingForTheGroup())
                .build());
        for (var sender : List.of(schedulerRole, function.role())) {
            NagSuppressions.addResourceSuppressions(sender, List.of(NagPackSuppression.builder()
                    .id("AwsSolutions-IAM5")
                    .reason("The send grants of the failure queue (grantSendMessages, and SqsDestination for the"
                            + " function) and, for the scheduler, of the batch queue and its dead-letter queue:"
                            + " GenerateDataKey* and ReEncrypt* on those queues' own keys only.")
                    .appliesTo(List.of("Action::kms:GenerateDataKey*", "Action::kms:ReEncrypt*"))
                    .build()), true);
        }
    }

    /**
     * Where a batch sent later waits: one schedule per entry in this group, firing as the scheduler's role,
     * which may send to {@code target} (the batch queue) and, when a schedule cannot deliver within its
     * retry policy, to {@code deadLetters}. Both are encrypted with {@code key}, whose policy must let the
     * scheduler use it for the dead-letter queue (EventBridge Scheduler User Guide, "Troubleshooting").
     */
    public FunctionEnvironment.Scheduling deliveringTo(Queue target, Queue deadLetters, IKey key) {
        target.grantSendMessages(schedulerRole);
        deadLetters.grantSendMessages(schedulerRole);
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("SchedulerSendsBatchDeadLetters")
                .principals(List.of(new ServicePrincipal(SCHEDULER)))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                .resources(List.of("*"))
                .conditions(actingForTheGroup())
                .build());
        return new FunctionEnvironment.Scheduling(group.getScheduleGroupName(), schedulerRole.getRoleArn(),
                target.getQueueArn(), deadLetters.getQueueArn(), inputKey.getKeyArn());
    }

    /** What the send and cancel functions are told: where schedules go, as whom they fire, and where failures land. */
    public FunctionEnvironment.Scheduling where() {
        return new FunctionEnvironment.Scheduling(group.getScheduleGroupName(), schedulerRole.getRoleArn(),
                function.alias().getFunctionArn(), failures.getQueueArn(), inputKey.getKeyArn());
    }

    /**
     * Lets {@code role} create schedules in the group (never update one: Kotae creates each once), firing as
     * the scheduler's role and no other, with their input encrypted by the stack's key. The caller of
     * CreateSchedule has EventBridge Scheduler use the key on its behalf (EventBridge Scheduler User Guide,
     * "Using identity-based policies", CreateSchedule with a customer managed key): DescribeKey through
     * the service, and GenerateDataKey and Decrypt for this group's schedules only.
     */
    public void allowBooking(IRole role) {
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(role).scope(group)
                .actions(List.of("scheduler:CreateSchedule")).resourceArns(List.of(schedulesOfTheGroup())).build());
        // CreateSchedule passes the scheduler's role to EventBridge Scheduler, and this grant lets it go nowhere else
        // (Service Authorization Reference, EventBridge Scheduler: CreateSchedule needs iam:PassRole, with
        // iam:PassedToService scheduler.amazonaws.com).
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(role).scope(schedulerRole)
                .actions(List.of("iam:PassRole")).resourceArns(List.of(schedulerRole.getRoleArn()))
                .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", SCHEDULER))).build());
        var throughTheScheduler = Map.of("kms:ViaService", "scheduler." + Stack.of(this).getRegion() + ".amazonaws.com");
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(role).scope(inputKey)
                .actions(List.of("kms:DescribeKey")).resourceArns(List.of(inputKey.getKeyArn()))
                .conditions(Map.of("StringEquals", throughTheScheduler)).build());
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(role).scope(inputKey)
                .actions(List.of("kms:GenerateDataKey", "kms:Decrypt")).resourceArns(List.of(inputKey.getKeyArn()))
                .conditions(Map.of("StringEquals", throughTheScheduler,
                        "ArnLike", Map.of(SCHEDULE_ENCRYPTION_CONTEXT, schedulesOfTheGroup())))
                .build());
        acknowledgeEverySchedule(role, "Each scheduled message gets its own schedule, named by its id: creating"
                + " them needs schedule/<Kotae's group>/*, within this one group only.");
    }

    /** Lets {@code role} delete schedules in the group. */
    public void allowCanceling(IRole role) {
        group.grantDeleteSchedules(role);
        acknowledgeEverySchedule(role, "A cancel deletes the message's own schedule, named by its id:"
                + " schedule/<Kotae's group>/*, within this one group only.");
    }

    /**
     * EventBridge Scheduler acting for this group: its account, and as its source the group (as the execution
     * role's trust names it: EventBridge Scheduler User Guide, "Set up the execution role") or one of its schedules.
     */
    private Map<String, Object> actingForTheGroup() {
        return Map.of("StringEquals", Map.of("aws:SourceAccount", Stack.of(this).getAccount()),
                "ArnLike", Map.of("aws:SourceArn", List.of(group.getScheduleGroupArn(), schedulesOfTheGroup())));
    }

    /** Every schedule of the group: {@code arn:…:scheduler:<region>:<account>:schedule/<group>/*}. */
    private String schedulesOfTheGroup() {
        return Stack.of(this).formatArn(ArnComponents.builder().service("scheduler").resource("schedule")
                .resourceName(group.getScheduleGroupName() + "/*").arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
    }

    private static void acknowledgeEverySchedule(IRole role, String reason) {
        NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason(reason)
                // The region and account are literals or tokens depending on what synth knows of them.
                .appliesTo(List.of(RegexAppliesTo.builder()
                        .regex("/^Resource::arn:(<AWS::Partition>|aws[a-z-]*):scheduler:.+:schedule\\/[^/]+\\/\\*$/")
                        .build()))
                .build()), true);
    }

    public KotaeFunction function() {
        return function;
    }

    /** Where every scheduled message's (and batch entry's) schedule is, for its metrics. */
    public ScheduleGroup group() {
        return group;
    }

    /** Where scheduled messages that failed every attempt land, with their input. */
    public Queue failures() {
        return failures;
    }

    public record Props(FunctionDefaults defaults) {

        public Props {
            Objects.requireNonNull(defaults, "defaults");
        }
    }
}
