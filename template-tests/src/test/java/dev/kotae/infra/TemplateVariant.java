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
    SEND_PAGE(Map.of(KotaeSettings.WEB, "true", KotaeSettings.WEB_DOMAIN_PREFIX, "acme-kotae"));

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
