package dev.kotae.sandbox;

import java.util.List;
import java.util.regex.Pattern;

/** Like {@code sam local invoke -e}: an event file's JSON in, the function's response out. */
final class LocalInvoke implements Routes {

    private static final Pattern INVOKE = Pattern.compile("/sandbox/invoke/([a-z-]+)");

    private final LocalFunctions functions;

    LocalInvoke(LocalFunctions functions) {
        this.functions = functions;
    }

    @Override
    public boolean answer(Exchange exchange) {
        var matcher = INVOKE.matcher(exchange.rawPath);
        if (!exchange.method.equals("POST") || !matcher.matches()) {
            return false;
        }
        var function = functions.named(matcher.group(1)).orElseThrow(() -> new ControlError(404, "UNKNOWN_FUNCTION",
                "Functions: " + String.join(", ", functions.names()) + "."));
        exchange.respond(200, function.invokeJson(exchange.body));
        return true;
    }

    @Override
    public List<String> described() {
        return List.of("POST /sandbox/invoke/{" + String.join("|", functions.names()) + "}");
    }
}
