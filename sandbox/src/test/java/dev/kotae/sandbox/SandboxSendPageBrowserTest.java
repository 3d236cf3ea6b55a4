package dev.kotae.sandbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

/**
 * The send page in a real Chromium ({@code src/test/browser/send-page.test.mjs}), against a sandbox with the page
 * on: a person invited as {@code kotae users add} invites signs in, generates a password, sends it, and signs out.
 */
class SandboxSendPageBrowserTest {

    /** Where bin/screenshot takes the send page's picture from. */
    static final java.nio.file.Path SCREENSHOT = java.nio.file.Path.of("target/send-page.png").toAbsolutePath();

    private static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withApiPort(0)
                .withContext("kotae:web", "true").withContext("kotae:webDomainPrefix", "kotae-local"));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void theSendPagePassesItsBrowserTests() throws IOException, InterruptedException {
        BrowserTests.pass("send-page.test.mjs", Map.of("KOTAE_SANDBOX_URL", sandbox.apiEndpoint().toString(),
                "KOTAE_SIGN_IN_URL", sandbox.endpoints().get("signin").toString(), "KOTAE_SCREENSHOT", SCREENSHOT.toString()));
    }
}
