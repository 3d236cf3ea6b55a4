package dev.kotae.standins;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sign-in stand-in as the send page and {@code kotae users} meet it: the user pool API through the SDK,
 * the authorization code flow with PKCE over plain HTTP, and its tokens through the JWT check that stands in
 * for API Gateway's authorizer, which refuses what that authorizer refuses.
 */
class SignInStandInTest {

    private static final String PAGE = "http://127.0.0.1:8080/send/";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private SignInStandIn signIn;
    private CognitoIdentityProviderClient cognito;
    private HttpApiJwtAuthorizer authorizer;

    @BeforeEach
    void start() {
        signIn = SignInStandIn.start(0, Clock.systemUTC(), Set.of(PAGE));
        cognito = CognitoIdentityProviderClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(signIn.endpoint())
                .region(Region.AP_NORTHEAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
        authorizer = new HttpApiJwtAuthorizer(signIn.issuer(), Set.of(SignInStandIn.CLIENT_ID), signIn.publicKeys(),
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        cognito.close();
        signIn.close();
    }

    @Test
    void usersAreInvitedListedAndRemovedThroughTheUserPoolApi() {
        var created = cognito.adminCreateUser(r -> r.userPoolId(SignInStandIn.USER_POOL_ID).username("hanako@example.co.jp")
                .userAttributes(AttributeType.builder().name("email").value("hanako@example.co.jp").build())
                .temporaryPassword("Sakura-2026!")).user();

        assertThat(created.userStatusAsString()).isEqualTo("FORCE_CHANGE_PASSWORD");
        assertThat(created.attributes()).anySatisfy(attribute -> assertThat(attribute.name()).isEqualTo("sub"));
        assertThatThrownBy(() -> cognito.adminCreateUser(r -> r.userPoolId(SignInStandIn.USER_POOL_ID)
                .username("hanako@example.co.jp"))).isInstanceOf(UsernameExistsException.class);
        assertThat(cognito.listUsers(r -> r.userPoolId(SignInStandIn.USER_POOL_ID)).users())
                .extracting(user -> user.username()).containsExactly("hanako@example.co.jp");
        cognito.adminDeleteUser(r -> r.userPoolId(SignInStandIn.USER_POOL_ID).username("hanako@example.co.jp"));
        assertThatThrownBy(() -> cognito.adminDeleteUser(r -> r.userPoolId(SignInStandIn.USER_POOL_ID)
                .username("hanako@example.co.jp"))).isInstanceOf(UserNotFoundException.class);
    }

    @Test
    void theCodeFlowWithPkceGivesTokensTheAuthorizerAccepts() throws Exception {
        var sub = signIn.createUser("hanako@example.co.jp", "Sakura-2026!");
        var challenge = SignInStandIn.challengeOf(VERIFIER);
        var query = "response_type=code&client_id=" + SignInStandIn.CLIENT_ID + "&redirect_uri=" + encode(PAGE)
                + "&state=xyz&scope=openid+email&code_challenge_method=S256&code_challenge=" + challenge;

        var form = http.send(HttpRequest.newBuilder(URI.create(signIn.endpoint() + "/oauth2/authorize?" + query)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("name=\"code_challenge\" value=\"" + challenge + "\"");

        var wrongPassword = post("/login", query + "&username=" + encode("hanako@example.co.jp") + "&password=nope");
        assertThat(wrongPassword.statusCode()).isEqualTo(200);
        assertThat(wrongPassword.body()).contains("Incorrect username or password.");

        var signedIn = post("/login", query + "&username=" + encode("hanako@example.co.jp") + "&password=Sakura-2026!");
        assertThat(signedIn.statusCode()).isEqualTo(302);
        var location = signedIn.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(PAGE + "?code=").endsWith("&state=xyz");
        var code = location.substring(location.indexOf("code=") + 5, location.indexOf("&state"));

        var exchange = "grant_type=authorization_code&client_id=" + SignInStandIn.CLIENT_ID + "&redirect_uri=" + encode(PAGE)
                + "&code=" + code;
        var tokens = post("/oauth2/token", exchange + "&code_verifier=" + VERIFIER);
        assertThat(tokens.statusCode()).isEqualTo(200);
        var body = new ObjectMapper().readTree(tokens.body());
        assertThat(post("/oauth2/token", exchange + "&code_verifier=" + VERIFIER).body())
                .as("a code is used once").contains("invalid_grant");

        var id = authorizer.claims(Optional.of("Bearer " + body.get("id_token").asText()));
        assertThat(id).containsEntry("token_use", "id").containsEntry("email", "hanako@example.co.jp")
                .containsEntry("sub", sub).containsEntry("aud", SignInStandIn.CLIENT_ID).containsEntry("iss", signIn.issuer());
        assertThat(authorizer.claims(Optional.of(body.get("access_token").asText())))
                .containsEntry("token_use", "access").containsEntry("client_id", SignInStandIn.CLIENT_ID);
    }

    @Test
    void aCodeIsExchangedOnlyWithItsVerifierAndItsCallback() throws Exception {
        signIn.createUser("hanako@example.co.jp", "Sakura-2026!");
        var query = "response_type=code&client_id=" + SignInStandIn.CLIENT_ID + "&redirect_uri=" + encode(PAGE)
                + "&code_challenge_method=S256&code_challenge=" + SignInStandIn.challengeOf(VERIFIER);
        var elsewhere = http.send(HttpRequest.newBuilder(URI.create(signIn.endpoint() + "/oauth2/authorize?"
                + query.replace(encode(PAGE), encode("https://attacker.example/")))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(elsewhere.statusCode()).isEqualTo(400);

        var location = post("/login", query + "&username=" + encode("hanako@example.co.jp") + "&password=Sakura-2026!")
                .headers().firstValue("Location").orElseThrow();
        var code = location.substring(location.indexOf("code=") + 5);
        var answer = post("/oauth2/token", "grant_type=authorization_code&client_id=" + SignInStandIn.CLIENT_ID
                + "&redirect_uri=" + encode(PAGE) + "&code=" + code + "&code_verifier=another-verifier-entirely-0000000000000");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("invalid_grant");
    }

    @Test
    void theAuthorizerRefusesWhatApiGatewayRefuses() throws Exception {
        signIn.createUser("hanako@example.co.jp", "Sakura-2026!");
        var idToken = signIn.tokensFor("hanako@example.co.jp").get("id_token");
        var parts = idToken.split("\\.");
        var otherClaims = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("hanako@example.co.jp", "taro@example.co.jp");
        var tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(otherClaims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        var hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().issuer(signIn.issuer())
                .audience(SignInStandIn.CLIENT_ID).expirationTime(new Date(System.currentTimeMillis() + 60_000)).build());
        hmac.sign(new MACSigner("a-secret-of-at-least-thirty-two-bytes-long"));
        var later = new HttpApiJwtAuthorizer(signIn.issuer(), Set.of(SignInStandIn.CLIENT_ID), signIn.publicKeys(),
                Clock.offset(Clock.systemUTC(), SignInStandIn.TOKEN_LIFETIME.plus(Duration.ofSeconds(1))));
        var otherAudience = new HttpApiJwtAuthorizer(signIn.issuer(), Set.of("another-client"), signIn.publicKeys(), Clock.systemUTC());
        var otherIssuer = new HttpApiJwtAuthorizer(signIn.issuer() + "x", Set.of(SignInStandIn.CLIENT_ID), signIn.publicKeys(),
                Clock.systemUTC());

        var refusals = Map.of(
                "no token", (Runnable) () -> authorizer.claims(Optional.empty()),
                "tampered", () -> authorizer.claims(Optional.of(tampered)),
                "HS256", () -> authorizer.claims(Optional.of(hmac.serialize())),
                "expired", () -> later.claims(Optional.of(idToken)),
                "another audience", () -> otherAudience.claims(Optional.of(idToken)),
                "another issuer", () -> otherIssuer.claims(Optional.of(idToken)),
                "not a JWT", () -> authorizer.claims(Optional.of("Bearer not.a.jwt")));
        refusals.forEach((what, attempt) -> assertThatThrownBy(attempt::run).as(what)
                .isInstanceOf(HttpApiJwtAuthorizer.Unauthorized.class));
        assertThat(authorizer.claims(Optional.of(idToken))).containsEntry("email", "hanako@example.co.jp");
    }

    private HttpResponse<String> post(String path, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(signIn.endpoint() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
