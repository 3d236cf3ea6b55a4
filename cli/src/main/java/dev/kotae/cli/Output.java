package dev.kotae.cli;

import java.io.PrintWriter;

/**
 * What a command prints: results on standard output, errors on standard error, colour only on a
 * terminal and never with {@code NO_COLOR} set (https://no-color.org), and progress on one line that
 * updates in place on a terminal, plain lines otherwise.
 */
final class Output {

    private static final String GREEN = "\u001B[32m";
    private static final String RED = "\u001B[31m";
    private static final String RESET = "\u001B[0m";

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean terminal;
    private final boolean colour;
    private boolean progressShown;

    Output(PrintWriter out, PrintWriter err, boolean terminal, String noColor) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.colour = terminal && (noColor == null || noColor.isEmpty());
    }

    static Output of(picocli.CommandLine.Model.CommandSpec spec) {
        return new Output(spec.commandLine().getOut(), spec.commandLine().getErr(), System.console() != null,
                System.getenv("NO_COLOR"));
    }

    void ok(String line) {
        endProgress();
        out.println(mark("✔", GREEN) + " " + line);
        out.flush();
    }

    void line(String line) {
        endProgress();
        out.println(line);
        out.flush();
    }

    void fail(String line) {
        endProgress();
        err.println(mark("✘", RED) + " " + line);
        err.flush();
    }

    /** A note for the person, not the result (the idempotency key to reuse): standard error. */
    void note(String line) {
        endProgress();
        err.println(line);
        err.flush();
    }

    /** A step of a wait: rewritten in place on a terminal, one line each otherwise. */
    void progress(String line) {
        if (terminal) {
            out.print("\r\u001B[K" + line);
            progressShown = true;
        } else {
            out.println(line);
        }
        out.flush();
    }

    private void endProgress() {
        if (progressShown) {
            out.println();
            progressShown = false;
        }
    }

    private String mark(String symbol, String code) {
        return colour ? code + symbol + RESET : symbol;
    }
}
