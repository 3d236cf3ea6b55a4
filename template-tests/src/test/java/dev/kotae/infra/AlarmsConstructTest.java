package dev.kotae.infra;

import dev.kotae.settings.AlarmThresholds;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Code;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each construct raises the alarms on what it owns onto the one alarm topic, tested in a bare stack that
 * holds only the construct and {@link Monitoring}: nothing else of the stack has to exist for them.
 */
class AlarmsConstructTest {

    private static final AlarmThresholds THRESHOLDS = new AlarmThresholds(300, 5, 20, 90, 100, 1000);

    private Stack stack;
    private Monitoring monitoring;

    @BeforeEach
    void bareStack() {
        stack = new Stack(new App(), "Bare");
        monitoring = new Monitoring(stack, "Monitoring", THRESHOLDS, Optional.empty());
    }

    @Test
    void aFunctionAlarmsOnItsOwnErrorsAndThrottlesOntoTheAlarmTopic() {
        new KotaeFunction(stack, "Send", KotaeFunction.Props.builder()
                .handler("dev.kotae.messages.boundary.SendMessageHandler::handleRequest")
                .description("a function")
                .code(Code.fromAsset(Synthesized.FUNCTIONS_JAR))
                .monitoring(monitoring)
                .build());
        var template = Template.fromStack(stack);
        var topic = new Capture();

        for (var metric : List.of("Errors", "Throttles")) {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                    "MetricName", metric,
                    "Namespace", "AWS/Lambda",
                    "Dimensions", List.of(Map.of("Name", "FunctionName", "Value", Map.of("Ref", Match.anyValue()))),
                    "AlarmDescription", Match.stringLikeRegexp("The Send function .*" + Monitoring.RUNBOOK + "function-.*"),
                    "AlarmActions", List.of(Map.of("Ref", topic))));
        }
        assertThat(template.findResources("AWS::SNS::Topic")).containsOnlyKeys(topic.asString());
        template.resourceCountIs("AWS::CloudWatch::Alarm", 2);
    }

    @Test
    void aChannelsDeadLetterQueueAlarmsOnItselfAndShowsOnTheDashboard() {
        var channel = new SmsEventChannel(stack, "Channel", new SmsEventChannel.Props("Inbound", "inbound SMS",
                Duration.seconds(30), "arn:aws:sms-voice:ap-northeast-1:123456789012:phone-number/phone-0123", monitoring));
        var template = Template.fromStack(stack);
        var queue = new Capture();

        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "ApproximateNumberOfMessagesVisible",
                "Dimensions", List.of(Map.of("Name", "QueueName", "Value", Map.of("Fn::GetAtt", List.of(queue, "QueueName")))),
                "AlarmDescription", Match.stringLikeRegexp("Messages reached the Inbound dead-letter queue.*dead-letters"),
                "Threshold", 1));
        assertThat(queue.asString()).isEqualTo(stack.resolve(
                ((software.amazon.awscdk.CfnResource) channel.deadLetters().getNode().getDefaultChild()).getLogicalId()));
        template.resourceCountIs("AWS::CloudWatch::Alarm", 1);
    }
}
