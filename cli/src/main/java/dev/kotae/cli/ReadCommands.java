package dev.kotae.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;
import java.util.function.Function;

/** The commands that read or cancel one thing by its id: one call each, answered as the API answers. */
final class ReadCommands {

    private ReadCommands() {
    }

    /** What each of them takes: where the API is, and the command line it answers on. */
    abstract static class OneCall implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ApiOptions api;
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Show a message: its status, delivery and conversation.", "Exit codes: 0 found, 1 not found."})
    static final class Status extends OneCall {
        @Parameters(paramLabel = "MESSAGE_ID")
        String messageId;

        @Override
        public Integer call() {
            return show(spec, api, connection -> connection.get("messages/" + Messages.path(messageId)),
                    ReadCommands::messageLine);
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = {"Cancel a scheduled message.", "Exit codes: 0 canceled, 1 refused (not scheduled, not yours)."})
    static final class Cancel extends OneCall {
        @Parameters(paramLabel = "MESSAGE_ID")
        String messageId;

        @Override
        public Integer call() {
            return show(spec, api, connection -> connection.delete("messages/" + Messages.path(messageId)),
                    ReadCommands::messageLine);
        }
    }

    @Command(name = "conversations", mixinStandardHelpOptions = true,
            description = {"Show whether a number is opted in, and its conversations, newest first.",
                    "Exit codes: 0 shown, 1 refused (not a number)."})
    static final class Conversations extends OneCall {
        @Parameters(paramLabel = "NUMBER")
        String number;

        @Override
        public Integer call() {
            return show(spec, api, connection -> connection.get("conversations/" + Messages.path(number)),
                    ReadCommands::conversationsLines);
        }
    }

    static int show(CommandSpec spec, ApiOptions api, Function<KotaeApi, KotaeApi.Answer> call,
                            Function<JsonNode, String> human) {
        var output = Output.of(spec);
        var answer = call.apply(KotaeApi.connect(api));
        if (answer.status() != 200) {
            if (api.json) {
                output.line(answer.body());
                return Messages.exitCodeOf(answer.status()).code;
            }
            return Messages.refused(answer, output);
        }
        output.line(api.json ? answer.body() : human.apply(Messages.read(answer)));
        return ExitCode.OK.code;
    }

    private static String messageLine(JsonNode message) {
        var line = new StringBuilder(message.path("messageId").asText()).append(": ")
                .append(message.path("status").asText()).append(" to ").append(message.path("to").asText());
        if (message.has("sendAt")) {
            line.append(", for ").append(message.get("sendAt").asText());
        }
        if (message.has("delivery")) {
            line.append(", delivery ").append(message.at("/delivery/status").asText())
                    .append(" (").append(message.at("/delivery/eventType").asText()).append(")");
        }
        if (message.has("error")) {
            line.append(", ").append(message.at("/error/code").asText()).append(": ").append(message.at("/error/message").asText());
        }
        if (message.has("conversation")) {
            line.append(", conversation ").append(message.at("/conversation/conversationId").asText());
        }
        return line.toString();
    }

    private static String conversationsLines(JsonNode recipient) {
        var lines = new StringBuilder(recipient.path("phoneNumber").asText()).append(": ")
                .append(recipient.path("optedOut").asBoolean() ? "opted out" : "opted in");
        for (var conversation : recipient.path("conversations")) {
            lines.append(System.lineSeparator()).append("  ").append(conversation.path("state").asText())
                    .append(" ").append(conversation.path("reference").asText(conversation.path("conversationId").asText()))
                    .append(", expires ").append(conversation.path("expiresAt").asText());
            if (conversation.has("answeredWith")) {
                lines.append(", answered ").append(conversation.get("answeredWith").asText());
            }
        }
        return lines.toString();
    }
}
