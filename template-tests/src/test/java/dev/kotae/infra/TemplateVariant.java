package dev.kotae.infra;

import dev.kotae.settings.KotaeSettings;
import java.util.Map;

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
    KEYWORD_OVERRIDES(Map.of(KotaeSettings.KEYWORDS, "{\"keywords\": {\"HELP\": [\"SUPPORT\"]}}"));

    private final Map<String, Object> context;

    TemplateVariant(Map<String, Object> context) {
        this.context = context;
    }

    Map<String, Object> context() {
        return context;
    }

    Synthesized synthesize(String region) {
        return Synthesized.inRegion(region, context);
    }
}
