package dev.kotae.standins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A loopback stand-in for an Amazon Cognito user pool and its managed login, for the send page in the sandbox:
 * <ul>
 *   <li>the user pool API in its JSON 1.1 protocol for what {@code kotae users} calls (AdminCreateUser,
 *       ListUsers, AdminDeleteUser), refusing a taken or unknown user as Cognito does;</li>
 *   <li>the OIDC endpoints (Amazon Cognito Developer Guide, "User pool endpoints"): {@code /oauth2/authorize}
 *       (a sign-in form), {@code /oauth2/token} (the authorization code grant, PKCE's S256 verifier checked),
 *       {@code /logout}, and the issuer's {@code /.well-known/jwks.json} and {@code openid-configuration};</li>
 *   <li>RS256 tokens with the user pool's claims: an ID token ({@code token_use} id, {@code aud} the app
 *       client, the {@code email}) and an access token ({@code token_use} access, {@code client_id}), an hour
 *       each, signed by a key made at start.</li>
 * </ul>
 * Differences from Cognito, on purpose: a user signs in with the temporary password they were created with
 * (no forced change, no MFA step), a code challenge is required (the page always sends one), and the invitation
 * e-mail of a user created without a password is kept here ({@link #invitations}) instead of sent.
 */
public final class SignInStandIn extends JsonProtocolServer {

    public static final String USER_POOL_ID = "local_kotae";
    public static final String CLIENT_ID = "kotae-send-page";
    static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    private static final Duration CODE_LIFETIME = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A phone number as Cognito takes one: a plus sign, then the country code and the number, digits only. */
    private static final Pattern PHONE_NUMBER = Pattern.compile("\\+[0-9]{4,15}");

    private final Clock clock;
    private final RSAKey key;
    private final Set<String> callbackUrls;
    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final List<Invitation> invitations = new ArrayList<>();

    private record User(String sub, String email, String password, Optional<String> phoneNumber, Instant created) {
    }

    /** The invitation e-mail Cognito sends a person created without a password of the caller's: their temporary one. */
    public record Invitation(String email, String temporaryPassword, Instant sentAt) {
    }

    private record Grant(User user, String redirectUri, String codeChallenge, Instant expires) {
    }

    private SignInStandIn(int port, Clock clock, Set<String> callbackUrls) {
        super(port, "AWSCognitoIdentityProviderService", "application/x-amz-json-1.1");
        this.clock = clock;
        this.callbackUrls = Set.copyOf(callbackUrls);
        try {
            key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("an RSA key is always made", e);
        }
    }

    /** Starts on 127.0.0.1 (port 0 picks one); {@code callbackUrls} are the app client's allowed sign-in and sign-out URLs. */
    public static SignInStandIn start(int port, Clock clock, Set<String> callbackUrls) {
        return new SignInStandIn(port, clock, callbackUrls);
    }

    /** The tokens' {@code iss}: where the user pool's keys are published. */
    public String issuer() {
        return endpoint() + "/" + USER_POOL_ID;
    }

    /** The public keys a JWT check verifies the tokens with. */
    public JWKSet publicKeys() {
        return new JWKSet(key.toPublicJWK());
    }

    /** A user as AdminCreateUser makes one, for tests and {@code bin/sandbox --user}; answers its subject. */
    public synchronized String createUser(String email, String password) {
        return createUser(email, password, Optional.empty());
    }

    private String createUser(String email, String password, Optional<String> phoneNumber) {
        if (users.containsKey(email)) {
            throw new AwsError(400, "UsernameExistsException", null, "User account already exists");
        }
        var user = new User(UUID.randomUUID().toString(), email, password, phoneNumber, clock.instant());
        users.put(email, user);
        return user.sub();
    }

    /** The invitation e-mails sent so far, oldest first: the sandbox's mailbox for them. */
    public synchronized List<Invitation> invitations() {
        return List.copyOf(invitations);
    }

    /** The ID and access tokens a sign-in would give {@code email}, issued now: for tests that skip the form. */
    public synchronized Map<String, String> tokensFor(String email) {
        var user = users.get(email);
        if (user == null) {
            throw new IllegalArgumentException("no user " + email);
        }
        return tokens(user);
    }

    @Override
    protected synchronized ObjectNode answer(String operation, JsonNode request) {
        var pool = request.path("UserPoolId").asText("");
        if (!pool.equals(USER_POOL_ID)) {
            throw new AwsError(400, "ResourceNotFoundException", null, "User pool " + pool + " does not exist.");
        }
        return switch (operation) {
            case "AdminCreateUser" -> {
                var email = request.path("Username").asText("");
                if (email.isBlank()) {
                    throw new AwsError(400, "InvalidParameterException", null, "Username is required.");
                }
                var given = request.path("TemporaryPassword").asText("");
                var password = given.isEmpty() ? temporaryPassword() : given;
                createUser(email, password, phoneNumber(request.path("UserAttributes")));
                if (given.isEmpty()) {
                    invitations.add(new Invitation(email, password, clock.instant()));
                }
                var answer = object();
                answer.set("User", userAnswer(users.get(email)));
                yield answer;
            }
            case "ListUsers" -> {
                var answer = object();
                var list = answer.putArray("Users");
                users.values().forEach(user -> list.add(userAnswer(user)));
                yield answer;
            }
            case "AdminDeleteUser" -> {
                if (users.remove(request.path("Username").asText("")) == null) {
                    throw new AwsError(400, "UserNotFoundException", null, "User does not exist.");
                }
                yield object();
            }
            default -> throw new AwsError(400, "UnknownOperationException", null, "The stand-in does not implement " + operation + ".");
        };
    }

    /** The phone_number attribute, which codes by text go to: refused as Cognito refuses a number not so written. */
    private static Optional<String> phoneNumber(JsonNode attributes) {
        for (var attribute : attributes) {
            if (attribute.path("Name").asText().equals("phone_number")) {
                var number = attribute.path("Value").asText("");
                if (!PHONE_NUMBER.matcher(number).matches()) {
                    throw new AwsError(400, "InvalidParameterException", null, "Invalid phone number format.");
                }
                return Optional.of(number);
            }
        }
        return Optional.empty();
    }

    private ObjectNode userAnswer(User user) {
        var node = object().put("Username", user.email()).put("Enabled", true).put("UserStatus", "FORCE_CHANGE_PASSWORD")
                .put("UserCreateDate", user.created().getEpochSecond())
                .put("UserLastModifiedDate", user.created().getEpochSecond());
        var attributes = node.putArray("Attributes");
        attributes.addObject().put("Name", "sub").put("Value", user.sub());
        attributes.addObject().put("Name", "email").put("Value", user.email());
        attributes.addObject().put("Name", "email_verified").put("Value", "true");
        user.phoneNumber().ifPresent(number -> {
            attributes.addObject().put("Name", "phone_number").put("Value", number);
            attributes.addObject().put("Name", "phone_number_verified").put("Value", "true");
        });
        return node;
    }

    @Override
    protected boolean answerOther(HttpExchange exchange) throws IOException {
        var path = exchange.getRequestURI().getPath();
        var method = exchange.getRequestMethod();
        if (method.equals("GET") && path.equals("/" + USER_POOL_ID + "/.well-known/jwks.json")) {
            send(exchange, 200, "application/json", publicKeys().toString());
        } else if (method.equals("GET") && path.equals("/" + USER_POOL_ID + "/.well-known/openid-configuration")) {
            send(exchange, 200, "application/json", json.writeValueAsString(object()
                    .put("issuer", issuer())
                    .put("authorization_endpoint", endpoint() + "/oauth2/authorize")
                    .put("token_endpoint", endpoint() + "/oauth2/token")
                    .put("jwks_uri", issuer() + "/.well-known/jwks.json")
                    .put("end_session_endpoint", endpoint() + "/logout")));
        } else if (method.equals("GET") && path.equals("/oauth2/authorize")) {
            authorize(exchange, RestJson.parameters(exchange.getRequestURI().getRawQuery()));
        } else if (method.equals("POST") && path.equals("/login")) {
            login(exchange, RestJson.parameters(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        } else if (method.equals("POST") && path.equals("/oauth2/token")) {
            token(exchange, RestJson.parameters(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        } else if (method.equals("GET") && path.equals("/logout")) {
            var parameters = RestJson.parameters(exchange.getRequestURI().getRawQuery());
            var logoutUri = parameters.getOrDefault("logout_uri", "");
            if (!CLIENT_ID.equals(parameters.get("client_id")) || !callbackUrls.contains(logoutUri)) {
                send(exchange, 400, "text/plain; charset=utf-8", "Sign-out needs this app client and one of its sign-out URLs.");
            } else {
                redirect(exchange, logoutUri);
            }
        } else {
            return false;
        }
        return true;
    }

    /** The authorization code flow's first step: a sign-in form, once the request is one the app client may make. */
    private void authorize(HttpExchange exchange, Map<String, String> request) throws IOException {
        var refusal = refusalOf(request);
        if (refusal != null) {
            send(exchange, 400, "text/plain; charset=utf-8", refusal);
            return;
        }
        send(exchange, 200, "text/html; charset=utf-8", form(request, ""));
    }

    private String refusalOf(Map<String, String> request) {
        if (!"code".equals(request.get("response_type"))) {
            return "response_type must be code.";
        }
        if (!CLIENT_ID.equals(request.get("client_id"))) {
            return "Unknown client_id.";
        }
        if (!callbackUrls.contains(request.getOrDefault("redirect_uri", ""))) {
            return "redirect_uri is not one of the app client's callback URLs.";
        }
        if (!"S256".equals(request.get("code_challenge_method")) || request.getOrDefault("code_challenge", "").isBlank()) {
            return "A code_challenge with code_challenge_method S256 is required.";
        }
        return null;
    }

    private void login(HttpExchange exchange, Map<String, String> form) throws IOException {
        var refusal = refusalOf(form);
        if (refusal != null) {
            send(exchange, 400, "text/plain; charset=utf-8", refusal);
            return;
        }
        User user;
        synchronized (this) {
            user = users.get(form.getOrDefault("username", ""));
        }
        if (user == null || !user.password().equals(form.getOrDefault("password", ""))) {
            send(exchange, 200, "text/html; charset=utf-8", form(form, "Incorrect username or password."));
            return;
        }
        var code = randomToken();
        codes.put(code, new Grant(user, form.get("redirect_uri"), form.get("code_challenge"), clock.instant().plus(CODE_LIFETIME)));
        redirect(exchange, form.get("redirect_uri") + "?code=" + code
                + (form.containsKey("state") ? "&state=" + URLEncoder.encode(form.get("state"), StandardCharsets.UTF_8) : ""));
    }

    /** The token endpoint's authorization code grant: the code used once, before it expires, with its verifier. */
    private void token(HttpExchange exchange, Map<String, String> form) throws IOException {
        // A browser page exchanges its code here from its own origin, as with Cognito's token endpoint.
        Optional.ofNullable(exchange.getRequestHeaders().getFirst("Origin"))
                .ifPresent(origin -> exchange.getResponseHeaders().set("Access-Control-Allow-Origin", origin));
        if (!"authorization_code".equals(form.get("grant_type"))) {
            send(exchange, 400, "application/json", "{\"error\":\"unsupported_grant_type\"}");
            return;
        }
        var grant = codes.remove(form.getOrDefault("code", ""));
        if (grant == null || grant.expires().isBefore(clock.instant()) || !CLIENT_ID.equals(form.get("client_id"))
                || !grant.redirectUri().equals(form.get("redirect_uri"))
                || !grant.codeChallenge().equals(challengeOf(form.getOrDefault("code_verifier", "")))) {
            send(exchange, 400, "application/json", "{\"error\":\"invalid_grant\"}");
            return;
        }
        var tokens = tokens(grant.user());
        send(exchange, 200, "application/json", json.writeValueAsString(object()
                .put("id_token", tokens.get("id_token"))
                .put("access_token", tokens.get("access_token"))
                .put("token_type", "Bearer")
                .put("expires_in", TOKEN_LIFETIME.toSeconds())));
    }

    private Map<String, String> tokens(User user) {
        var now = clock.instant();
        var common = new JWTClaimsSet.Builder()
                .issuer(issuer())
                .subject(user.sub())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(TOKEN_LIFETIME)))
                .claim("auth_time", now.getEpochSecond())
                .claim("origin_jti", UUID.randomUUID().toString())
                .claim("event_id", UUID.randomUUID().toString());
        var id = new JWTClaimsSet.Builder(common.build()).jwtID(UUID.randomUUID().toString())
                .audience(CLIENT_ID)
                .claim("token_use", "id")
                .claim("cognito:username", user.email())
                .claim("email", user.email())
                .claim("email_verified", true)
                .build();
        var access = new JWTClaimsSet.Builder(common.build()).jwtID(UUID.randomUUID().toString())
                .claim("token_use", "access")
                .claim("client_id", CLIENT_ID)
                .claim("scope", "openid email")
                .claim("username", user.email())
                .build();
        return Map.of("id_token", sign(id), "access_token", sign(access));
    }

    private String sign(JWTClaimsSet claims) {
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing with the stand-in's own key", e);
        }
        return jwt.serialize();
    }

    /** PKCE's S256 (RFC 7636): the verifier's SHA-256, base64url without padding. */
    static String challengeOf(String verifier) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** As Cognito's default password policy asks: eight or more, with upper and lower case, a digit and a symbol. */
    private static String temporaryPassword() {
        return "Kt-" + randomToken().substring(0, 9) + "7a";
    }

    private static String randomToken() {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String form(Map<String, String> request, String error) {
        var hidden = new StringBuilder();
        for (var name : List.of("response_type", "client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method", "scope")) {
            if (request.containsKey(name)) {
                hidden.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"")
                        .append(escape(request.get(name))).append("\">");
            }
        }
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign in (sandbox)</title>"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head><body><main>"
                + "<h1>Sign in to Kotae (sandbox)</h1>"
                + (error.isEmpty() ? "" : "<p role=\"alert\">" + escape(error) + "</p>")
                + "<form method=\"post\" action=\"/login\">" + hidden
                + "<p><label for=\"username\">E-mail</label> <input id=\"username\" name=\"username\" type=\"email\" autocomplete=\"username\" required></p>"
                + "<p><label for=\"password\">Password</label> <input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required></p>"
                + "<p><button type=\"submit\">Sign in</button></p></form></main></body></html>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", URI.create(location).toString());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(302, -1);
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
