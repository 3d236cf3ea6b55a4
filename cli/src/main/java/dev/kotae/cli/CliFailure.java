package dev.kotae.cli;

/** A command that cannot go on, with the exit code and the one line it prints on standard error. */
final class CliFailure extends RuntimeException {

    final ExitCode exitCode;

    CliFailure(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }
}
