package dev.kotae.benchmarks;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.kotae.platform.priming.Priming;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar CloudFormation deploys, not the classes the other tests load: each handler the stack names
 * is constructed by its no-argument constructor in a fresh JVM, as Lambda does, and serves one event.
 * Shading mistakes (a lost service file, such as the SLF4J binding's, or a class left out) fail here.
 */
class DeployedJarTest {

    /** {@code requestContext.requestId} in {@code events/send-message.json}. */
    private static final String REQUEST_ID = "6d3c2f1e-0b8a-4c5d-9e7f-123456789abc";

    private static ProbeRunner runner;

    @BeforeAll
    static void startStandIns() throws Exception {
        runner = new ProbeRunner(Path.of("../functions/target/kotae-functions.jar"), Path.of("../events"));
    }

    @AfterAll
    static void stopStandIns() throws Exception {
        runner.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "dev.kotae.messages.boundary.SendMessageHandler, APIGatewayProxyRequestEvent, send-message.json, \"statusCode\":202",
            "dev.kotae.messages.boundary.GetMessageHandler, APIGatewayProxyRequestEvent, get-message.json, \"statusCode\":404",
            "dev.kotae.conversations.boundary.GetConversationsHandler, APIGatewayProxyRequestEvent, get-conversations.json, \"statusCode\":200",
            "dev.kotae.conversations.boundary.InboundMessageHandler, SQSEvent, inbound-help.json, batchItemFailures",
            "dev.kotae.messages.boundary.DeliveryStatusHandler, SQSEvent, delivery-delivered.json, batchItemFailures",
            "dev.kotae.conversations.boundary.EventRelayHandler, DynamodbEvent, table-stream-decisions.json, batchItemFailures",
    })
    void everyHandlerRunsFromTheShadedJar(String handler, String eventType, String eventFile, String expected)
            throws Exception {
        var probe = runner.run(handler, "com.amazonaws.services.lambda.runtime.events." + eventType, eventFile,
                ProbeRunner.Launch.of(List.of("-XX:TieredStopAtLevel=1")).withPriming());

        // Primed first, as SnapStart does: priming must leave the handler serving its first request.
        // A batch item failure names its record as itemIdentifier; none may appear.
        assertThat(probe.response()).contains(expected).doesNotContain("itemIdentifier");
    }

    /**
     * The jar's logging configuration holds (JSON lines); priming's send, answered from memory, is not in the
     * audit trail; and API Gateway's request id is the real request's correlation id, set without JMESPath.
     */
    @Test
    void onlyTheRealSendIsAuditedAndItsLinesCarryApiGatewaysRequestId() throws Exception {
        var probe = runner.run("dev.kotae.messages.boundary.SendMessageHandler",
                "com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent", "send-message.json",
                ProbeRunner.Launch.of(List.of("-XX:TieredStopAtLevel=1")).withPriming());

        assertThat(probe.output().lines().filter(line -> line.contains("Audit send")))
                .singleElement().satisfies(line -> assertThat(line).startsWith("{")
                        .contains("\"correlation_id\":\"" + REQUEST_ID + "\"")
                        .doesNotContain(Priming.REQUEST_ID));
    }

    /** Priming's first request logs under its own request id, and says that its HELP was never answered. */
    @Test
    void primingsLinesCarryItsOwnRequestIdAndSayNothingLeft() throws Exception {
        var probe = runner.run("dev.kotae.conversations.boundary.InboundMessageHandler",
                "com.amazonaws.services.lambda.runtime.events.SQSEvent", "inbound-help.json",
                ProbeRunner.Launch.of(List.of("-XX:TieredStopAtLevel=1")).withPriming());

        assertThat(probe.output().lines().filter(line -> line.contains("Priming, nothing answered")))
                .singleElement().satisfies(line -> assertThat(line)
                        .contains("\"function_request_id\":\"" + Priming.REQUEST_ID + "\""));
        assertThat(probe.output().lines().filter(line -> line.contains("Audit keyword")))
                .singleElement().satisfies(line -> assertThat(line).doesNotContain(Priming.REQUEST_ID));
    }
}
