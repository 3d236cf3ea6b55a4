package dev.kotae.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Reading the API's answers: its JSON, its errors, and which exit code each ends a command with. */
final class Messages {

    static final ObjectMapper JSON = new ObjectMapper();

    private Messages() {
    }

    static JsonNode read(KotaeApi.Answer answer) {
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new CliFailure(ExitCode.UNAVAILABLE, "The API answered " + answer.status() + " with something that"
                    + " is not JSON.");
        }
    }

    /** An answer that is not a success: printed as the API's error, ending the command with its exit code. */
    static int refused(KotaeApi.Answer answer, Output output) {
        var error = read(answer).path("error");
        var retry = answer.retryAfter().map(seconds -> " (retry after " + seconds + " s)").orElse("");
        output.fail(answer.status() + " " + error.path("code").asText("ERROR") + ": " + error.path("message").asText()
                + (error.has("field") ? " [" + error.get("field").asText() + "]" : "") + retry);
        return exitCodeOf(answer.status()).code;
    }

    /** 4xx: refused, fix the request; 429 and 5xx: try again later. */
    static ExitCode exitCodeOf(int status) {
        return status == 429 || status >= 500 ? ExitCode.UNAVAILABLE : ExitCode.REFUSED;
    }

    static String path(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
