package dev.kotae.cli;

import dev.kotae.sandbox.Sandbox;
import dev.kotae.sandbox.SandboxOptions;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built jar, as a user runs it: in its own JVM, with no AWS credentials in its environment, its body on
 * standard input and its answers on standard output and error, ending with its documented exit codes. Every
 * other case runs the same command line in the tests' JVM ({@link KotaeCliTest}).
 */
class KotaeCliIT {

    private static final Path JAR = Path.of("target/kotae-cli.jar");

    /** What one run of the jar printed and how it ended. */
    record Run(int exitCode, String out, String err) {
    }

    @Test
    void theJarSendsWhatStandardInputHoldsAndEndsWithItsExitCodes() throws Exception {
        try (var sandbox = Sandbox.start(SandboxOptions.defaults().withApiPort(0))) {
            var api = sandbox.apiEndpoint();

            var version = kotae("", "--version");
            var sent = kotae("Your code is 482913.\n", "send", "--to", "090-1234-5678", "--api-url", api.toString());
            var nothing = kotae("", "send", "--to", "+819012345678", "--api-url", api.toString());

            assertThat(version.out()).startsWith("kotae 0.1.0");
            assertThat(sent.exitCode()).as(sent.err()).isZero();
            assertThat(sent.out()).contains("✔ Message ").doesNotContain("\u001B[");
            assertThat(outbox(api)).contains("\"body\":\"Your code is 482913.\"");
            assertThat(nothing.exitCode()).isEqualTo(2);
            assertThat(nothing.err()).contains("No message on standard input");
        }
    }

    /** The jar, run as a user would, without AWS credentials: the sandbox needs none. */
    private static Run kotae(String stdin, String... args) throws Exception {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command);
        process.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        process.environment().put("AWS_CONFIG_FILE", "/nonexistent");
        process.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent");
        var started = process.start();
        started.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        started.getOutputStream().close();
        var out = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        var err = new String(started.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(started.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(started.exitValue(), out, err);
    }

    private static String outbox(URI api) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(api.resolve("/sandbox/outbox?to=%2B819012345678"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
