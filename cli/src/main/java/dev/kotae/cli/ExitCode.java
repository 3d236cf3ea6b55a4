package dev.kotae.cli;

/**
 * How a command ended, for scripts: documented in docs/command-line.md. 2 is picocli's
 * own for a command line it cannot read.
 */
enum ExitCode {
    /** Done: accepted, or with {@code --wait} delivered (or validated, for a dry run). */
    OK(0),
    /** The API refused the request (4xx): its error says why; nothing was sent. */
    REFUSED(1),
    /** With {@code --wait}: the message was not delivered (failed, delivery failed, canceled). */
    NOT_DELIVERED(3),
    /** With {@code --wait}: the outcome is unknown (End User Messaging left it open, or the wait ran out). */
    UNKNOWN(4),
    /** Kotae or AWS could not be reached or failed (5xx, network, credentials): it may be tried again. */
    UNAVAILABLE(5);

    final int code;

    ExitCode(int code) {
        this.code = code;
    }
}
