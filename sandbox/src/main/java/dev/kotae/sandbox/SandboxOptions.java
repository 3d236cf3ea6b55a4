package dev.kotae.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How the sandbox runs. Ports other than the API's are picked free at start and printed.
 *
 * @param visibilityTimeout how long a failed inbound message stays hidden before its next receive;
 *                          the stack uses six times the function's timeout (180 s), which locally
 *                          would only slow the road to the dead-letter queue
 */
public record SandboxOptions(
        String host,
        int apiPort,
        Optional<Path> dataDirectory,
        String caller,
        Duration visibilityTimeout,
        String ourNumber,
        String brandName,
        String helpContact) {

    public static SandboxOptions defaults() {
        return new SandboxOptions("127.0.0.1", 8080, Optional.empty(),
                "arn:aws:sts::000000000000:assumed-role/local-developer/sandbox", Duration.ofSeconds(5),
                "+815012345678", "Kotae", "help@example.com");
    }

    public SandboxOptions withApiPort(int port) {
        return new SandboxOptions(host, port, dataDirectory, caller, visibilityTimeout, ourNumber, brandName, helpContact);
    }

    public SandboxOptions withDataDirectory(Path directory) {
        return new SandboxOptions(host, apiPort, Optional.of(directory), caller, visibilityTimeout, ourNumber, brandName,
                helpContact);
    }

    public SandboxOptions withCaller(String principal) {
        return new SandboxOptions(host, apiPort, dataDirectory, principal, visibilityTimeout, ourNumber, brandName,
                helpContact);
    }

    public SandboxOptions withVisibilityTimeout(Duration timeout) {
        return new SandboxOptions(host, apiPort, dataDirectory, caller, timeout, ourNumber, brandName, helpContact);
    }
}
