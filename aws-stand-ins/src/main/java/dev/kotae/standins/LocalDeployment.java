package dev.kotae.standins;

import dev.kotae.settings.KotaeSettings;

import java.util.HashMap;
import java.util.Map;

/**
 * Kotae deployed on the stand-ins ({@link StandIns#deploy}).
 *
 * @param functionEnvironment every variable a deployed function of these settings is given (the
 *                            inbound function's and the event relay's together): one map wires every handler
 */
public record LocalDeployment(KotaeSettings settings, String tableName, String eventBusName,
                              Map<String, String> functionEnvironment) {

    /**
     * Settings as {@code cdk deploy -c …} reads them, for a deployment on the stand-ins: what a deploy
     * must be told is filled in for the simulator's number, and {@code context} adds to it or replaces it.
     */
    public static KotaeSettings settings(String phoneNumberId, Map<String, String> context) {
        var all = new HashMap<String, Object>(Map.of(
                KotaeSettings.ORIGINATION_IDENTITY, phoneNumberId,
                KotaeSettings.API_GATEWAY_CLOUDWATCH_ROLE, "existing",
                KotaeSettings.BRAND_NAME, "Kotae",
                KotaeSettings.HELP_CONTACT, "help@example.com"));
        all.putAll(context);
        return KotaeSettings.from(all::get);
    }
}
