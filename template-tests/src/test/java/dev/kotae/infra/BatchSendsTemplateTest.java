package dev.kotae.infra;

import dev.kotae.settings.KotaeSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.kotae.infra.Synthesized.properties;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bulk sends as deployed: the encrypted batch queue and its dead-letter queue, the sender reading it
 * with bounded concurrency and partial batch responses, the batch API's methods, who may put entries
 * on the queue, and the alarm on a queue that stops draining.
 */
class BatchSendsTemplateTest {

    private static final String SENDER = "dev.kotae.batches.boundary.BatchSendHandler::handleRequest";
    private static final String CREATE = "dev.kotae.batches.boundary.CreateBatchHandler::handleRequest";

    private static Synthesized synthesized;

    @BeforeAll
    static void synthesizeOnce() {
        synthesized = Synthesized.withContext(Map.of(KotaeSettings.MESSAGES_PER_SECOND, "45"));
    }

    @Test
    void theQueueIsEncryptedWithItsOwnKeyAndDeadLettersAfterFiveReceives() {
        var key = new Capture();
        var deadLetters = new Capture();
        synthesized.template().hasResourceProperties("AWS::SQS::Queue", Map.of(
                "KmsMasterKeyId", Map.of("Fn::GetAtt", List.of(key, "Arn")),
                "VisibilityTimeout", SmsEventChannel.VISIBILITY_TIMEOUT_PER_FUNCTION_TIMEOUT * BatchSends.SENDER_TIMEOUT_SECONDS,
                "RedrivePolicy", Map.of("deadLetterTargetArn", Map.of("Fn::GetAtt", List.of(deadLetters, "Arn")),
                        "maxReceiveCount", BatchSends.MAX_RECEIVE_COUNT)));

        assertThat(properties(synthesized.resources("AWS::SQS::Queue").get(deadLetters.asString())))
                .containsEntry("KmsMasterKeyId", Map.of("Fn::GetAtt", List.of(key.asString(), "Arn")));
        assertThat(properties(synthesized.resources("AWS::KMS::Key").get(key.asString())))
                .containsEntry("EnableKeyRotation", true);
    }

    @Test
    void theSenderReadsTheQueueTenAtATimeWithAtMostOneSenderPerTenPartsASecond() {
        var sender = functionWithHandler(SENDER);
        assertThat(properties(sender)).containsEntry("Timeout", BatchSends.SENDER_TIMEOUT_SECONDS);
        assertThat(environment(sender)).containsEntry("MESSAGES_PER_SECOND", "45")
                .containsKey("BATCH_QUEUE_URL");

        var mappings = synthesized.resources("AWS::Lambda::EventSourceMapping").values().stream()
                .map(Synthesized::properties)
                .filter(mapping -> String.valueOf(mapping.get("EventSourceArn")).contains("BatchSendsQueue")).toList();
        assertThat(mappings).singleElement().satisfies(mapping -> {
            assertThat(mapping).containsEntry("BatchSize", 10)
                    .containsEntry("FunctionResponseTypes", List.of("ReportBatchItemFailures"))
                    .containsEntry("ScalingConfig", Map.of("MaximumConcurrency", 5));
            assertThat(String.valueOf(mapping.get("FunctionName"))).as("through the sender's alias")
                    .contains("BatchSendsBatchSenderLive");
        });
    }

    @Test
    void onlyTheBatchApiTheSenderAndTheSchedulesMayPutEntriesOnTheQueue() {
        var sendingRoles = new ArrayList<String>();
        synthesized.resources("AWS::IAM::Policy").values().forEach(policy -> statements(policy).forEach(statement -> {
            if (String.valueOf(statement.get("Action")).contains("sqs:SendMessage")
                    && String.valueOf(statement.get("Resource")).contains("BatchSendsQueue")) {
                sendingRoles.add(String.valueOf(properties(policy).get("Roles")));
            }
        }));

        var schedulerRole = synthesized.resources("AWS::IAM::Role").entrySet().stream()
                .filter(role -> String.valueOf(properties(role.getValue()).get("AssumeRolePolicyDocument"))
                        .contains("scheduler.amazonaws.com")).map(Map.Entry::getKey).findFirst().orElseThrow();
        assertThat(sendingRoles).containsExactlyInAnyOrder(roleOf(functionWithHandler(CREATE)),
                roleOf(functionWithHandler(SENDER)), String.valueOf(List.of(Map.of("Ref", schedulerRole))));
    }

    @Test
    void theBatchMethodsRequireIamAndTheirPathParameter() {
        for (var method : List.of("GET", "DELETE")) {
            synthesized.template().hasResourceProperties("AWS::ApiGateway::Method", Map.of(
                    "HttpMethod", method,
                    "AuthorizationType", "AWS_IAM",
                    "RequestParameters", Map.of("method.request.path.batchId", true)));
        }
        var post = synthesized.resources("AWS::ApiGateway::Method").values().stream().map(Synthesized::properties)
                .filter(method -> "POST".equals(method.get("HttpMethod"))).toList();
        assertThat(post).hasSize(2).allSatisfy(method -> assertThat(method).containsEntry("AuthorizationType", "AWS_IAM"));
    }

    @Test
    void aQueueThatStopsDrainingRaisesAnAlarm() {
        synthesized.template().hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmDescription", Match.stringLikeRegexp(".*none has left the batch queue.*#runbook-batch-queue-stalled"),
                "Metrics", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Expression", "IF(waiting > 0 AND left == 0, 1, 0)"))))));
    }

    private static Map<String, Object> functionWithHandler(String handler) {
        var functions = synthesized.resources("AWS::Lambda::Function").values().stream()
                .filter(function -> handler.equals(properties(function).get("Handler"))).toList();
        assertThat(functions).hasSize(1);
        return functions.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(Map<String, Object> function) {
        return (Map<String, Object>) ((Map<String, Object>) properties(function).get("Environment")).get("Variables");
    }

    /** The function's role, as a policy's Roles list names it. */
    @SuppressWarnings("unchecked")
    private static String roleOf(Map<String, Object> function) {
        var role = ((List<Object>) ((Map<String, Object>) properties(function).get("Role")).get("Fn::GetAtt")).get(0);
        return String.valueOf(List.of(Map.of("Ref", role)));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(Map<String, Object> policy) {
        return (List<Map<String, Object>>) ((Map<String, Object>) properties(policy).get("PolicyDocument")).get("Statement");
    }
}
