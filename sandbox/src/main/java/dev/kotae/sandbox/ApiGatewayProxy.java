package dev.kotae.sandbox;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.kotae.settings.Callers;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The messages API as API Gateway's Lambda proxy integration serves it: each route's request
 * becomes the proxy event API Gateway builds, for the function the stack integrates there.
 * Signatures are not checked; the caller is the configured local principal, held to
 * {@code kotae:callers} as the API's resource policy holds a deployed caller, and every method to the
 * stage's throttle, as the stack's stage holds it.
 */
final class ApiGatewayProxy implements Routes {

    /** One method and resource of the stack's API, and the function integrated there. */
    private record Route(String method, String resource, Pattern path, Optional<String> pathParameter,
                         Callers.Grant grant,
                         LocalFunction<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> function) {
    }

    private final List<Route> routes;
    private final String caller;
    private final Callers callers;
    private final StageThrottle throttle;

    ApiGatewayProxy(LocalFunctions functions, String caller, Callers callers, StageThrottle throttle) {
        this.caller = caller;
        this.callers = callers;
        this.throttle = throttle;
        routes = List.of(
                new Route("POST", "/messages", Pattern.compile("/messages"), Optional.empty(), Callers.Grant.SEND,
                        functions.sendMessage()),
                new Route("GET", "/messages/{messageId}", Pattern.compile("/messages/([^/]+)"), Optional.of("messageId"),
                        Callers.Grant.SEND, functions.getMessage()),
                new Route("DELETE", "/messages/{messageId}", Pattern.compile("/messages/([^/]+)"), Optional.of("messageId"),
                        Callers.Grant.SEND, functions.cancelMessage()),
                new Route("POST", "/batches", Pattern.compile("/batches"), Optional.empty(), Callers.Grant.SEND,
                        functions.createBatch()),
                new Route("GET", "/batches/{batchId}", Pattern.compile("/batches/([^/]+)"), Optional.of("batchId"),
                        Callers.Grant.SEND, functions.getBatch()),
                new Route("DELETE", "/batches/{batchId}", Pattern.compile("/batches/([^/]+)"), Optional.of("batchId"),
                        Callers.Grant.SEND, functions.cancelBatch()),
                new Route("GET", "/conversations/{phoneNumber}", Pattern.compile("/conversations/([^/]+)"),
                        Optional.of("phoneNumber"), Callers.Grant.CONVERSATIONS, functions.getConversations()),
                new Route("GET", "/recipients/{phoneNumber}", Pattern.compile("/recipients/([^/]+)"),
                        Optional.of("phoneNumber"), Callers.Grant.CONSENT, functions.getRecipient()),
                new Route("PUT", "/recipients/{phoneNumber}/consent", Pattern.compile("/recipients/([^/]+)/consent"),
                        Optional.of("phoneNumber"), Callers.Grant.CONSENT, functions.recipientConsent()),
                new Route("DELETE", "/recipients/{phoneNumber}/consent", Pattern.compile("/recipients/([^/]+)/consent"),
                        Optional.of("phoneNumber"), Callers.Grant.CONSENT, functions.recipientConsent()));
    }

    @Override
    public boolean answer(Exchange exchange) {
        for (var route : routes) {
            var matcher = route.path().matcher(exchange.rawPath);
            if (exchange.method.equals(route.method()) && matcher.matches()) {
                if (!throttle.admits(route.method(), route.resource())) {
                    // The stack's THROTTLED gateway response: API Gateway's message in Kotae's error shape.
                    exchange.responseHeaders.put("Retry-After", "1");
                    exchange.respondJson(429, Exchange.error("THROTTLED", "Too Many Requests"));
                    return true;
                }
                if (!callers.allows(caller, route.grant())) {
                    // API Gateway's answer to a caller the resource policy denies, in Kotae's error shape.
                    exchange.respondJson(403, Exchange.error("ACCESS_DENIED", "User: " + caller + " is not authorized"
                            + " to perform: execute-api:Invoke on resource: arn:aws:execute-api:local:000000000000:kotae/local/"
                            + route.method() + exchange.rawPath + " with an explicit deny"));
                    return true;
                }
                var pathParameters = route.pathParameter().map(name -> Map.of(name, decodedOnce(matcher.group(1))))
                        .orElse(Map.of());
                var response = route.function().invoke(proxyEvent(exchange, route.resource(), pathParameters));
                Optional.ofNullable(response.getHeaders()).orElse(Map.of()).forEach(exchange.responseHeaders::put);
                exchange.respond(response.getStatusCode(),
                        Optional.ofNullable(response.getBody()).orElse("").getBytes(StandardCharsets.UTF_8));
                return true;
            }
        }
        return false;
    }

    /**
     * A path segment as API Gateway puts it in {@code pathParameters}: its %-escapes decoded, once; a '+' is a
     * '+' in a path. The HTTP layer has already refused a malformed escape.
     */
    static String decodedOnce(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public List<String> described() {
        return routes.stream().map(route -> route.method() + " " + route.resource()).toList();
    }

    /** The event API Gateway's Lambda proxy integration builds for this request. */
    private APIGatewayProxyRequestEvent proxyEvent(Exchange exchange, String resource, Map<String, String> pathParameters) {
        var headers = new HashMap<String, String>();
        var multiValueHeaders = new HashMap<String, List<String>>();
        for (var name : exchange.headers.getFieldNamesCollection()) {
            var values = exchange.headers.getValuesList(name);
            headers.put(name, values.get(0));
            multiValueHeaders.put(name, values);
        }
        var identity = new APIGatewayProxyRequestEvent.RequestIdentity()
                .withUserArn(caller)
                .withCaller(caller)
                .withAccountId("000000000000")
                .withSourceIp(exchange.remoteAddress);
        var context = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withRequestId(UUID.randomUUID().toString())
                .withResourcePath(resource)
                .withHttpMethod(exchange.method)
                .withStage("local")
                .withAccountId("000000000000")
                .withIdentity(identity);
        var query = exchange.query();
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
}
