package dev.kotae.standins;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** An HTTP server on 127.0.0.1 answering every path with one handler: what each AWS stand-in listens with. */
final class LoopbackServer implements AutoCloseable {

    static {
        // The JDK's server leaves Nagle's algorithm on: an answer written in two packets then waits for the
        // client's delayed acknowledgement, some 40 ms a call on loopback (a test deployment's four calls to the
        // simulator took 182 ms; with this, 14 ms). Read once, when the JDK's server first loads: set before.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;

    /** Starts on {@code port} (0 picks a free one), answering on {@code threads} threads. */
    LoopbackServer(int port, int threads, HttpHandler handler) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
        executor = Executors.newFixedThreadPool(threads);
        server.setExecutor(executor);
        server.createContext("/", handler);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
