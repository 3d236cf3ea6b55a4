package dev.kotae.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.InputStream;

/**
 * {@code kotae}: the command line for the people who send and the engineers who deploy. Every command
 * signs with the caller's own AWS identity and finds the API from the stack's outputs or
 * {@code --api-url}. Errors go to standard error, with the exit codes each command's help lists.
 */
@Command(name = "kotae", mixinStandardHelpOptions = true, versionProvider = Kotae.Version.class,
        description = "Send SMS through Kotae, follow them, and read replies.",
        subcommands = {SendCommand.class, ReadCommands.Status.class, ReadCommands.Conversations.class,
                ReadCommands.Cancel.class, ConsentCommand.class, PreflightCommand.class, SmokeCommand.class, UsersCommand.class,
                CommandLine.HelpCommand.class})
public final class Kotae implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine(System.in).execute(args));
    }

    /** The command line, reading a message's body from {@code stdin}. */
    static CommandLine commandLine(InputStream stdin) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            private final CommandLine.IFactory standard = CommandLine.defaultFactory();

            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> type) throws Exception {
                return type == SendCommand.class ? (K) new SendCommand(stdin) : standard.create(type);
            }
        };
        return new CommandLine(new Kotae(), factory).setExecutionExceptionHandler((exception, commandLine, parsed) -> {
            if (exception instanceof CliFailure failure) {
                commandLine.getErr().println("kotae: " + failure.getMessage());
                commandLine.getErr().flush();
                return failure.exitCode.code;
            }
            throw exception;
        });
    }

    /** {@code kotae} alone: what it can do. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Name a command: send, status, conversations,"
                + " cancel, preflight, smoke, users (kotae help COMMAND for its options).");
    }

    /** The jar's version, as Maven built it. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            var version = Kotae.class.getPackage().getImplementationVersion();
            return new String[] {"kotae " + (version == null ? "(development build)" : version)};
        }
    }
}
