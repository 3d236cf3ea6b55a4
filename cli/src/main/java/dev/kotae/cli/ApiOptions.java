package dev.kotae.cli;

import picocli.CommandLine.Option;

import java.net.URI;
import java.util.Optional;

/** Where the API is and who calls it: shared by every command that calls the messages API. */
final class ApiOptions {

    @Option(names = "--api-url", paramLabel = "URL",
            description = "The API's base URL (the stack output ApiUrl, or http://127.0.0.1:8080 for the sandbox).")
    URI apiUrl;

    @Option(names = "--stack", paramLabel = "NAME", defaultValue = "Kotae",
            description = "The stack whose ApiUrl output to use when --api-url is not given (default: ${DEFAULT-VALUE}).")
    String stack;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS Region (default: the SDK's, or the API URL's).")
    String region;

    @Option(names = "--profile", paramLabel = "PROFILE",
            description = "AWS profile to sign with (SSO profiles work after `aws sso login`).")
    String profile;

    @Option(names = "--json", description = "Print the API's answers as they are, for scripts.")
    boolean json;

    Optional<String> region() {
        return Optional.ofNullable(region);
    }

    Optional<String> profile() {
        return Optional.ofNullable(profile);
    }
}
