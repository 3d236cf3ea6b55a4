package dev.kotae.infra;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;

import java.util.List;
import java.util.Map;

/**
 * The conversation events carry phone numbers: their bus is encrypted with the stack's key, and only
 * the event relay may publish events of Kotae's source to it.
 */
class EventBusTemplateTest {

    private static Synthesized synthesized;

    @BeforeAll
    static void synthesizeOnce() {
        synthesized = Synthesized.withContext(Map.of());
    }

    @Test
    void theBusIsEncryptedWithTheStacksKey() {
        synthesized.template().hasResourceProperties("AWS::Events::EventBus", Map.of(
                "KmsKeyIdentifier", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("InboundEventsKey.*"), "Arn"))));
    }

    /** EventBridge recommends a dead-letter queue for a bus with a customer managed key; only this bus may fill it. */
    @Test
    void whatEventBridgeCannotEncryptLandsOnTheBussOwnDeadLetterQueue() {
        var queue = new Capture();
        synthesized.template().hasResourceProperties("AWS::Events::EventBus", Map.of(
                "DeadLetterConfig", Map.of("Arn", queue)));
        synthesized.template().hasResourceProperties("AWS::SQS::QueuePolicy", Map.of(
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Allow",
                        "Principal", Map.of("Service", "events.amazonaws.com"),
                        "Action", "sqs:SendMessage",
                        "Resource", queue.asObject(),
                        "Condition", Map.of("ArnEquals", Map.of("aws:SourceArn",
                                Map.of("Fn::GetAtt", List.of(bus(), "Arn")))))))))));
    }

    /** Only this bus may have EventBridge use the dead-letter queue's key: the bus as its name makes it, with no reference. */
    @Test
    void theDeadLetterQueuesKeyServesThisBusOnly() {
        var name = String.valueOf(Synthesized.properties(synthesized.resources("AWS::Events::EventBus").get(bus())).get("Name"));
        synthesized.template().hasResourceProperties("AWS::KMS::Key", Map.of(
                "Description", Match.stringLikeRegexp(".*could not process.*"),
                "KeyPolicy", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Sid", "EventBridgeEncryptsUndeliverableEvents",
                        "Principal", Map.of("Service", "events.amazonaws.com"),
                        "Condition", Map.of("ArnEquals", Map.of("aws:SourceArn",
                                Synthesized.arn("events", "event-bus/" + name))))))))));
    }

    private static String bus() {
        return synthesized.template().findResources("AWS::Events::EventBus").keySet().iterator().next();
    }

    @Test
    void onlyTheRelayMayPublishKotaesSource() {
        var relayRole = new Capture();
        synthesized.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", Match.stringLikeRegexp(".*EventRelayHandler.*"), "Role", relayRole));
        synthesized.template().hasResourceProperties("AWS::Events::EventBusPolicy", Map.of(
                "Statement", Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Principal", Map.of("AWS", "*"),
                        "Action", "events:PutEvents",
                        "Condition", Map.of(
                                "ForAnyValue:StringEquals", Map.of("events:source", List.of(EventRelay.SOURCE)),
                                "ArnNotEquals", Map.of("aws:PrincipalArn", relayRole.asObject()))))));
    }
}
