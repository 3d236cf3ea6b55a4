package dev.kotae.web.boundary;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.kotae.TestJson;
import dev.kotae.platform.environment.PageSettings;
import dev.kotae.settings.FunctionEnvironment;
import dev.kotae.standins.LocalLambdaContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The send page as its function serves it ({@code events/send-page.json}): its files, its settings, its policy. */
class PageHandlerTest {

    private static final String SIGN_IN = "https://acme-kotae.auth.ap-northeast-1.amazoncognito.com";

    private final PageHandler handler = new PageHandler(PageSettings.from(FunctionEnvironment.sendPage(SIGN_IN, "5n7ei2example")));

    @Test
    void thePageIsOneDocumentWithItsOwnScriptAndStyleOnly() {
        var page = get("/send");

        assertThat(page.getStatusCode()).isEqualTo(200);
        assertThat(page.getHeaders()).containsEntry("Content-Type", "text/html; charset=utf-8")
                .containsEntry("Cache-Control", "no-store").containsEntry("X-Content-Type-Options", "nosniff");
        assertThat(page.getHeaders().get("Content-Security-Policy")).contains("default-src 'none'", "script-src 'self'",
                "style-src 'self'", "connect-src 'self' " + SIGN_IN + ";", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(page.getBody()).contains("<script src=\"/send/page.js\" defer></script>")
                .doesNotContainPattern("<script>|<script [^>]*>[^<]+</script>| on[a-z]+=\"");
        assertThat(get("/send/page.js").getBody()).contains("code_challenge_method: 'S256'").doesNotContain("localStorage");
        assertThat(get("/send/page.css").getHeaders()).containsEntry("Content-Type", "text/css; charset=utf-8");
    }

    @Test
    void theScriptIsToldWhereToSignInAndAsWhichClient() {
        var config = TestJson.json(get("/send/config.json").getBody());

        assertThat(config.get("signInUrl").asText()).isEqualTo(SIGN_IN);
        assertThat(config.get("clientId").asText()).isEqualTo("5n7ei2example");
    }

    @Test
    void anythingElseIsNotFound() {
        assertThat(get("/send/../api/messages").getStatusCode()).isEqualTo(404);
        assertThat(get("/send/index.html").getStatusCode()).isEqualTo(404);
    }

    private APIGatewayV2HTTPResponse get(String path) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/send-page.json");
        event.setRawPath(path);
        return handler.handleRequest(event, LocalLambdaContext.invoking("send-page"));
    }
}
