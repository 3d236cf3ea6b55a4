package dev.kotae.sandbox;

import java.io.IOException;
import java.util.List;

/** One job of the sandbox's port: the requests it answers, and how {@code GET /} lists them. */
interface Routes {

    /** Answers {@code exchange} when it is one of these routes' requests; false leaves it to the next job. */
    boolean answer(Exchange exchange) throws IOException;

    List<String> described();
}
