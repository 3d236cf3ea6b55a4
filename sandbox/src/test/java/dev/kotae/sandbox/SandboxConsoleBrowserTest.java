package dev.kotae.sandbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real Chromium: starts a sandbox and runs {@code src/test/browser/console.test.mjs}
 * (node's test runner, playwright-core driving Debian's Chromium) against it. It also takes a screenshot
 * of the page as it is, into {@code target/}: {@code bin/screenshot} copies it over the README's picture,
 * so that a build leaves the tree as it found it. Needs Chromium ({@code apt-get install chromium}) and
 * the repository's npm packages ({@code npm ci}); {@code .ci/run} installs both.
 */
class SandboxConsoleBrowserTest {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("KOTAE_CHROMIUM", "/usr/bin/chromium"));
    /** Where bin/screenshot takes the README's picture from. */
    static final Path SCREENSHOT = Path.of("target/sandbox-console.png").toAbsolutePath();
    private static final Duration LIMIT = Duration.ofMinutes(5);

    private static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withApiPort(0).withVisibilityTimeout(Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void theConsolePassesItsBrowserTests() throws IOException, InterruptedException {
        assertThat(CHROMIUM).as("Chromium runs the console's browser tests: apt-get install chromium").isExecutable();
        assertThat(REPOSITORY.resolve("node_modules/playwright-core")).as("the browser tests' npm packages: run"
                + " npm ci in " + REPOSITORY).isDirectory();
        var log = Files.createTempFile("kotae-browser-tests", ".log");
        var node = new ProcessBuilder("node", "--test", "--test-reporter=spec", "src/test/browser/console.test.mjs")
                .directory(REPOSITORY.resolve("sandbox").toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        node.environment().put("KOTAE_SANDBOX_URL", sandbox.apiEndpoint().toString());
        node.environment().put("KOTAE_CHROMIUM", CHROMIUM.toString());
        node.environment().put("KOTAE_SCREENSHOT", SCREENSHOT.toString());
        var running = node.start();
        var finished = running.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            running.destroyForcibly();
        }
        var output = Files.readString(log);
        Files.delete(log);
        System.out.println(output);

        assertThat(finished).as("the browser tests (output above) finished within " + LIMIT).isTrue();
        assertThat(running.exitValue()).as("the browser tests' exit status (output above)").isZero();
        // Some tests ran, and none failed: a file that registered no test would also exit 0.
        assertThat(output).containsPattern("ℹ pass [1-9]").contains("ℹ fail 0");
    }
}
