package dev.kotae.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code kotae}: the command line for the people who send and the engineers who deploy. Every command
 * signs with the caller's own AWS identity and finds the API from the stack's outputs or
 * {@code --api-url}. Errors go to standard error, with the exit codes each command's help lists.
 */
@Command(name = "kotae", mixinStandardHelpOptions = true, versionProvider = Kotae.Version.class,
        description = "Send SMS through Kotae, follow them, and read replies.",
        subcommands = {SendCommand.class, ReadCommands.Status.class, ReadCommands.Conversations.class,
                ReadCommands.Cancel.class, PreflightCommand.class, SmokeCommand.class,
                CommandLine.HelpCommand.class})
public final class Kotae implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Kotae()).setExecutionExceptionHandler((exception, commandLine, parsed) -> {
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
                + " cancel, preflight, smoke (kotae help COMMAND for its options).");
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
