package dev.kotae.messages.boundary;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.kotae.messages.entity.Caller;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the send page's API reads from an HTTP API event (payload format 2.0) and how it answers: the
 * person the JWT authorizer let through, and the same request and answer shapes as the signed API, so
 * one set of request readers and error answers serves both.
 *
 * <p>API Gateway's JWT authorizer has already checked the token's signature, issuer, audience and expiry
 * (API Gateway Developer Guide, "Controlling access to HTTP APIs with JWT authorizers") and hands its claims
 * over in {@code requestContext.authorizer.jwt.claims}. The page sends the user pool's ID token, the one
 * that carries the person's e-mail address (Amazon Cognito Developer Guide, "Understanding the identity
 * token"); a token of another use is refused here.
 */
final class PageRequests {

    private PageRequests() {
    }

    /** The signed-in person: the user pool (from the issuer), the subject and the e-mail address. */
    static Caller person(APIGatewayV2HTTPEvent event) {
        var claims = Optional.ofNullable(event.getRequestContext())
                .map(APIGatewayV2HTTPEvent.RequestContext::getAuthorizer)
                .map(APIGatewayV2HTTPEvent.RequestContext.Authorizer::getJwt)
                .map(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT::getClaims)
                .orElse(Map.of());
        var issuer = claims.getOrDefault("iss", "");
        var subject = claims.getOrDefault("sub", "");
        var email = claims.getOrDefault("email", "");
        if (!"id".equals(claims.get("token_use")) || issuer.isBlank() || subject.isBlank() || email.isBlank()) {
            throw new KotaeException(ErrorCode.UNAUTHORIZED, "Sign in again: this page needs your sign-in's ID token.");
        }
        return Caller.person(issuer.substring(issuer.lastIndexOf('/') + 1), subject, email);
    }

    /** The request as the signed API's readers take it: headers (one value each, as HTTP API joins them), body. */
    static APIGatewayProxyRequestEvent asProxyRequest(APIGatewayV2HTTPEvent event) {
        var request = new APIGatewayProxyRequestEvent();
        request.setHeaders(Optional.ofNullable(event.getHeaders()).orElse(Map.of()));
        request.setBody(event.getBody());
        request.setIsBase64Encoded(event.getIsBase64Encoded());
        request.setPathParameters(event.getPathParameters());
        var context = new APIGatewayProxyRequestEvent.ProxyRequestContext();
        Optional.ofNullable(event.getRequestContext()).ifPresent(http -> context.setRequestId(http.getRequestId()));
        request.setRequestContext(context);
        return request;
    }

    /** The answer, never cached: it is one person's, and a shared cache must not keep it. */
    static APIGatewayV2HTTPResponse asHttpResponse(APIGatewayProxyResponseEvent answer) {
        var headers = new HashMap<>(Optional.ofNullable(answer.getHeaders()).orElse(Map.of()));
        headers.put("Cache-Control", "no-store");
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(answer.getStatusCode())
                .withHeaders(headers)
                .withBody(answer.getBody())
                .withIsBase64Encoded(false)
                .build();
    }
}
