package dev.kotae.sandbox;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.kotae.standins.HttpApiJwtAuthorizer;
import dev.kotae.standins.SignInStandIn;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The send page's HTTP API as API Gateway serves it (payload format 2.0): each route behind the JWT
 * authorizer, which refuses a request without a token it accepts with API Gateway's own 401 before any
 * function runs, and hands the token's claims to the function in {@code requestContext.authorizer.jwt}.
 */
final class SendPageApi implements Routes {

    private static final String MESSAGES = "/api/messages";
    private static final String READ = "GET " + MESSAGES + "/{messageId}";
    private static final String INVITATIONS = "/sandbox/invitations";

    private static final java.util.Set<String> PAGE = java.util.Set.of("/send", "/send/page.js", "/send/page.css",
            "/send/config.json");

    private final Map<String, LocalFunction<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> routes;
    private final LocalFunction<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> page;
    private final HttpApiJwtAuthorizer authorizer;
    private final SignInStandIn signIn;

    /** @param routes the API's functions by route key, each behind the JWT check */
    SendPageApi(Map<String, LocalFunction<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> routes,
                LocalFunction<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> page, HttpApiJwtAuthorizer authorizer,
                SignInStandIn signIn) {
        this.routes = routes;
        this.page = page;
        this.authorizer = authorizer;
        this.signIn = signIn;
    }

    @Override
    public boolean answer(Exchange exchange) {
        if (exchange.is("GET", INVITATIONS)) {
            // The mailbox of the user pool's invitation e-mails, which Cognito would send: who was invited, with
            // which temporary password.
            var mailbox = Exchange.JSON.createArrayNode();
            signIn.invitations().forEach(invitation -> mailbox.addObject().put("email", invitation.email())
                    .put("temporaryPassword", invitation.temporaryPassword()).put("sentAt", invitation.sentAt().toString()));
            exchange.respondJson(200, mailbox);
            return true;
        }
        if (exchange.method.equals("GET") && PAGE.contains(exchange.rawPath)) {
            // The page's own routes take no token: the page is what signs the person in.
            respond(exchange, page.invoke(event(exchange, "GET " + exchange.rawPath, Map.of())));
            return true;
        }
        var routeKey = routeKey(exchange);
        if (!routes.containsKey(routeKey)) {
            return false;
        }
        Map<String, String> claims;
        try {
            claims = authorizer.claims(Optional.ofNullable(exchange.headers.get("Authorization")));
        } catch (HttpApiJwtAuthorizer.Unauthorized refused) {
            // API Gateway's answer, and its header naming why (API Gateway Developer Guide, "Troubleshooting
            // issues with HTTP API JWT authorizers").
            exchange.responseHeaders.put("www-authenticate", "Bearer scope=\"\" error=\"invalid_token\" error_description=\""
                    + refused.getMessage() + "\"");
            exchange.respondJson(401, Exchange.JSON.createObjectNode().put("message", "Unauthorized"));
            return true;
        }
        var event = event(exchange, routeKey, claims);
        if (routeKey.equals(READ)) {
            event.setPathParameters(Map.of("messageId",
                    ApiGatewayProxy.decodedOnce(exchange.rawPath.substring(MESSAGES.length() + 1))));
        }
        respond(exchange, routes.get(routeKey).invoke(event));
        return true;
    }

    /** The route a request matches, as HTTP API names it: one path segment after {@code /api/messages/} is a message's id. */
    private static String routeKey(Exchange exchange) {
        var path = exchange.rawPath;
        var oneMessage = path.startsWith(MESSAGES + "/") && path.length() > MESSAGES.length() + 1
                && path.indexOf('/', MESSAGES.length() + 1) < 0;
        return oneMessage ? exchange.method + " " + MESSAGES + "/{messageId}" : exchange.method + " " + path;
    }

    private static void respond(Exchange exchange, APIGatewayV2HTTPResponse response) {
        Optional.ofNullable(response.getHeaders()).orElse(Map.of()).forEach(exchange.responseHeaders::put);
        exchange.respond(response.getStatusCode(), Optional.ofNullable(response.getBody()).orElse("")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public List<String> described() {
        var described = new ArrayList<>(List.of("GET /send (the send page)"));
        routes.keySet().stream().sorted().map(route -> route + " (send page, JWT)").forEach(described::add);
        described.add("GET " + INVITATIONS);
        return described;
    }

    /** The event an HTTP API builds: header names in lower case, repeated headers joined with commas. */
    private static APIGatewayV2HTTPEvent event(Exchange exchange, String routeKey, Map<String, String> claims) {
        var headers = new HashMap<String, String>();
        for (var name : exchange.headers.getFieldNamesCollection()) {
            headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", exchange.headers.getValuesList(name)));
        }
        var body = exchange.body.length == 0 ? null : new String(exchange.body, StandardCharsets.UTF_8);
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(exchange.rawPath)
                .withRawQueryString(Optional.ofNullable(exchange.rawQuery).orElse(""))
                .withHeaders(headers)
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId(UUID.randomUUID().toString())
                        .withRouteKey(routeKey)
                        .withStage("$default")
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                                        .withClaims(claims).build())
                                .build())
                        .build())
                .build();
    }
}
