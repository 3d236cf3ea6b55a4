package dev.kotae.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kotae.standins.SignInStandIn;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The send page's path in the sandbox, over HTTP only, as a browser walks it with {@code kotae:web} on: a person
 * invited to the user pool (their temporary password read from the sandbox's mailbox of invitations) signs in (authorization code with PKCE), sends a password with the ID token, and it
 * arrives on the simulated phone, recorded as that person; without a token the sandbox's API Gateway answers
 * 401 and nothing is sent; with the page off its route does not exist.
 */
class SandboxSendPageTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERIFIER = "M25iVXpKU3puUjFaYWg3T1NDTDQtcW1ROUY5YXlwalNoc0hhakxifmZHag";

    @Test
    void anInvitedPersonSignsInAndSendsAPasswordThatArrivesRecordedAsThem() throws Exception {
        var options = SandboxOptions.defaults().withApiPort(0).withContext("kotae:web", "true").withContext("kotae:webDomainPrefix", "kotae-local");
        try (var sandbox = Sandbox.start(options)) {
            var api = sandbox.apiEndpoint();
            var signIn = sandbox.endpoints().get("signin");
            // Invited as `kotae users add` invites (AdminCreateUser, no password of the caller's): the password
            // arrives in the invitation e-mail, which the sandbox keeps.
            post(signIn, "application/x-amz-json-1.1", "{\"UserPoolId\": \"" + SignInStandIn.USER_POOL_ID
                    + "\", \"Username\": \"hanako@example.co.jp\"}", null, "AWSCognitoIdentityProviderService.AdminCreateUser");
            var invitation = JSON.readTree(HTTP.send(HttpRequest.newBuilder(api.resolve("/sandbox/invitations")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body()).get(0);
            assertThat(invitation.get("email").asText()).isEqualTo("hanako@example.co.jp");
            var password = invitation.get("temporaryPassword").asText();
            var page = api.resolve("/send").toString();
            var document = HTTP.send(HttpRequest.newBuilder(URI.create(page)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(document.statusCode()).isEqualTo(200);
            assertThat(document.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'");
            var config = JSON.readTree(HTTP.send(HttpRequest.newBuilder(api.resolve("/send/config.json")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(config.get("signInUrl").asText()).isEqualTo(signIn.toString());
            assertThat(config.get("clientId").asText()).isEqualTo(SignInStandIn.CLIENT_ID);

            var query = "response_type=code&client_id=" + SignInStandIn.CLIENT_ID + "&redirect_uri=" + encode(page)
                    + "&state=s1&code_challenge_method=S256&code_challenge=" + challenge(VERIFIER);
            var signedIn = post(signIn.resolve("/login"), "application/x-www-form-urlencoded",
                    query + "&username=" + encode("hanako@example.co.jp") + "&password=" + encode(password), null);
            var location = signedIn.headers().firstValue("Location").orElseThrow();
            assertThat(location).startsWith(page);
            var code = location.substring(location.indexOf("code=") + 5, location.indexOf("&state"));
            var tokens = JSON.readTree(post(signIn.resolve("/oauth2/token"), "application/x-www-form-urlencoded",
                    "grant_type=authorization_code&client_id=" + SignInStandIn.CLIENT_ID + "&redirect_uri=" + encode(page)
                            + "&code=" + code + "&code_verifier=" + VERIFIER, null).body());

            var body = "{\"to\": \"090-1234-5678\", \"body\": \"invoice.zip のパスワード: Kp7mRx4wNq2T\"}";
            var unsigned = post(api.resolve("/api/messages"), "application/json", body, null);
            var tampered = post(api.resolve("/api/messages"), "application/json", body, "Bearer " + tampered(tokens.get("id_token").asText()));
            var sent = post(api.resolve("/api/messages"), "application/json", body, "Bearer " + tokens.get("id_token").asText());

            assertThat(unsigned.statusCode()).isEqualTo(401);
            assertThat(unsigned.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
            assertThat(tampered.statusCode()).isEqualTo(401);
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
            assertThat(sent.headers().firstValue("Cache-Control")).hasValue("no-store");
            var messageId = JSON.readTree(sent.body()).get("messageId").asText();
            assertThat(sandbox.sms().outbox()).singleElement().satisfies(sms ->
                    assertThat(sms.messageBody()).isEqualTo("invoice.zip のパスワード: Kp7mRx4wNq2T"));
            var record = JSON.readTree(HTTP.send(HttpRequest.newBuilder(api.resolve("/messages/" + messageId)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(record.get("caller").asText()).startsWith("userpool/" + SignInStandIn.USER_POOL_ID + "/");
            var followed = HTTP.send(HttpRequest.newBuilder(api.resolve("/api/messages/" + messageId))
                    .header("Authorization", "Bearer " + tokens.get("id_token").asText()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(followed.statusCode()).as(followed.body()).isEqualTo(200);
            var mySends = HTTP.send(HttpRequest.newBuilder(api.resolve("/api/messages"))
                    .header("Authorization", "Bearer " + tokens.get("id_token").asText()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            var unsignedList = HTTP.send(HttpRequest.newBuilder(api.resolve("/api/messages")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(mySends.statusCode()).as(mySends.body()).isEqualTo(200);
            assertThat(JSON.readTree(mySends.body()).get("messages")).singleElement().satisfies(listed -> {
                assertThat(listed.get("messageId").asText()).isEqualTo(messageId);
                assertThat(listed.get("to").asText()).isEqualTo("+81******5678");
            });
            assertThat(unsignedList.statusCode()).isEqualTo(401);
        }
    }

    @Test
    void withoutTheSettingThereIsNoSendPage() throws Exception {
        try (var sandbox = Sandbox.start(SandboxOptions.defaults().withApiPort(0))) {
            var answer = post(sandbox.apiEndpoint().resolve("/api/messages"), "application/json", "{}", null);

            assertThat(sandbox.signIn()).isEmpty();
            assertThat(sandbox.endpoints()).doesNotContainKey("signin");
            assertThat(answer.statusCode()).isEqualTo(403);
        }
    }

    private static HttpResponse<String> post(URI uri, String type, String body, String authorization) throws Exception {
        return post(uri, type, body, authorization, null);
    }

    private static HttpResponse<String> post(URI uri, String type, String body, String authorization, String target)
            throws Exception {
        var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (target != null) {
            request.header("X-Amz-Target", target);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The token with its signature's first character changed: every bit of that character is signature. */
    private static String tampered(String token) {
        var signature = token.lastIndexOf('.') + 1;
        var changed = token.charAt(signature) == 'A' ? 'B' : 'A';
        return token.substring(0, signature) + changed + token.substring(signature + 1);
    }

    private static String challenge(String verifier) throws Exception {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(java.security.MessageDigest
                .getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
