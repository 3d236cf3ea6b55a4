package dev.kotae.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kotae.settings.FunctionEnvironment;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
        // The functions write their lines to standard output, as in Lambda: what the send wrote there is read back.
        var lines = new ByteArrayOutputStream();
        var original = System.out;
        try (var sandbox = Sandbox.start(SandboxOptions.defaults().withApiPort(0))) {
            System.setOut(new PrintStream(lines, true, StandardCharsets.UTF_8));
            HttpResponse<String> sent;
            try {
                sent = HttpClient.newHttpClient().send(HttpRequest.newBuilder(sandbox.apiEndpoint().resolve("/messages"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"to\": \"+819012345678\", \"body\": \"logged\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
            } finally {
                System.setOut(original);
            }
            assertThat(sent.statusCode()).isEqualTo(202);
        }

        var audit = lines.toString(StandardCharsets.UTF_8).lines().map(SandboxLogsTest::parsed)
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

    private static JsonNode parsed(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }
}
