package dev.kotae.infra;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;

import java.util.List;
import java.util.Map;

import static dev.kotae.infra.Synthesized.properties;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scheduled sends as deployed: the schedule group, the role EventBridge Scheduler assumes (trusted for
 * this account's group only, allowed to invoke the scheduled-send function and nothing else), the
 * function's asynchronous retries, the failure queue, and who may create and delete schedules.
 */
class ScheduledSendsTemplateTest {

    private static Synthesized synthesized;

    @BeforeAll
    static void synthesizeOnce() {
        synthesized = Synthesized.withContext(Map.of());
    }

    @Test
    void theSchedulerRoleIsTrustedForThisAccountsScheduleGroupOnly() {
        var group = new Capture();
        synthesized.template().resourceCountIs("AWS::Scheduler::ScheduleGroup", 1);
        synthesized.template().hasResourceProperties("AWS::IAM::Role", Map.of("AssumeRolePolicyDocument", Map.of(
                "Statement", List.of(Map.of(
                        "Action", "sts:AssumeRole",
                        "Effect", "Allow",
                        "Principal", Map.of("Service", "scheduler.amazonaws.com"),
                        "Condition", Map.of("StringEquals", Map.of(
                                "aws:SourceAccount", Synthesized.ACCOUNT,
                                "aws:SourceArn", Map.of("Fn::GetAtt", List.of(group, "Arn")))))),
                "Version", "2012-10-17")));

        assertThat(synthesized.resources("AWS::Scheduler::ScheduleGroup")).containsKey(group.asString());
    }

    @Test
    void theSchedulerRoleMayInvokeTheScheduledSendFunctionAndSendItsFailuresOnly() {
        var actions = synthesized.resources("AWS::IAM::Policy").values().stream()
                .filter(policy -> String.valueOf(properties(policy).get("Roles")).contains("SchedulerRole"))
                .flatMap(policy -> statements(policy).stream())
                .map(statement -> String.valueOf(statement.get("Action")))
                .toList();

        assertThat(actions).containsExactlyInAnyOrder("lambda:InvokeFunction",
                "[sqs:GetQueueAttributes, sqs:GetQueueUrl, sqs:SendMessage]",
                "[kms:Decrypt, kms:Encrypt, kms:GenerateDataKey*, kms:ReEncrypt*]", "kms:Decrypt");
    }

    @Test
    void aFailedFiringIsRetriedTwiceWithinTheHourThenQueued() {
        synthesized.template().hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of(
                "MaximumRetryAttempts", ScheduledSends.FUNCTION_RETRIES,
                "MaximumEventAgeInSeconds", 3600,
                "Qualifier", Match.anyValue(),
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination", Match.objectLike(Map.of(
                        "Fn::GetAtt", Match.arrayWith(List.of("Arn"))))))));
    }

    @Test
    void onlyTheSendCreateBatchBatchSenderAndScheduledSendFunctionsCreateSchedulesAndOnlyTheCancelFunctionsDeleteThem() {
        var byAction = new java.util.HashMap<String, List<String>>();
        synthesized.resources("AWS::IAM::Policy").values().forEach(policy -> statements(policy).forEach(statement -> {
            var action = String.valueOf(statement.get("Action"));
            var passesTheSchedulerRole = action.contains("iam:PassRole")
                    && String.valueOf(statement.get("Resource")).contains("SchedulerRole");
            if (action.contains("scheduler:") || passesTheSchedulerRole) {
                byAction.computeIfAbsent(action, key -> new java.util.ArrayList<>())
                        .add(String.valueOf(properties(policy).get("Roles")));
            }
        }));

        assertThat(byAction).hasSize(3);
        // The batch sender holds an entry whose turn comes in its recipient's night until the morning, and the
        // scheduled send a message that fires in its recipient's night.
        var booking = List.of("SendApiSendRole", "BatchSendsCreateBatchRole", "BatchSendsBatchSenderRole",
                "ScheduledSendsScheduledSendRole");
        for (var action : List.of("scheduler:CreateSchedule", "iam:PassRole")) {
            assertThat(byAction.get(action)).as(action).hasSize(4).allSatisfy(role ->
                    assertThat(booking).anySatisfy(bookingRole -> assertThat(role).contains(bookingRole)));
        }
        // The scheduler's role may be passed to EventBridge Scheduler only.
        var passes = synthesized.resources("AWS::IAM::Policy").values().stream()
                .flatMap(policy -> statements(policy).stream())
                .filter(statement -> "iam:PassRole".equals(statement.get("Action"))
                        && String.valueOf(statement.get("Resource")).contains("SchedulerRole")).toList();
        assertThat(passes).hasSize(4).allSatisfy(statement -> assertThat(statement.get("Condition"))
                .isEqualTo(Map.of("StringEquals", Map.of("iam:PassedToService", "scheduler.amazonaws.com"))));
        assertThat(byAction.get("scheduler:DeleteSchedule")).hasSize(2).anySatisfy(role ->
                assertThat(role).contains("SendApiCancelRole")).anySatisfy(role ->
                assertThat(role).contains("BatchSendsCancelBatchRole"));
    }

    /**
     * The scheduled-send function is told where to hold a message again for the night (the group, the scheduler's
     * role, the dead letters, the key), as the send function is, but not the target: itself, whose alias its
     * environment cannot name without a cycle; its night holds name the ARN it was invoked by.
     */
    @Test
    void theScheduledSendIsToldWhereToHoldAgainButNotItsOwnAliasWhichTheBookingFunctionsAreTold() {
        var told = synthesized.environmentOf("ScheduledSendHandler");
        var send = synthesized.environmentOf("SendMessageHandler");

        for (var variable : List.of("SCHEDULE_GROUP_NAME", "SCHEDULER_ROLE_ARN", "SCHEDULE_DEAD_LETTER_QUEUE_ARN",
                "SCHEDULE_INPUT_KEY_ARN")) {
            assertThat(told.get(variable)).as(variable).isNotNull().isEqualTo(send.get(variable));
        }
        assertThat(told).doesNotContainKey("SCHEDULED_SEND_TARGET_ARN");
        // The functions that book for the deployment's own target are told it (the settings reader takes it as optional).
        for (var booking : List.of("SendMessageHandler", "CreateBatchHandler", "BatchSendHandler")) {
            assertThat(synthesized.environmentOf(booking)).as(booking).containsKey("SCHEDULED_SEND_TARGET_ARN");
        }
    }

    /**
     * The schedules' inputs (message bodies) are encrypted with the stack's key: the booking functions are told
     * it and may have EventBridge Scheduler use it for this group's schedules only, and the scheduler's role
     * may decrypt them for those schedules only.
     */
    @Test
    void scheduleInputsAreEncryptedWithTheStacksKeyForThisGroupsSchedulesOnly() {
        var key = new Capture();
        synthesized.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", Match.stringLikeRegexp(".*SendMessageHandler.*"),
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "SCHEDULE_INPUT_KEY_ARN", Map.of("Fn::GetAtt", List.of(key, "Arn")))))));
        assertThat(synthesized.resources("AWS::KMS::Key").get(key.asString()).get("DeletionPolicy")).isEqualTo("Delete");
        var theGroupsSchedules = Map.of("kms:EncryptionContext:aws:scheduler:schedule:arn",
                Match.stringLikeRegexp(Synthesized.arn("scheduler", "schedule/") + "Kotae-ScheduledSends-Group-.+/\\*"));
        var keyArn = Map.of("Fn::GetAtt", List.of(key.asString(), "Arn"));
        var statements = synthesized.resources("AWS::IAM::Policy").values().stream()
                .flatMap(policy -> statements(policy).stream().map(statement -> Map.entry(
                        String.valueOf(properties(policy).get("Roles")), statement)))
                .filter(entry -> keyArn.equals(entry.getValue().get("Resource"))).toList();

        assertThat(statements).filteredOn(entry -> entry.getValue().get("Action").equals(List.of("kms:Decrypt",
                "kms:GenerateDataKey"))).extracting(Map.Entry::getKey).hasSize(4)
                .allSatisfy(roles -> assertThat(roles).containsAnyOf("SendApiSendRole", "BatchSendsCreateBatchRole",
                        "BatchSendsBatchSenderRole", "ScheduledSendsScheduledSendRole"));
        assertThat(statements).filteredOn(entry -> entry.getKey().contains("SchedulerRole")).singleElement()
                .satisfies(entry -> assertThat(entry.getValue().get("Action")).isEqualTo("kms:Decrypt"));
        assertThat(statements).allSatisfy(entry -> assertThat(String.valueOf(entry.getValue().get("Condition")))
                .contains(entry.getValue().get("Action").equals("kms:DescribeKey") ? "kms:ViaService"
                        : "kms:EncryptionContext:aws:scheduler:schedule:arn"));
        synthesized.template().hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Action", List.of("kms:Decrypt", "kms:GenerateDataKey"),
                        "Condition", Map.of("StringEquals", Map.of("kms:ViaService", "scheduler.ap-northeast-1.amazonaws.com"),
                                "ArnLike", theGroupsSchedules))))))));
    }

    /** EventBridge Scheduler may use the dead-letter queues' keys when it acts for this account's group only. */
    @Test
    void theSchedulerMayUseTheDeadLetterKeysForThisGroupOnly() {
        var group = synthesized.resources("AWS::Scheduler::ScheduleGroup").keySet().iterator().next();
        for (var sid : List.of("SchedulerSendsDeadLetters", "SchedulerSendsBatchDeadLetters")) {
            synthesized.template().hasResourceProperties("AWS::KMS::Key", Map.of(
                    "KeyPolicy", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                            "Sid", sid,
                            "Principal", Map.of("Service", "scheduler.amazonaws.com"),
                            "Condition", Map.of(
                                    "StringEquals", Map.of("aws:SourceAccount", Synthesized.ACCOUNT),
                                    "ArnLike", Map.of("aws:SourceArn", List.of(Map.of("Fn::GetAtt", List.of(group, "Arn")),
                                            Match.stringLikeRegexp(Synthesized.arn("scheduler", "schedule/") + ".+/\\*")))))))))));
        }
    }

    @Test
    void cancelIsADeleteOnTheMessageBehindIamAuthorization() {
        synthesized.template().hasResourceProperties("AWS::ApiGateway::Method", Map.of(
                "HttpMethod", "DELETE",
                "AuthorizationType", "AWS_IAM",
                "RequestParameters", Map.of("method.request.path.messageId", true)));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(Map<String, Object> policy) {
        return (List<Map<String, Object>>) ((Map<String, Object>) properties(policy).get("PolicyDocument")).get("Statement");
    }
}
