package dev.kotae.infra;

import dev.kotae.settings.KotaeSettings;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The settings that change the template's shape. Every variant is linted ({@link TemplateLintTest})
 * and checked for dependency cycles; a setting that adds or removes resources earns a variant here.
 */
enum TemplateVariant {
    DEFAULTS(Map.of()),
    API_GATEWAY_CLOUDWATCH_ROLE_CREATED(Map.of(KotaeSettings.API_GATEWAY_CLOUDWATCH_ROLE, "create")),
    POOL(Map.of(KotaeSettings.ORIGINATION_IDENTITY, "pool-0123abcd")),
    EXISTING_CONFIGURATION_SET(Map.of(KotaeSettings.CONFIGURATION_SET, "existing-set")),
    OPT_OUT_LIST(Map.of(KotaeSettings.OPT_OUT_LIST, "kotae-opt-outs", KotaeSettings.SELF_MANAGED_OPT_OUTS, "false")),
    ALARM_EMAIL(Map.of(KotaeSettings.ALARM_EMAIL, "oncall@example.com")),
    KEYWORD_OVERRIDES(Map.of(KotaeSettings.KEYWORDS, "{\"keywords\": {\"HELP\": [\"SUPPORT\"]}}")),
    SEND_PAGE(Map.of(KotaeSettings.WEB, "true", KotaeSettings.WEB_DOMAIN_PREFIX, "acme-kotae")),
    /** The page with codes by text as well as by app, and the company's OIDC provider beside the pool's own sign-in. */
    SEND_PAGE_SMS_AND_OIDC(Map.of(KotaeSettings.WEB, "true", KotaeSettings.WEB_DOMAIN_PREFIX, "acme-kotae",
            KotaeSettings.WEB_MFA, "app-or-sms", KotaeSettings.WEB_IDENTITY_PROVIDER, Map.of("type", "oidc", "name", "Okta",
                    "issuer", "https://acme.okta.example", "clientId", "0oa1example", "clientSecretName", "kotae/okta"))),
    SEND_PAGE_SAML(Map.of(KotaeSettings.WEB, "true", KotaeSettings.WEB_DOMAIN_PREFIX, "acme-kotae",
            KotaeSettings.WEB_IDENTITY_PROVIDER, Map.of("type", "saml", "name", "Entra",
                    "metadataUrl", "https://login.example.com/federationmetadata.xml")));

    /**
     * Each variant synthesized once per test JVM and region: several test classes read the same
     * templates, and a synth costs a second or more. Tests only read what they are given.
     */
    private static final Map<String, Synthesized> SYNTHESIZED = new ConcurrentHashMap<>();

    private final Map<String, Object> context;

    TemplateVariant(Map<String, Object> context) {
        this.context = context;
    }

    Map<String, Object> context() {
        return context;
    }

    Synthesized synthesize(String region) {
        return SYNTHESIZED.computeIfAbsent(name() + "@" + region, key -> Synthesized.inRegion(region, context));
    }
}
