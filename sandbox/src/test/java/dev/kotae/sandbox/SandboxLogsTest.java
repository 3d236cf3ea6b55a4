package dev.kotae.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kotae.settings.FunctionEnvironment;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.StringLayout;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox's functions log as the stack's do: each JSON line names Kotae's service, which Powertools reads
 * from the process's environment only. Maven's runs set it as bin/sandbox does; both are held to the one value.
 */
class SandboxLogsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSendsAuditLineNamesTheServiceAsTheStacksFunctionsDo() throws Exception {
        var lines = new StringWriter();
        var appender = captureFunctionLogs(lines);
        try (var sandbox = Sandbox.start(SandboxOptions.defaults().withApiPort(0))) {
            var sent = HttpClient.newHttpClient().send(HttpRequest.newBuilder(sandbox.apiEndpoint().resolve("/messages"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"to\": \"+819012345678\", \"body\": \"logged\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(sent.statusCode()).isEqualTo(202);
        } finally {
            release(appender);
        }

        var audit = lines.toString().lines().map(SandboxLogsTest::parsed)
                .filter(line -> line.path("message").asText().startsWith("Audit send")).findFirst();
        assertThat(audit).as("the send's audit line, in:%n%s", lines).isPresent();
        assertThat(audit.get().path("service").asText()).isEqualTo(FunctionEnvironment.SERVICE_NAME);
    }

    @Test
    void binSandboxStartsTheJvmWithTheServiceName() throws Exception {
        var script = Files.readString(Path.of("../bin/sandbox"));

        assertThat(script).contains("export " + FunctionEnvironment.SERVICE_NAME_VARIABLE + "="
                + FunctionEnvironment.SERVICE_NAME + "\n");
    }

    /** A second appender on the functions' logger, with the layout of the one that writes Lambda's lines. */
    private static WriterAppender captureFunctionLogs(StringWriter lines) {
        var context = (LoggerContext) LogManager.getContext(false);
        var configuration = context.getConfiguration();
        var layout = (StringLayout) configuration.getAppender("JsonAppender").getLayout();
        var appender = WriterAppender.newBuilder().setName("captured").setTarget(lines).setLayout(layout).build();
        appender.start();
        configuration.getLoggerConfig("dev.kotae").addAppender(appender, null, null);
        context.updateLoggers();
        return appender;
    }

    private static void release(WriterAppender appender) {
        var context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getLoggerConfig("dev.kotae").removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }

    private static JsonNode parsed(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }
}
