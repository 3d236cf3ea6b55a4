package dev.kotae.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The office send page's settings ({@code kotae:web} and what it takes): where people sign in, how they prove it
 * is them a second time, and the company's identity provider, if they sign in through it.
 *
 * @param domainPrefix     the managed login's domain, {@code <prefix>.auth.<region>.amazoncognito.com}
 * @param mfa              the user pool's second factor for people who sign in with a password of the pool's
 * @param identityProvider the company's SAML or OIDC provider, offered beside the pool's own sign-in
 */
public record SendPageSettings(String domainPrefix, Mfa mfa, Optional<IdentityProvider> identityProvider) {

    public SendPageSettings {
        Objects.requireNonNull(domainPrefix, "domainPrefix");
        Objects.requireNonNull(mfa, "mfa");
        Objects.requireNonNull(identityProvider, "identityProvider");
    }

    /** The second factor the user pool requires ({@code kotae:webMfa}). */
    public enum Mfa {
        /** A six-digit code from an authenticator app (TOTP): nothing to pay, no phone number to keep. */
        APP("app"),
        /** A code texted to the person's phone number, which Cognito sends through Amazon SNS in the account. */
        SMS("sms"),
        /** Either, the person's choice. */
        APP_OR_SMS("app-or-sms");

        private final String setting;

        Mfa(String setting) {
            this.setting = setting;
        }

        public boolean byApp() {
            return this != SMS;
        }

        public boolean bySms() {
            return this != APP;
        }

        static Mfa parse(String key, String value) {
            return Arrays.stream(values()).filter(mfa -> mfa.setting.equals(value)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Context " + key + " must be app (an authenticator"
                            + " app), sms (a code texted to the person's phone) or app-or-sms; got '" + value + "'."));
        }
    }

    /**
     * The company's identity provider ({@code kotae:webIdentityProvider}), whose people reach the page through it
     * and arrive with the e-mail address the audit trail names them by.
     */
    public sealed interface IdentityProvider permits Saml, Oidc {

        /** The provider's name in the user pool, on the sign-in page's button. */
        String name();

        /** The provider's attribute (a SAML claim or an OIDC claim) that carries the person's e-mail address. */
        String emailAttribute();
    }

    /** A SAML 2.0 provider, read from its metadata document's URL. */
    public record Saml(String name, URI metadataUrl, String emailAttribute) implements IdentityProvider {
    }

    /**
     * An OpenID Connect provider. The client secret stays in AWS Secrets Manager: the template names the secret, and
     * CloudFormation reads it at deploy time.
     */
    public record Oidc(String name, URI issuer, String clientId, String clientSecretName, String emailAttribute)
            implements IdentityProvider {
    }

    /** The claim most SAML providers (Microsoft Entra ID, AD FS, Okta's defaults) send the e-mail address in. */
    static final String SAML_EMAIL_CLAIM = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress";
    /**
     * Cognito's ProviderName (CreateIdentityProvider in the Amazon Cognito API Reference) takes 1 to 32 characters,
     * no underscore or space first or after the second; this keeps to letters, digits, dots and hyphens, which any
     * company's name for its provider fits.
     */
    private static final Pattern PROVIDER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{2,31}");
    /** Names Cognito keeps for its own sign-in and the social providers. */
    private static final Set<String> RESERVED_NAMES = Set.of("cognito", "google", "facebook", "loginwithamazon",
            "signinwithapple");
    /**
     * A secret's name as Secrets Manager takes one (letters, digits and /_+=.@-), or its ARN (which adds colons):
     * anything else would break the dynamic reference the template reads it through.
     */
    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9/_+=.@:-]{1,2048}");
    private static final Set<String> SAML_FIELDS = Set.of("type", "name", "metadataUrl", "emailAttribute");
    private static final Set<String> OIDC_FIELDS = Set.of("type", "name", "issuer", "clientId", "clientSecretName",
            "emailAttribute");
    static final String IDENTITY_PROVIDER_EXPLANATION = " Give {\"type\": \"saml\", \"name\": \"…\", \"metadataUrl\":"
            + " \"https://…\"} or {\"type\": \"oidc\", \"name\": \"…\", \"issuer\": \"https://…\", \"clientId\": \"…\","
            + " \"clientSecretName\": \"<a secret's name in AWS Secrets Manager>\"}, each with an optional"
            + " \"emailAttribute\" (docs/send-page.md).";

    static IdentityProvider identityProvider(Map<?, ?> setting, String key) {
        var fields = new HashMap<String, String>();
        setting.forEach((field, value) -> {
            if (!(value instanceof String text) || text.isBlank()) {
                throw new IllegalArgumentException("Context " + key + "'s " + field + " must be a non-empty string."
                        + IDENTITY_PROVIDER_EXPLANATION);
            }
            fields.put(String.valueOf(field), text.trim());
        });
        if (fields.containsKey("clientSecret")) {
            throw new IllegalArgumentException("Context " + key + " holds a client secret: context is kept in files and"
                    + " templates. Store the secret in AWS Secrets Manager and give its name as clientSecretName.");
        }
        var type = fields.getOrDefault("type", "").toLowerCase(Locale.ROOT);
        var allowed = switch (type) {
            case "saml" -> SAML_FIELDS;
            case "oidc" -> OIDC_FIELDS;
            default -> throw new IllegalArgumentException("Context " + key + "'s type must be saml or oidc; got '"
                    + fields.getOrDefault("type", "") + "'." + IDENTITY_PROVIDER_EXPLANATION);
        };
        fields.keySet().stream().filter(field -> !allowed.contains(field)).findFirst().ifPresent(field -> {
            throw new IllegalArgumentException("Context " + key + " has " + field + ", which a " + type + " provider does"
                    + " not take; it takes " + String.join(", ", allowed.stream().sorted().toList()) + ".");
        });
        var name = required(fields, key, "name");
        if (!PROVIDER_NAME.matcher(name).matches() || RESERVED_NAMES.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("Context " + key + "'s name must be 3 to 32 letters, digits, dots and"
                    + " hyphens, starting with a letter or digit, and not one Cognito keeps (Cognito, Google, Facebook,"
                    + " LoginWithAmazon, SignInWithApple); got '" + name + "'.");
        }
        if (type.equals("saml")) {
            return new Saml(name, https(fields, key, "metadataUrl"), fields.getOrDefault("emailAttribute", SAML_EMAIL_CLAIM));
        }
        var secret = required(fields, key, "clientSecretName");
        if (!SECRET_NAME.matcher(secret).matches()) {
            throw new IllegalArgumentException("Context " + key + "'s clientSecretName must be a Secrets Manager secret's"
                    + " name or ARN (letters, digits and /_+=.@-); got '" + secret + "'.");
        }
        return new Oidc(name, https(fields, key, "issuer"), required(fields, key, "clientId"), secret,
                fields.getOrDefault("emailAttribute", "email"));
    }

    private static String required(Map<String, String> fields, String key, String field) {
        var value = fields.get(field);
        if (value == null) {
            throw new IllegalArgumentException("Context " + key + " has no " + field + "." + IDENTITY_PROVIDER_EXPLANATION);
        }
        return value;
    }

    /**
     * Over HTTPS only, Kotae's rule: the provider's metadata and keys decide who may sign in and send, and must not be
     * fetched in the clear.
     */
    private static URI https(Map<String, String> fields, String key, String field) {
        var value = required(fields, key, field);
        try {
            var uri = new URI(value);
            if ("https".equals(uri.getScheme()) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // answered below
        }
        throw new IllegalArgumentException("Context " + key + "'s " + field + " must be an https:// URL; got '" + value
                + "'.");
    }
}
