package dev.kotae.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Conversation events leave from the table's stream through the relay function, never from the reply path. */
class EventRelayTemplateTest {

    private static Synthesized synthesized;

    @BeforeAll
    static void synthesizeOnce() {
        synthesized = Synthesized.withContext(Map.of());
    }

    @Test
    void theTableStreamsNewItems() {
        synthesized.template().hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "StreamSpecification", Map.of("StreamViewType", "NEW_IMAGE")));
    }

    @Test
    void onlyNewDecisionsWithEventsReachTheRelayInOrderAndNothingIsSkipped() throws Exception {
        var pattern = new Capture();
        var failureDestination = new Capture();
        synthesized.template().hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", Match.objectLike(Map.of("Fn::GetAtt", Match.arrayWith(List.of("StreamArn")))),
                "StartingPosition", "TRIM_HORIZON",
                "ParallelizationFactor", 1,
                "BisectBatchOnFunctionError", true,
                "MaximumRetryAttempts", 10,
                "MaximumRecordAgeInSeconds", 86400,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "FilterCriteria", Map.of("Filters", List.of(Map.of("Pattern", pattern))),
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination", failureDestination))));

        var filter = new ObjectMapper().readTree(pattern.asString());
        assertThat(filter.get("eventName").toString()).isEqualTo("[\"INSERT\"]");
        assertThat(filter.at("/dynamodb/NewImage/publish/BOOL").toString()).isEqualTo("[true]");
        synthesized.template().hasResourceProperties("AWS::SQS::Queue", Map.of("KmsMasterKeyId", Match.anyValue()));
        assertThat(failureDestination.asObject()).containsKey("Fn::GetAtt");
    }

    @Test
    void theRelayIsInvokedThroughItsAliasAndKnowsTheBus() {
        var relay = synthesized.template().findResources("AWS::Lambda::Function", Map.of("Properties", Map.of(
                "Handler", "dev.kotae.conversations.boundary.EventRelayHandler::handleRequest")));
        assertThat(relay).hasSize(1);
        synthesized.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.kotae.conversations.boundary.EventRelayHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of("EVENT_BUS_NAME", Map.of("Ref",
                        Match.anyValue())))),
                "SnapStart", Map.of("ApplyOn", "PublishedVersions")));
        var alias = synthesized.template().findResources("AWS::Lambda::Alias", Map.of("Properties", Map.of(
                "FunctionName", Map.of("Ref", relay.keySet().iterator().next()), "Name", "live")));
        assertThat(alias).hasSize(1);
        var mappedFunction = new Capture();
        synthesized.template().hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "StartingPosition", "TRIM_HORIZON", "FunctionName", mappedFunction));
        assertThat(mappedFunction.asObject().toString()).contains(alias.keySet().iterator().next(), ":live");
    }

    /** Describing its bus is SnapStart priming's one transmitted call (functions' SnapStartPrimingTest). */
    @Test
    void theRelayMayPutEventsOnAndDescribeTheBusAndReadTheStreamOnly() {
        synthesized.template().hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of(
                "Statement", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Action", List.of("events:DescribeEventBus", "events:PutEvents"),
                                "Resource", Map.of("Fn::GetAtt", Match.arrayWith(List.of("Arn"))))),
                        Match.objectLike(Map.of("Action", List.of("dynamodb:DescribeStream", "dynamodb:GetRecords",
                                "dynamodb:GetShardIterator"))))))));
    }
}
