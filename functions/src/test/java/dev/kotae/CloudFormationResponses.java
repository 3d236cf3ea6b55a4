package dev.kotae;

import com.amazonaws.services.lambda.runtime.events.CloudFormationCustomResourceEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.kotae.TestJson.json;

/**
 * Where a custom resource's tests point its events' ResponseURL: a loopback server keeping each
 * response object a handler PUTs, as CloudFormation's pre-signed URL would receive it.
 */
public final class CloudFormationResponses implements AutoCloseable {

    private final HttpServer server;
    private final List<JsonNode> responses = new CopyOnWriteArrayList<>();

    public CloudFormationResponses() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                responses.add(json(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
    }

    /** A pre-signed URL's shape, on loopback. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/response?X-Amz-Signature=x";
    }

    /** The responses so far, oldest first. */
    public List<JsonNode> all() {
        return List.copyOf(responses);
    }

    /**
     * A custom resource's request as CloudFormation sends it: the event file as a {@code type} request for
     * {@code physicalId} (null on create), answered here, its properties free to change.
     */
    public CloudFormationCustomResourceEvent event(String file, String type, String physicalId) {
        var event = EventLoader.loadEvent(file, CloudFormationCustomResourceEvent.class);
        event.setRequestType(type);
        event.setPhysicalResourceId(physicalId);
        event.setResponseUrl(url());
        event.setResourceProperties(new HashMap<>(event.getResourceProperties()));
        return event;
    }

    /** The newest response. */
    public JsonNode last() {
        return responses.get(responses.size() - 1);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
