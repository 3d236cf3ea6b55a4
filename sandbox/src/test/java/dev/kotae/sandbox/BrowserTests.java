package dev.kotae.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs one of {@code src/test/browser/*.test.mjs} with node's test runner (playwright-core driving Debian's
 * Chromium) and holds it to passing: some tests ran, none failed. Needs Chromium ({@code apt-get install
 * chromium}) and the repository's npm packages ({@code npm ci}); {@code .ci/run} installs both.
 */
final class BrowserTests {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("KOTAE_CHROMIUM", "/usr/bin/chromium"));
    private static final Duration LIMIT = Duration.ofMinutes(5);

    private BrowserTests() {
    }

    static void pass(String file, Map<String, String> environment) throws IOException, InterruptedException {
        assertThat(CHROMIUM).as("Chromium runs the browser tests: apt-get install chromium").isExecutable();
        assertThat(REPOSITORY.resolve("node_modules/playwright-core")).as("the browser tests' npm packages: run"
                + " npm ci in " + REPOSITORY).isDirectory();
        var log = Files.createTempFile("kotae-browser-tests", ".log");
        var node = new ProcessBuilder("node", "--test", "--test-reporter=spec", "src/test/browser/" + file)
                .directory(REPOSITORY.resolve("sandbox").toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        node.environment().putAll(environment);
        node.environment().put("KOTAE_CHROMIUM", CHROMIUM.toString());
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
