package dev.kotae.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kotae.platform.encoding.Hashing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static dev.kotae.sandbox.Exchange.JSON;

/**
 * The sandbox's phones in a browser: {@code GET /} answers the console page to a browser (JSON clients
 * keep the status they always had), its script and style come from the sandbox jar's resources, and
 * {@code GET /sandbox/console/state} is the whole view the page polls.
 * <p>
 * Why polling and not server-sent events: what the page shows lives in several stand-ins, and some of it
 * changes with nothing to push it (a dead letter arriving, a conversation expiring as time passes). Each
 * answer is the whole view with an ETag; the page asks again every second with the tag it holds and gets
 * 304 when nothing changed. A page that lost its connection misses nothing: its next answer is complete.
 */
final class Console implements Routes {

    static final String STATE = "/sandbox/console/state";
    private static final String ASSETS = "/sandbox/console/";
    /** The page's files, by the name the page asks for, with their media types. */
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");
    /** Everything the page loads comes from the sandbox itself; no inline script, so markup in a text cannot run. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " connect-src 'self'; img-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    /** RFC 9110's qvalue: 0 to 1, at most three decimals. */
    private static final Pattern QVALUE = Pattern.compile("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?");

    private final ConsoleView view;

    Console(ConsoleView view) {
        this.view = view;
    }

    @Override
    public boolean answer(Exchange exchange) {
        // Every Accept field line counts: a client may send the list in several.
        if (exchange.is("GET", "/") && prefersPage(String.join(",", exchange.headers.getValuesList("Accept")))) {
            file(exchange, "index.html");
        } else if (exchange.is("GET", STATE)) {
            state(exchange);
        } else if (exchange.method.equals("GET") && exchange.rawPath.startsWith(ASSETS)
                && FILES.containsKey(exchange.rawPath.substring(ASSETS.length()))) {
            file(exchange, exchange.rawPath.substring(ASSETS.length()));
        } else {
            return false;
        }
        return true;
    }

    @Override
    public List<String> described() {
        return List.of("GET / (a browser gets the console)", "GET " + STATE);
    }

    /**
     * Whether an {@code Accept} header ranks HTML above JSON, as a browser's does ({@code text/html} named,
     * JSON only through {@code *}{@code /*} with a lower q). A tie, {@code *}{@code /*} alone or no header
     * answers JSON: scripts and curl keep {@code GET /}'s status. RFC 9110, section 12.5.1: the most
     * specific range that matches decides a type's q; a q is 0 to 1 with up to three decimals, and a range
     * with a malformed one counts for nothing. A range with other parameters ({@code text/html;level=1})
     * is more specific than the plain type the page is, so it decides nothing here.
     */
    static boolean prefersPage(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        return quality(accept, "text", "html") > quality(accept, "application", "json");
    }

    /** The q an Accept header gives a media type: its most specific matching range decides; none, 0. */
    private static double quality(String accept, String type, String subtype) {
        var best = -1;
        var quality = 0.0;
        for (var range : accept.split(",")) {
            var parameters = range.trim().split(";");
            var media = parameters[0].trim().toLowerCase(Locale.ROOT).split("/", 2);
            var q = qOf(parameters);
            if (media.length != 2 || q.isEmpty()) {
                continue;
            }
            int specificity;
            if (media[0].equals(type) && media[1].equals(subtype)) {
                specificity = 2;
            } else if (media[0].equals(type) && media[1].equals("*")) {
                specificity = 1;
            } else if (media[0].equals("*") && media[1].equals("*")) {
                specificity = 0;
            } else {
                continue;
            }
            if (specificity > best) {
                best = specificity;
                quality = q.get();
            }
        }
        return quality;
    }

    /** The range's q (1 without one); empty for a malformed q or any other parameter. */
    private static Optional<Double> qOf(String[] parameters) {
        var q = 1.0;
        for (int i = 1; i < parameters.length; i++) {
            var parameter = parameters[i].trim().split("=", 2);
            if (parameter.length != 2 || !parameter[0].trim().equalsIgnoreCase("q")
                    || !QVALUE.matcher(parameter[1].trim()).matches()) {
                return Optional.empty();
            }
            q = Double.parseDouble(parameter[1].trim());
        }
        return Optional.of(q);
    }

    private void state(Exchange exchange) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(view.read());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        var tag = "\"" + Hashing.sha256Hex(body) + "\"";
        exchange.responseHeaders.put("ETag", tag);
        exchange.responseHeaders.put("Cache-Control", "no-cache");
        if (Optional.ofNullable(exchange.headers.get("If-None-Match")).filter(tag::equals).isPresent()) {
            exchange.respond(304, new byte[0]);
        } else {
            exchange.responseHeaders.put("Content-Type", "application/json");
            exchange.respond(200, body);
        }
    }

    private static void file(Exchange exchange, String name) {
        try (var in = Console.class.getResourceAsStream("console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("The sandbox jar lacks its console's " + name);
            }
            exchange.responseHeaders.put("Content-Type", FILES.get(name));
            exchange.responseHeaders.put("Cache-Control", "no-cache");
            exchange.responseHeaders.put("Vary", "Accept");
            exchange.responseHeaders.put("X-Content-Type-Options", "nosniff");
            exchange.responseHeaders.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            exchange.respond(200, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
