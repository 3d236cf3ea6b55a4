package dev.kotae.sandbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The console in a real Chromium: starts a sandbox and runs {@code src/test/browser/console.test.mjs}
 * (node's test runner, playwright-core driving Debian's Chromium) against it. It also takes a screenshot
 * of the page as it is, into {@code target/}: {@code bin/screenshot} copies it over the README's picture,
 * so that a build leaves the tree as it found it ({@link BrowserTests} says what it needs).
 */
class SandboxConsoleBrowserTest {

    /** Where bin/screenshot takes the README's picture from. */
    static final Path SCREENSHOT = Path.of("target/sandbox-console.png").toAbsolutePath();

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
        BrowserTests.pass("console.test.mjs", Map.of("KOTAE_SANDBOX_URL", sandbox.apiEndpoint().toString(),
                "KOTAE_SCREENSHOT", SCREENSHOT.toString()));
    }
}
