package dev.kotae.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One request to the sandbox's port as its routes read it (path and query as sent, still escaped)
 * and the one answer they give, JSON in the API's shapes.
 */
final class Exchange {

    static final ObjectMapper JSON = new ObjectMapper();

    final String method;
    final String rawPath;
    final String rawQuery;
    final HttpFields headers;
    final byte[] body;
    final String remoteAddress;
    final Map<String, String> responseHeaders = new LinkedHashMap<>();
    private int status = 500;
    private byte[] responseBody = new byte[0];

    Exchange(Request request) throws IOException {
        method = request.getMethod();
        rawPath = request.getHttpURI().getPath();
        rawQuery = request.getHttpURI().getQuery();
        headers = request.getHeaders();
        body = Content.Source.asInputStream(request).readAllBytes();
        remoteAddress = Request.getRemoteAddr(request);
    }

    boolean is(String method, String path) {
        return this.method.equals(method) && rawPath.equals(path);
    }

    /** The query's parameters, decoded. */
    Map<String, String> query() {
        var parameters = new HashMap<String, String>();
        if (rawQuery != null) {
            for (var pair : rawQuery.split("&")) {
                var parts = pair.split("=", 2);
                parameters.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
        }
        return parameters;
    }

    /** The body as a JSON object, or a 400 in the API's error shape. */
    JsonNode jsonBody() {
        try {
            var node = JSON.readTree(new String(body, StandardCharsets.UTF_8));
            if (node == null || !node.isObject()) {
                throw new ControlError(400, "INVALID_JSON", "Send a JSON object.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ControlError(400, "INVALID_JSON", "The body is not valid JSON.");
        }
    }

    void respondJson(int status, JsonNode body) {
        responseHeaders.put("Content-Type", "application/json");
        try {
            respond(status, JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    void respond(int status, byte[] body) {
        responseHeaders.putIfAbsent("Content-Type", "application/json");
        this.status = status;
        this.responseBody = body;
    }

    void writeTo(Response response, Callback callback) {
        response.setStatus(status);
        responseHeaders.forEach(response.getHeaders()::put);
        response.write(true, ByteBuffer.wrap(responseBody), callback);
    }

    /** The API's error shape, which every refusal of the sandbox's port uses too. */
    static ObjectNode error(String code, String message) {
        var body = JSON.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        return body;
    }

    /** A member's text, when it is text and not blank. */
    static Optional<String> text(JsonNode node, String member) {
        return Optional.ofNullable(node.get(member)).filter(JsonNode::isTextual).map(JsonNode::asText)
                .filter(value -> !value.isBlank());
    }
}
