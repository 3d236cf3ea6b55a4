package dev.kotae.sandbox;

import dev.kotae.standins.LocalQueue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kotae.settings.KotaeSettings;

import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sandbox's one HTTP port, which does four jobs: the console page for a browser ({@link Console}),
 * the messages API as API Gateway proxies it ({@link ApiGatewayProxy}), the control surface
 * ({@link ControlSurface}) and local invoke ({@link LocalInvoke}); {@code GET /} lists their routes. Every answer, a request the HTTP
 * layer itself cannot read (a malformed path, say) included, is JSON in the API's error shape.
 */
final class LocalApi implements AutoCloseable {

    private final Server server;
    private final SandboxOptions options;
    private final List<Routes> jobs;
    private final List<LocalQueue> queues;
    private final Map<String, URI> endpoints;

    LocalApi(Server server, SandboxOptions options, LocalFunctions functions, Console console, ControlSurface control,
             DeadLetters deadLetters, KotaeSettings settings, Map<String, URI> endpoints, Optional<SendPageApi> sendPage) {
        this.server = server;
        this.options = options;
        var jobs = new java.util.ArrayList<Routes>(List.of(console, new ApiGatewayProxy(functions, options.caller(),
                settings.callers(), new StageThrottle(settings.apiRateLimit(), settings.apiBurstLimit())), control,
                new LocalInvoke(functions)));
        sendPage.ifPresent(jobs::add);
        this.jobs = List.copyOf(jobs);
        this.queues = deadLetters.queues();
        this.endpoints = endpoints;
    }

    /**
     * What the HTTP layer lets through to the routes: Jetty's default, and the paths API Gateway hands to the
     * function with their parameter decoded once, which Jetty would refuse as ambiguous (an encoded '/', an
     * encoded '%', an encoded or literal dot segment). The routes read the path as sent, still escaped, so none
     * of these can reach another route than the one it names.
     */
    static final UriCompliance AS_API_GATEWAY = UriCompliance.DEFAULT.with("API Gateway's",
            UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
            UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT);

    /** Claims the port now, so that a clash is reported before anything else starts. */
    static Server bind(String host, int port) {
        var server = new Server(new QueuedThreadPool(16, 4));
        var http = new HttpConfiguration();
        http.setUriCompliance(AS_API_GATEWAY);
        var connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        try {
            connector.open();
        } catch (IOException e) {
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                throw new PortInUseException(host, port);
            }
            throw new IllegalStateException("Cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return server;
    }

    void start() {
        server.setHandler(new org.eclipse.jetty.server.Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws IOException {
                var exchange = new Exchange(request);
                answer(exchange);
                exchange.writeTo(response, callback);
                return true;
            }
        });
        // What the HTTP layer refuses before any route sees it (a path with a malformed escape, say)
        // is answered in the API's error shape too, as the stack's gateway responses answer its 4XX.
        server.setErrorHandler(new ErrorHandler() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                var status = request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer code ? code : 400;
                var message = Optional.ofNullable(request.getAttribute(ErrorHandler.ERROR_MESSAGE)).map(Object::toString)
                        .orElse("The request could not be read.");
                response.setStatus(status);
                response.getHeaders().put("Content-Type", "application/json");
                try {
                    response.write(true, ByteBuffer.wrap(Exchange.JSON.writeValueAsBytes(Exchange.error(
                            status >= 500 ? "DEFAULT_5XX" : "DEFAULT_4XX", message))), callback);
                } catch (JsonProcessingException e) {
                    callback.failed(e);
                }
                return true;
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("The sandbox's API did not start: " + e.getMessage(), e);
        }
    }

    URI endpoint() {
        return URI.create("http://" + options.host() + ":" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("The sandbox's API did not stop: " + e.getMessage(), e);
        }
    }

    private void answer(Exchange exchange) throws IOException {
        try {
            for (var job : jobs) {
                if (job.answer(exchange)) {
                    return;
                }
            }
            if (exchange.is("GET", "/")) {
                // The same URL answers the console to a browser: a cache must keep the two apart.
                exchange.responseHeaders.put("Vary", "Accept");
                exchange.respondJson(200, status());
                return;
            }
            if (exchange.rawPath.startsWith("/sandbox")) {
                throw new ControlError(404, "NOT_FOUND", "No sandbox route " + exchange.method + " " + exchange.rawPath
                        + "; GET / lists them.");
            }
            // What API Gateway answers, with IAM authorization, for a route it does not have.
            exchange.respondJson(403, Exchange.error("MISSING_AUTHENTICATION_TOKEN", "Missing Authentication Token"));
        } catch (ControlError e) {
            exchange.respondJson(e.status, Exchange.error(e.code, e.getMessage()));
        } catch (RuntimeException e) {
            e.printStackTrace();
            exchange.respondJson(500, Exchange.error("INTERNAL_ERROR", "The sandbox failed: " + e.getMessage()));
        }
    }

    private ObjectNode status() {
        var status = Exchange.JSON.createObjectNode().put("status", "ready");
        var listening = status.putObject("endpoints");
        endpoints.forEach((name, uri) -> listening.put(name, uri.toString()));
        listening.put("api", endpoint().toString());
        var queueNames = status.putObject("queues");
        queues.forEach(queue -> queueNames.put(queue.name(), queue.name() + "-dlq"));
        status.put("table", Sandbox.TABLE);
        status.put("ourNumber", options.ourNumber());
        status.put("caller", options.caller());
        var settings = status.putObject("settings");
        options.context().forEach(settings::put);
        var routes = status.putArray("routes");
        jobs.forEach(job -> job.described().forEach(routes::add));
        return status;
    }
}
