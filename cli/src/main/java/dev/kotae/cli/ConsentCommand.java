package dev.kotae.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;

/**
 * A number's consent to marketing messages, through the API's {@code /recipients} routes (the {@code consent}
 * grant): show it with its history, record a grant with its proof, or a withdrawal.
 */
@Command(name = "consent", mixinStandardHelpOptions = true,
        description = "Show or record a number's consent to marketing (PROMOTIONAL) messages.",
        subcommands = {ConsentCommand.Show.class, ConsentCommand.Grant.class, ConsentCommand.Revoke.class})
final class ConsentCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConsentCommand() {
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = {
            "Show a number's opt-out, its consent to marketing and every change of it, oldest first.",
            "Exit codes: 0 shown, 1 refused (not a number)."})
    static final class Show extends ReadCommands.OneCall {
        @Parameters(paramLabel = "NUMBER")
        String number;

        @Override
        public Integer call() {
            return ReadCommands.show(spec, api, connection -> connection.get(recipient(number)), ConsentCommand::lines);
        }
    }

    @Command(name = "grant", mixinStandardHelpOptions = true, description = {
            "Record that the person agreed to marketing messages, with where and the proof (or, with --double-opt-in,",
            "ask them to confirm by SMS).",
            "Exit codes: 0 recorded, 1 refused (not a number, no proof, or the number opted out by SMS)."})
    static final class Grant extends ReadCommands.OneCall {
        @Parameters(paramLabel = "NUMBER")
        String number;

        @Option(names = "--source", required = true, paramLabel = "WHERE",
                description = "Where the person agreed, in your words: web-form, paper.")
        String source;

        @Option(names = "--proof", required = true, paramLabel = "TEXT",
                description = "What the person agreed to, and where: the form's wording and address, or your reference.")
        String proof;

        @Option(names = "--double-opt-in",
                description = "Do not grant: text the person the confirmation request; their YES grants it.")
        boolean doubleOptIn;

        @Override
        public Integer call() {
            var body = doubleOptIn ? Map.<String, Object>of("source", source, "proof", proof, "doubleOptIn", true)
                    : Map.<String, Object>of("source", source, "proof", proof);
            return ReadCommands.show(spec, api, connection -> connection.put(recipient(number) + "/consent", json(body)),
                    ConsentCommand::lines);
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = {
            "Record that the person withdrew their consent: no marketing reaches the number (it is not an opt-out).",
            "Exit codes: 0 recorded, 1 refused (not a number)."})
    static final class Revoke extends ReadCommands.OneCall {
        @Parameters(paramLabel = "NUMBER")
        String number;

        @Override
        public Integer call() {
            return ReadCommands.show(spec, api, connection -> connection.delete(recipient(number) + "/consent"),
                    ConsentCommand::lines);
        }
    }

    private static String recipient(String number) {
        return "recipients/" + Messages.path(number);
    }

    private static String lines(JsonNode recipient) {
        var lines = new StringBuilder(recipient.path("phoneNumber").asText()).append(": consent ")
                .append(recipient.at("/consent/state").asText());
        if (recipient.at("/consent/changedAt").isTextual()) {
            lines.append(" since ").append(recipient.at("/consent/changedAt").asText());
        }
        lines.append(", ").append(recipient.path("optedOut").asBoolean() ? "opted out" : "opted in");
        for (var entry : recipient.path("consentHistory")) {
            lines.append(System.lineSeparator()).append("  ").append(entry.path("at").asText()).append("  ")
                    .append(entry.path("state").asText()).append("  ").append(entry.path("method").asText()).append(' ')
                    .append(entry.path("source").asText()).append("  by ").append(entry.path("recordedBy").asText())
                    .append(": ").append(entry.path("proof").asText());
        }
        return lines.toString();
    }

    private static String json(Map<String, ?> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("strings and booleans always serialise", e);
        }
    }
}
