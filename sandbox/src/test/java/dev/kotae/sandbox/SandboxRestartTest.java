package dev.kotae.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** With a data directory, what the table holds survives a restart of the sandbox. */
class SandboxRestartTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aMessageSentBeforeARestartIsStillThereAfterIt(@TempDir Path data) throws Exception {
        var options = SandboxOptions.defaults().withApiPort(0).withDataDirectory(data);
        String messageId;
        try (var first = Sandbox.start(options)) {
            var sent = HTTP.send(HttpRequest.newBuilder(first.apiEndpoint().resolve("/messages"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"to\": \"+819012345678\", \"body\": \"kept\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(sent.statusCode()).isEqualTo(202);
            messageId = sent.body().replaceAll(".*\"messageId\":\"([^\"]+)\".*", "$1");
        }

        try (var second = Sandbox.start(options)) {
            var found = get(second, "/messages/" + messageId);

            assertThat(found.statusCode()).isEqualTo(200);
            assertThat(found.body()).contains("\"status\":\"SENT\"");
        }
    }

    private static HttpResponse<String> get(Sandbox sandbox, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(sandbox.apiEndpoint().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
