package dev.kotae.sandbox;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.kotae.standins.HttpApiJwtAuthorizer;
import dev.kotae.standins.SignInStandIn;

import java.nio.charset.StandardCharsets;
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

    private static final String SEND = "/api/messages";
    private static final String PREVIEW = "/api/preview";
    private static final String INVITATIONS = "/sandbox/invitations";

    private static final java.util.Set<String> PAGE = java.util.Set.of("/send", "/send/page.js", "/send/page.css",
            "/send/config.json");

    private final LocalFunction<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> pageSend;
    private final LocalFunction<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> pageRead;
    private final LocalFunction<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> pagePreview;
    private final LocalFunction<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> page;
    private final HttpApiJwtAuthorizer authorizer;
    private final SignInStandIn signIn;

    SendPageApi(LocalFunction<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> pageSend,
                LocalFunction<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> pageRead,
                LocalFunction<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> pagePreview,
                LocalFunction<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> page, HttpApiJwtAuthorizer authorizer,
                SignInStandIn signIn) {
        this.pageSend = pageSend;
        this.pageRead = pageRead;
        this.pagePreview = pagePreview;
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
        var reading = exchange.method.equals("GET") && exchange.rawPath.startsWith(SEND + "/")
                && exchange.rawPath.indexOf('/', SEND.length() + 1) < 0;
        var previewing = exchange.is("POST", PREVIEW);
        if (!exchange.is("POST", SEND) && !reading && !previewing) {
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
        if (previewing) {
            respond(exchange, pagePreview.invoke(event(exchange, "POST " + PREVIEW, claims)));
        } else if (reading) {
            var read = event(exchange, "GET " + SEND + "/{messageId}", claims);
            read.setPathParameters(Map.of("messageId", ApiGatewayProxy.decodedOnce(exchange.rawPath.substring(SEND.length() + 1))));
            respond(exchange, pageRead.invoke(read));
        } else {
            respond(exchange, pageSend.invoke(event(exchange, "POST " + SEND, claims)));
        }
        return true;
    }

    private static void respond(Exchange exchange, APIGatewayV2HTTPResponse response) {
        Optional.ofNullable(response.getHeaders()).orElse(Map.of()).forEach(exchange.responseHeaders::put);
        exchange.respond(response.getStatusCode(), Optional.ofNullable(response.getBody()).orElse("")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public List<String> described() {
        return List.of("GET /send (the send page)", "POST " + SEND + " (send page, JWT)",
                "GET " + SEND + "/{messageId} (send page, JWT)", "POST " + PREVIEW + " (send page, JWT)", "GET " + INVITATIONS);
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
