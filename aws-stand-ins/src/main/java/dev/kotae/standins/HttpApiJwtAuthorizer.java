package dev.kotae.standins;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What API Gateway's JWT authorizer checks before an HTTP API route runs (API Gateway Developer Guide,
 * "Control access to HTTP APIs with JWT authorizers"), for the sandbox's send page: the token from the
 * {@code Authorization} header (with or without {@code Bearer}), signed with an RSA algorithm by a key the
 * issuer publishes ({@code kid}), its {@code iss} the configured issuer, its {@code aud} (or, only when there
 * is no {@code aud}, its {@code client_id}) one of the configured audiences, {@code exp} after now and
 * {@code nbf} and {@code iat} not after it. What passes is handed on as the claims, each as text, as the
 * route's integration receives them in {@code requestContext.authorizer.jwt.claims}; what fails is 401.
 */
public final class HttpApiJwtAuthorizer {

    private static final Set<JWSAlgorithm> RSA = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512);

    private final String issuer;
    private final Set<String> audiences;
    private final JWKSet keys;
    private final Clock clock;

    public HttpApiJwtAuthorizer(String issuer, Set<String> audiences, JWKSet keys, Clock clock) {
        this.issuer = issuer;
        this.audiences = Set.copyOf(audiences);
        this.keys = keys;
        this.clock = clock;
    }

    /** A request refused: why, as API Gateway's {@code www-authenticate} header says it; the answer is 401. */
    public static final class Unauthorized extends RuntimeException {
        Unauthorized(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * The claims of the token {@code authorization} carries.
     *
     * @throws Unauthorized when API Gateway would answer 401
     */
    public Map<String, String> claims(Optional<String> authorization) {
        var token = authorization.map(String::strip).map(value -> value.regionMatches(true, 0, "Bearer ", 0, 7)
                ? value.substring(7).strip() : value).filter(value -> !value.isEmpty())
                .orElseThrow(() -> new Unauthorized("no token"));
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new Unauthorized("the token is not a signed JWT");
        }
        if (!RSA.contains(jwt.getHeader().getAlgorithm())) {
            throw new Unauthorized("the token's algorithm is not RSA");
        }
        var key = Optional.ofNullable(jwt.getHeader().getKeyID()).map(keys::getKeyByKeyId)
                .orElseThrow(() -> new Unauthorized("no key matches the token's kid"));
        try {
            if (!jwt.verify(new RSASSAVerifier((RSAKey) key))) {
                throw new Unauthorized("the token's signature is not valid");
            }
        } catch (JOSEException | ClassCastException e) {
            throw new Unauthorized("the token's signature is not valid");
        }
        if (!issuer.equals(claims.getIssuer())) {
            throw new Unauthorized("the token does not have a valid issuer");
        }
        var audience = claims.getAudience().isEmpty()
                ? Optional.ofNullable(claims.getClaim("client_id")).map(String::valueOf).map(List::of).orElse(List.of())
                : claims.getAudience();
        if (audience.stream().noneMatch(audiences::contains)) {
            throw new Unauthorized("the token does not have a valid audience");
        }
        var now = Date.from(clock.instant());
        if (claims.getExpirationTime() == null || !claims.getExpirationTime().after(now)) {
            throw new Unauthorized("the token has expired");
        }
        if (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().after(now)
                || claims.getIssueTime() != null && claims.getIssueTime().after(now)) {
            throw new Unauthorized("the token is not valid yet");
        }
        var text = new LinkedHashMap<String, String>();
        claims.getClaims().forEach((name, value) -> text.put(name, value instanceof Date date
                ? Long.toString(date.toInstant().getEpochSecond())
                : value instanceof List<?> list && list.size() == 1 ? String.valueOf(list.get(0)) : String.valueOf(value)));
        return text;
    }
}
