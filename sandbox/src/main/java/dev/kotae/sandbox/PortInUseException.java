package dev.kotae.sandbox;

/** The API port is taken: said plainly, with the way out. */
public final class PortInUseException extends IllegalStateException {

    PortInUseException(String host, int port) {
        super("Port " + port + " on " + host + " is already in use. Stop what is using it, or start the sandbox"
                + " on another port: bin/sandbox --port 8081");
    }
}
