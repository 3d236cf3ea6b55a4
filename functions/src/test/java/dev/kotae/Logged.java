package dev.kotae;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What the functions log while something runs: the tests' logging configuration follows System.out. */
public final class Logged {

    private Logged() {
    }

    /** The JSON lines logged while {@code running} ran. */
    public static String during(Runnable running) {
        var original = System.out;
        var captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            running.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
