package dev.kotae.sandbox;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kotae.standins.EventBusRecorder;
import dev.kotae.standins.LocalLambdaContext;
import dev.kotae.standins.Fault;
import dev.kotae.standins.SmsSimulator;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The sandbox's one HTTP port. The API's routes become API Gateway proxy events for the same
 * handlers that run in Lambda (IAM is not enforced; the caller is the configured local principal),
 * and {@code /sandbox/*} is the control surface that tests and people use. Every answer, a request
 * the HTTP layer itself cannot read (a malformed path, say) included, is JSON in the API's error shape.
 */
final class LocalApi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MESSAGE = Pattern.compile("/messages/([^/]+)");
    private static final Pattern CONVERSATIONS = Pattern.compile("/conversations/([^/]+)");
    private static final Pattern INVOKE = Pattern.compile("/sandbox/invoke/([a-z-]+)");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    private final Server server;
    private final SandboxOptions options;
    private final LocalFunctions functions;
    private final InboundPublisher inbound;
    private final SmsSimulator sms;
    private final EventBusRecorder events;
    private final SqsClient sqs;
    private final List<LocalQueue> queues;
    private final Map<String, URI> endpoints;

    LocalApi(Server server, SandboxOptions options, LocalFunctions functions, InboundPublisher inbound,
             SmsSimulator sms, EventBusRecorder events, SqsClient sqs, List<LocalQueue> queues, Map<String, URI> endpoints) {
        this.server = server;
        this.options = options;
        this.functions = functions;
        this.inbound = inbound;
        this.sms = sms;
        this.events = events;
        this.sqs = sqs;
        this.queues = queues;
        this.endpoints = endpoints;
    }

    /** Claims the port now, so that a clash is reported before anything else starts. */
    static Server bind(String host, int port) {
        var server = new Server(new QueuedThreadPool(16, 4));
        var connector = new ServerConnector(server, 1, 1);
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
                LocalApi.this.exchange(exchange);
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
                    response.write(true, ByteBuffer.wrap(JSON.writeValueAsBytes(error(status >= 500 ? "DEFAULT_5XX"
                            : "DEFAULT_4XX", message))), callback);
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

    private void exchange(Exchange exchange) throws IOException {
        try {
            route(exchange, exchange.method, exchange.rawPath);
        } catch (ControlError e) {
            respondJson(exchange, e.status, error(e.code, e.getMessage()));
        } catch (RuntimeException e) {
            e.printStackTrace();
            respondJson(exchange, 500, error("INTERNAL_ERROR", "The sandbox failed: " + e.getMessage()));
        }
    }

    private void route(Exchange exchange, String method, String path) throws IOException {
        if (method.equals("POST") && path.equals("/messages")) {
            proxy(exchange, "/messages", Map.of(), functions.sendMessage()::handleRequest, "send-message");
        } else if (method.equals("GET") && MESSAGE.matcher(path).matches()) {
            var id = group(MESSAGE, path);
            proxy(exchange, "/messages/{messageId}", Map.of("messageId", id), functions.getMessage()::handleRequest,
                    "get-message");
        } else if (method.equals("GET") && CONVERSATIONS.matcher(path).matches()) {
            var number = group(CONVERSATIONS, path);
            proxy(exchange, "/conversations/{phoneNumber}", Map.of("phoneNumber", number),
                    functions.getConversations()::handleRequest, "get-conversations");
        } else if (method.equals("GET") && path.equals("/")) {
            respondJson(exchange, 200, status());
        } else if (method.equals("POST") && path.equals("/sandbox/inbound")) {
            respondJson(exchange, 202, simulateReply(readJson(exchange)));
        } else if (method.equals("GET") && path.equals("/sandbox/outbox")) {
            respondJson(exchange, 200, outbox(query(exchange).get("to")));
        } else if (method.equals("GET") && path.equals("/sandbox/dlq")) {
            respondJson(exchange, 200, deadLetters());
        } else if (method.equals("GET") && path.equals("/sandbox/events")) {
            respondJson(exchange, 200, JSON.valueToTree(events.events()));
        } else if (method.equals("POST") && path.equals("/sandbox/faults")) {
            respondJson(exchange, 202, injectFault(readJson(exchange)));
        } else if (method.equals("POST") && INVOKE.matcher(path).matches()) {
            invoke(exchange, group(INVOKE, path));
        } else if (path.startsWith("/sandbox")) {
            throw new ControlError(404, "NOT_FOUND", "No sandbox route " + method + " " + path + "; GET / lists them.");
        } else {
            // What API Gateway answers, with IAM authorization, for a route it does not have.
            respondJson(exchange, 403, error("MISSING_AUTHENTICATION_TOKEN", "Missing Authentication Token"));
        }
    }

    private interface Handler {
        APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event, Context context);
    }

    private void proxy(Exchange exchange, String resource, Map<String, String> pathParameters, Handler handler,
                       String functionName) throws IOException {
        var event = proxyEvent(exchange, resource, pathParameters);
        var response = handler.handle(event, LocalLambdaContext.invoking(functionName));
        var body = Optional.ofNullable(response.getBody()).orElse("").getBytes(StandardCharsets.UTF_8);
        Optional.ofNullable(response.getHeaders()).orElse(Map.of()).forEach(exchange.responseHeaders::put);
        respond(exchange, response.getStatusCode(), body);
    }

    /** The event API Gateway's Lambda proxy integration builds for this request. */
    private APIGatewayProxyRequestEvent proxyEvent(Exchange exchange, String resource,
                                                   Map<String, String> pathParameters) throws IOException {
        var headers = new HashMap<String, String>();
        var multiValueHeaders = new HashMap<String, List<String>>();
        for (var name : exchange.headers.getFieldNamesCollection()) {
            var values = exchange.headers.getValuesList(name);
            headers.put(name, values.get(0));
            multiValueHeaders.put(name, values);
        }
        var identity = new APIGatewayProxyRequestEvent.RequestIdentity()
                .withUserArn(options.caller())
                .withCaller(options.caller())
                .withAccountId("000000000000")
                .withSourceIp(exchange.remoteAddress);
        var context = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withRequestId(UUID.randomUUID().toString())
                .withResourcePath(resource)
                .withHttpMethod(exchange.method)
                .withStage("local")
                .withAccountId("000000000000")
                .withIdentity(identity);
        var query = query(exchange);
        var body = exchange.body;
        // The stack's API declares application/json a binary media type: API Gateway then passes the
        // bytes base64-encoded and unaltered, so Kotae, not the gateway, decides what is not UTF-8.
        var binary = Optional.ofNullable(exchange.headers.get("Content-Type"))
                .map(type -> type.split(";", 2)[0].trim().equalsIgnoreCase("application/json")).orElse(false);
        return new APIGatewayProxyRequestEvent()
                .withResource(resource)
                .withPath(exchange.rawPath)
                .withHttpMethod(exchange.method)
                .withHeaders(headers)
                .withMultiValueHeaders(multiValueHeaders)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withRequestContext(context)
                .withBody(body.length == 0 ? null
                        : binary ? Base64.getEncoder().encodeToString(body) : new String(body, StandardCharsets.UTF_8))
                .withIsBase64Encoded(body.length > 0 && binary);
    }

    private ObjectNode simulateReply(JsonNode request) {
        var from = text(request, "from").filter(number -> E164.matcher(number).matches()).orElseThrow(() ->
                new ControlError(400, "INVALID_PHONE_NUMBER", "'from' must be the replying phone's number in E.164."));
        var inboundMessageId = text(request, "inboundMessageId");
        if (request.path("malformed").asBoolean(false)) {
            inbound.publishMalformed();
            return JSON.createObjectNode().put("malformed", true);
        }
        var body = text(request, "body").orElseThrow(() ->
                new ControlError(400, "INVALID_BODY", "'body' is the text the phone sends."));
        var id = inbound.publish(from, text(request, "to"), body, text(request, "inReplyTo"), inboundMessageId);
        return JSON.createObjectNode().put("inboundMessageId", id);
    }

    private JsonNode outbox(String to) {
        var list = JSON.createArrayNode();
        sms.outbox().stream().filter(m -> to == null || m.destinationPhoneNumber().equals(to)).forEach(message -> {
            var node = list.addObject()
                    .put("messageId", message.messageId())
                    .put("from", message.originationIdentity())
                    .put("to", message.destinationPhoneNumber())
                    .put("body", message.messageBody())
                    .put("type", message.messageType())
                    .put("acceptedAt", message.acceptedAt().toString())
                    .put("delivered", message.delivered());
            if (message.configurationSetName() != null) {
                node.put("configurationSet", message.configurationSetName());
            }
        });
        return list;
    }

    /** Peeks without consuming: a zero visibility timeout leaves every message where it is. */
    private JsonNode deadLetters() {
        var list = JSON.createArrayNode();
        for (var queue : queues) {
            sqs.receiveMessage(r -> r.queueUrl(queue.deadLetterUrl()).maxNumberOfMessages(10).visibilityTimeout(0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages()
                    .forEach(message -> list.addObject()
                            .put("queue", queue.name())
                            .put("messageId", message.messageId())
                            .put("body", message.body())
                            .put("receiveCount", message.attributesAsStrings().getOrDefault("ApproximateReceiveCount", "")));
        }
        return list;
    }

    private ObjectNode injectFault(JsonNode request) {
        var operation = text(request, "operation").orElse("SendTextMessage");
        var name = text(request, "fault").orElse("");
        Fault fault;
        try {
            fault = Fault.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new ControlError(400, "UNKNOWN_FAULT", "'fault' is one of throttle, server-error, spend-limit,"
                    + " access-denied, unverified-destination.");
        }
        var count = request.path("count").asInt(1);
        sms.injectFault(operation, fault, count);
        return JSON.createObjectNode().put("operation", operation).put("fault", name).put("count", count);
    }

    /** Like {@code sam local invoke -e}: the event file's JSON in, the handler's response out. */
    private void invoke(Exchange exchange, String function) throws IOException {
        var event = exchange.body;
        var context = LocalLambdaContext.invoking(function);
        Object response = switch (function) {
            case "send-message" -> functions.sendMessage().handleRequest(event(event, APIGatewayProxyRequestEvent.class), context);
            case "get-message" -> functions.getMessage().handleRequest(event(event, APIGatewayProxyRequestEvent.class), context);
            case "get-conversations" -> functions.getConversations().handleRequest(event(event, APIGatewayProxyRequestEvent.class), context);
            case "inbound" -> functions.inbound().handleRequest(event(event, SQSEvent.class), context);
            case "delivery-status" -> functions.deliveryStatus().handleRequest(event(event, SQSEvent.class), context);
            case "event-relay" -> functions.eventRelay().handleRequest(event(event, DynamodbEvent.class), context);
            default -> throw new ControlError(404, "UNKNOWN_FUNCTION",
                    "Functions: send-message, get-message, get-conversations, inbound, delivery-status.");
        };
        var out = new ByteArrayOutputStream();
        serialize(response, out);
        respond(exchange, 200, out.toByteArray());
    }

    @SuppressWarnings("unchecked")
    private void serialize(Object response, ByteArrayOutputStream out) {
        var serializer = LambdaEventSerializers.serializerFor((Class<Object>) response.getClass(), getClass().getClassLoader());
        serializer.toJson(response, out);
    }

    /** As the Lambda runtime reads an event. */
    private <T> T event(byte[] json, Class<T> type) {
        return LambdaEventSerializers.serializerFor(type, getClass().getClassLoader())
                .fromJson(new ByteArrayInputStream(json));
    }

    private ObjectNode status() {
        var status = JSON.createObjectNode().put("status", "ready");
        var listening = status.putObject("endpoints");
        endpoints.forEach((name, uri) -> listening.put(name, uri.toString()));
        listening.put("api", endpoint().toString());
        var queueNames = status.putObject("queues");
        queues.forEach(queue -> queueNames.put(queue.name(), queue.name() + "-dlq"));
        status.put("table", Sandbox.TABLE);
        status.put("ourNumber", options.ourNumber());
        status.put("caller", options.caller());
        status.putArray("routes").add("POST /messages").add("GET /messages/{messageId}")
                .add("GET /conversations/{phoneNumber}").add("POST /sandbox/inbound").add("GET /sandbox/outbox[?to=]")
                .add("GET /sandbox/dlq").add("GET /sandbox/events").add("POST /sandbox/faults")
                .add("POST /sandbox/invoke/{send-message|get-message|get-conversations|inbound|delivery-status|event-relay}");
        return status;
    }

    private static ObjectNode error(String code, String message) {
        var body = JSON.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        return body;
    }

    private static String group(Pattern pattern, String path) {
        var matcher = pattern.matcher(path);
        matcher.matches();
        return matcher.group(1);
    }

    private static Optional<String> text(JsonNode node, String member) {
        return Optional.ofNullable(node.get(member)).filter(JsonNode::isTextual).map(JsonNode::asText)
                .filter(value -> !value.isBlank());
    }

    private static JsonNode readJson(Exchange exchange) throws IOException {
        try {
            var node = JSON.readTree(new String(exchange.body, StandardCharsets.UTF_8));
            if (node == null || !node.isObject()) {
                throw new ControlError(400, "INVALID_JSON", "Send a JSON object.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ControlError(400, "INVALID_JSON", "The body is not valid JSON.");
        }
    }

    private static Map<String, String> query(Exchange exchange) {
        var raw = exchange.rawQuery;
        var parameters = new HashMap<String, String>();
        if (raw != null) {
            for (var pair : raw.split("&")) {
                var parts = pair.split("=", 2);
                parameters.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
        }
        return parameters;
    }

    private static void respondJson(Exchange exchange, int status, JsonNode body) throws IOException {
        exchange.responseHeaders.put("Content-Type", "application/json");
        respond(exchange, status, JSON.writeValueAsBytes(body));
    }

    private static void respond(Exchange exchange, int status, byte[] body) {
        exchange.responseHeaders.putIfAbsent("Content-Type", "application/json");
        exchange.status = status;
        exchange.responseBody = body;
    }

    /** One request as the routes read it (path and query as sent, still escaped) and the one answer they give. */
    private static final class Exchange {
        final String method;
        final String rawPath;
        final String rawQuery;
        final HttpFields headers;
        final byte[] body;
        final String remoteAddress;
        final Map<String, String> responseHeaders = new LinkedHashMap<>();
        int status = 500;
        byte[] responseBody = new byte[0];

        Exchange(Request request) throws IOException {
            method = request.getMethod();
            rawPath = request.getHttpURI().getPath();
            rawQuery = request.getHttpURI().getQuery();
            headers = request.getHeaders();
            body = Content.Source.asInputStream(request).readAllBytes();
            remoteAddress = Request.getRemoteAddr(request);
        }

        void writeTo(Response response, Callback callback) {
            response.setStatus(status);
            responseHeaders.forEach(response.getHeaders()::put);
            response.write(true, ByteBuffer.wrap(responseBody), callback);
        }
    }

    /** A control-surface request refused, in the API's error shape. */
    private static final class ControlError extends RuntimeException {
        final int status;
        final String code;

        ControlError(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }
}
