package dev.kotae.web.boundary;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.kotae.platform.encoding.Json;
import dev.kotae.platform.environment.PageSettings;
import dev.kotae.platform.events.JsonStreamHandler;
import dev.kotae.platform.priming.Priming;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The send page itself: one HTML document, one script and one stylesheet from the jar, and the sign-in settings
 * the script reads ({@code config.json}), each answered with a Content-Security-Policy that allows the page's
 * own script and style only, and no caching. Served without sign-in: the page signs the person in.
 */
public class PageHandler extends JsonStreamHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final Map<String, String> FILES = Map.of(
            "/send", "index.html",
            "/send/page.js", "page.js",
            "/send/page.css", "page.css");
    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "page.js", "text/javascript; charset=utf-8",
            "page.css", "text/css; charset=utf-8");

    private final PageSettings settings;
    private final String policy;
    /** The page's files, read from the jar once, at init (so into the SnapStart snapshot), not per request. */
    private final Map<String, String> contents;

    public PageHandler() {
        this(PageSettings.from(System.getenv()));
        Priming.register(PageHandler.class, this::prime);
    }

    public PageHandler(PageSettings settings) {
        this.settings = settings;
        var signIn = URI.create(settings.signInUrl());
        var signInOrigin = signIn.getScheme() + "://" + signIn.getAuthority();
        // The token exchange is the one call to another origin; the sign-in page is reached by navigation.
        this.contents = FILES.values().stream().collect(Collectors.toUnmodifiableMap(file -> file,
                PageHandler::resource));
        this.policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self' "
                + signInOrigin + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    /** The page's first request, as a browser's would be: the event read and the document answered, no call made. */
    public void prime() {
        serve(Priming.event(APIGatewayV2HTTPEvent.class, "send-page.json", Priming.PHONE_NUMBER), Priming.context());
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        var path = Optional.ofNullable(event.getRawPath()).orElse("");
        if (path.equals("/send/config.json")) {
            return answer(200, "application/json", Json.MAPPER.createObjectNode()
                    .put("signInUrl", settings.signInUrl()).put("clientId", settings.clientId()).toString());
        }
        var file = FILES.get(path);
        if (file == null) {
            return answer(404, "text/plain; charset=utf-8", "Not found");
        }
        return answer(200, TYPES.get(file), contents.get(file));
    }

    private APIGatewayV2HTTPResponse answer(int status, String type, String body) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(Map.of("Content-Type", type, "Cache-Control", "no-store", "Content-Security-Policy", policy,
                        "X-Content-Type-Options", "nosniff", "Referrer-Policy", "no-referrer"))
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }

    private static String resource(String file) {
        try (var in = PageHandler.class.getResourceAsStream("/dev/kotae/web/page/" + file)) {
            if (in == null) {
                throw new IllegalStateException("The jar lacks the page's " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
