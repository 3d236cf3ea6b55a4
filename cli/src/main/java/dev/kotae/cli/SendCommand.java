package dev.kotae.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code kotae send}: one SMS through {@code POST /messages}. The body is never an argument, so it stays
 * out of shell history and process lists: it is read from standard input, or asked for without echo on
 * a terminal, or generated ({@code --generate-password}).
 */
@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send one SMS. The body is read from standard input, or asked for without echo on a terminal.",
                "Exit codes: 0 accepted (with --wait: delivered, or validated for --dry-run), 1 refused,",
                "3 not delivered, 4 outcome unknown, 5 Kotae or AWS unavailable (retry with the printed key)."})
final class SendCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Option(names = "--to", required = true, paramLabel = "NUMBER",
            description = "E.164 (+819012345678), or national (090-1234-5678) where the deployment has a default country.")
    String to;

    @Option(names = "--generate-password", arity = "0..1", fallbackValue = "16", paramLabel = "LENGTH",
            description = "Send a new random password (default 16 characters) as the whole body, and print it once,"
                    + " here; standard input is not read.")
    Integer generatePassword;

    @Option(names = "--type", paramLabel = "TYPE", description = "TRANSACTIONAL (the API's default) or PROMOTIONAL.")
    String type;

    @Option(names = "--ttl", paramLabel = "SECONDS", description = "How long End User Messaging tries to deliver it.")
    Integer ttl;

    @Option(names = "--dry-run", description = "End User Messaging validates it and sends nothing.")
    boolean dryRun;

    @Option(names = "--expect-reply", arity = "1..*", paramLabel = "KEYWORD",
            description = "Open a conversation waiting for one of these keywords.")
    List<String> expectReply;

    @Option(names = "--reference", paramLabel = "TEXT", description = "Your reference for the conversation.")
    String reference;

    @Option(names = "--send-at", paramLabel = "TIME", description = "Send it then: RFC 3339 with an offset.")
    String sendAt;

    @Option(names = "--recipient-time-zone", paramLabel = "ZONE",
            description = "The recipient's IANA time zone (America/New_York), where you know it better than the number"
                    + " tells: quiet hours are judged there.")
    String recipientTimeZone;

    @Option(names = "--respect-quiet-hours",
            description = "Hold a TRANSACTIONAL message until the recipient's quiet hours end, as marketing always is.")
    boolean respectQuietHours;

    @Option(names = "--idempotency-key", paramLabel = "KEY",
            description = "Reuse the key a failed attempt printed: a retry never sends twice (default: a new one).")
    String idempotencyKey;

    @Option(names = "--wait", description = "Follow the message until it is delivered or failed.")
    boolean waitForOutcome;

    @Option(names = "--wait-seconds", defaultValue = "300", paramLabel = "SECONDS",
            description = "How long --wait follows it (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    private final InputStream stdin;

    SendCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        var output = Output.of(spec);
        if (reference != null && expectReply == null) {
            throw new ParameterException(spec.commandLine(), "--reference names a conversation: give --expect-reply too.");
        }
        var password = generatePassword == null ? null : password(generatePassword);
        var body = password != null ? password : body();
        var key = idempotencyKey != null ? idempotencyKey : UUID.randomUUID().toString();
        var connection = KotaeApi.connect(api);
        // Printed before the call: a time-out leaves the caller the key to retry with, without sending twice.
        output.note("Idempotency-Key: " + key);
        var answer = connection.post("messages", request(body), Map.of("Idempotency-Key", key));
        if (answer.status() != 202) {
            if (Messages.exitCodeOf(answer.status()) == ExitCode.UNAVAILABLE) {
                output.note("Retry with --idempotency-key " + key + ": a retry never sends twice.");
            }
            return api.json ? printJson(output, answer, Messages.exitCodeOf(answer.status()))
                    : Messages.refused(answer, output);
        }
        var receipt = Messages.read(answer);
        if (password != null) {
            output.note("Password (shown once, here only): " + password);
        }
        if (api.json) {
            output.line(answer.body());
        } else {
            output.ok(receiptLine(receipt));
        }
        if (!waitForOutcome) {
            return ExitCode.OK.code;
        }
        return new Follow(connection, output, api.json, Duration.ofSeconds(waitSeconds))
                .until(receipt.get("messageId").asText()).code;
    }

    private String password(int length) {
        try {
            return Passwords.generate(length);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static int printJson(Output output, KotaeApi.Answer answer, ExitCode code) {
        output.line(answer.body());
        return code.code;
    }

    /** Standard input as typed or piped, one trailing line end dropped; on a terminal, asked for without echo. */
    private String body() {
        var console = System.console();
        if (console != null && stdin == System.in) {
            var typed = console.readPassword("Message (not shown): ");
            if (typed == null || typed.length == 0) {
                throw new ParameterException(spec.commandLine(), "No message given.");
            }
            return new String(typed);
        }
        try {
            var text = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
            text = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                    : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
            if (text.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "No message on standard input (the body is never an"
                        + " argument: pipe it in, type it at the prompt, or use --generate-password).");
            }
            return text;
        } catch (IOException e) {
            throw new CliFailure(ExitCode.UNAVAILABLE, "Could not read standard input: " + e.getMessage());
        }
    }

    private String request(String body) {
        var request = Messages.JSON.createObjectNode().put("to", to).put("body", body);
        if (type != null) {
            request.put("type", type);
        }
        if (ttl != null) {
            request.put("timeToLiveSeconds", ttl);
        }
        if (dryRun) {
            request.put("dryRun", true);
        }
        if (sendAt != null) {
            request.put("sendAt", sendAt);
        }
        if (recipientTimeZone != null) {
            request.put("recipientTimeZone", recipientTimeZone);
        }
        if (respectQuietHours) {
            request.put("respectQuietHours", true);
        }
        if (expectReply != null) {
            var reply = request.putObject("expectReply");
            expectReply.forEach(reply.putArray("keywords")::add);
            if (reference != null) {
                reply.put("reference", reference);
            }
        }
        return request.toString();
    }

    private static String receiptLine(JsonNode receipt) {
        var line = new StringBuilder("Message ").append(receipt.path("messageId").asText()).append(" to ")
                .append(receipt.path("to").asText()).append(": ").append(receipt.path("status").asText());
        if (receipt.has("sendAt")) {
            line.append(" for ").append(receipt.get("sendAt").asText());
        }
        if (receipt.path("heldFor").asText().equals("QUIET_HOURS")) {
            line.append(" (held: it is night where the recipient is)");
        }
        line.append(", ").append(receipt.path("segments").asInt()).append(" segment(s), ")
                .append(receipt.path("encoding").asText());
        return line.toString();
    }

    /** Follows a message to its end, one step at a time. */
    record Follow(KotaeApi api, Output output, boolean json, Duration patience) {

        ExitCode until(String messageId) {
            var deadline = Instant.now().plus(patience);
            var last = "";
            while (true) {
                var answer = api.get("messages/" + Messages.path(messageId));
                if (answer.status() != 200) {
                    Messages.refused(answer, output);
                    return Messages.exitCodeOf(answer.status());
                }
                var message = Messages.read(answer);
                var step = step(message);
                if (!step.equals(last)) {
                    if (json) {
                        output.line(answer.body());
                    } else {
                        output.progress(step);
                    }
                    last = step;
                }
                var end = end(message);
                if (end != null) {
                    if (!json) {
                        if (end == ExitCode.OK) {
                            output.ok(step);
                        } else {
                            var why = message.path("error").path("message").asText("");
                            output.fail(why.isEmpty() ? step : step + ": " + why);
                        }
                    }
                    return end;
                }
                if (Instant.now().isAfter(deadline)) {
                    output.fail("Still " + step + " after " + patience.toSeconds() + " s; follow it with kotae status "
                            + messageId);
                    return ExitCode.UNKNOWN;
                }
                pause();
            }
        }

        private static String step(JsonNode message) {
            var status = message.path("status").asText();
            var delivery = message.path("delivery");
            return delivery.isMissingNode() ? status
                    : status + ", " + delivery.path("status").asText() + " (" + delivery.path("eventType").asText() + ")";
        }

        /** Where following stops, and how the command ends; null while the message is still on its way. */
        private static ExitCode end(JsonNode message) {
            var delivery = message.path("delivery").path("status").asText("");
            return switch (message.path("status").asText()) {
                case "DRY_RUN", "SCHEDULED" -> ExitCode.OK;
                case "FAILED", "CANCELED" -> ExitCode.NOT_DELIVERED;
                case "UNKNOWN" -> ExitCode.UNKNOWN;
                case "SENT" -> delivery.equals("DELIVERED") ? ExitCode.OK
                        : delivery.equals("FAILED") ? ExitCode.NOT_DELIVERED : null;
                default -> null;
            };
        }

        private static void pause() {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliFailure(ExitCode.UNKNOWN, "Interrupted while waiting.");
            }
        }
    }
}
