package dev.kotae.platform.environment;

import java.util.Map;

import static dev.kotae.settings.FunctionVariable.SEND_PAGE_CLIENT_ID;
import static dev.kotae.settings.FunctionVariable.SEND_PAGE_SIGN_IN_URL;

/**
 * The send page function's settings: where people sign in and as which app client.
 *
 * @param signInUrl the managed login's base URL (its {@code /oauth2/authorize}, {@code /oauth2/token} and
 *                  {@code /logout} endpoints below it)
 * @param clientId  the page's app client
 */
public record PageSettings(String signInUrl, String clientId) {

    public static PageSettings from(Map<String, String> environment) {
        var variables = new EnvironmentVariables(environment);
        return new PageSettings(variables.required(SEND_PAGE_SIGN_IN_URL), variables.required(SEND_PAGE_CLIENT_ID));
    }
}
