package dev.kotae.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FunctionEnvironmentTest {

    private static final Map<String, Object> REQUIRED = Map.of(
            KotaeSettings.ORIGINATION_IDENTITY, "phone-0123456789abcdef0123456789abcdef",
            KotaeSettings.API_GATEWAY_CLOUDWATCH_ROLE, "existing",
            KotaeSettings.BRAND_NAME, "Sakura Clinic",
            KotaeSettings.HELP_CONTACT, "help@example.com",
            KotaeSettings.ALLOWED_COUNTRIES, "JP,US",
            KotaeSettings.CALLERS, Map.of("111122223333", List.of("send")));

    @Test
    void theReadmesSettingsLeaveOptOutsToKotaeAndNameNoOptOutList() {
        var inbound = environment(Map.of()).inbound();

        assertThat(inbound).containsEntry("SELF_MANAGED_OPT_OUTS", "true")
                .containsEntry("BRAND_NAME", "Sakura Clinic")
                .containsEntry("HELP_CONTACT", "help@example.com")
                .containsEntry("ORIGINATION_IDENTITY", "phone-0123456789abcdef0123456789abcdef")
                .containsEntry("MESSAGE_RETENTION_DAYS", "90")
                .doesNotContainKeys("OPT_OUT_LIST_NAME", "DEFAULT_COUNTRY", "KEYWORD_OVERRIDES", "EVENT_BUS_NAME",
                        "MAX_PRICE_PER_PART");
    }

    @Test
    void eachSettingReachesTheFunctionsThatReadIt() {
        var environment = environment(Map.of(
                KotaeSettings.OPT_OUT_LIST, "kotae-list",
                KotaeSettings.DEFAULT_COUNTRY, "jp",
                KotaeSettings.KEYWORDS, "{\"keywords\": {\"HELP\": [\"HELP\"]}}",
                KotaeSettings.SELF_MANAGED_OPT_OUTS, "false",
                KotaeSettings.MAX_PRICE_PER_PART, "0.05"));

        assertThat(environment.everyFunction()).containsEntry("DEFAULT_COUNTRY", "JP")
                .containsEntry("KEYWORD_OVERRIDES", "{\"keywords\":{\"HELP\":[\"HELP\"]}}")
                .containsEntry("TABLE_NAME", "kotae-table")
                .containsEntry("STACK_NAME", "Kotae")
                .containsEntry("CONFIGURATION_SET_NAME", "Kotae-delivery")
                .containsEntry("ALLOWED_COUNTRIES", "JP,US")
                .containsEntry("MAX_PRICE_PER_PART", "0.05")
                .containsEntry("PROTECT_CONFIGURATION_ID", "protect-0123")
                // Every marketing body must name the brand: the send functions check it, as the inbound one answers with it.
                .containsEntry("BRAND_NAME", "Sakura Clinic")
                .containsEntry("QUIET_HOURS", "21:00-08:00")
                .doesNotContainKeys("OPT_OUT_LIST_NAME", "HELP_CONTACT", "PROMOTIONAL_FOOTER");
        assertThat(environment.inbound()).containsEntry("OPT_OUT_LIST_NAME", "kotae-list")
                .containsEntry("CONSENT_WINDOW_HOURS", "24")
                .containsEntry("SELF_MANAGED_OPT_OUTS", "false");
        assertThat(environment.eventRelay("kotae-events")).containsEntry("EVENT_BUS_NAME", "kotae-events")
                .containsAllEntriesOf(environment.everyFunction());
    }

    private static FunctionEnvironment environment(Map<String, Object> context) {
        var all = new HashMap<>(REQUIRED);
        all.putAll(context);
        return new FunctionEnvironment(KotaeSettings.from(all::get), "kotae-table", "Kotae", "Kotae-delivery",
                "protect-0123");
    }

    /** Whatever a firing was invoked with, a night hold fires the function's alias, the one its schedule role may invoke. */
    @ParameterizedTest
    @CsvSource({
            "arn:aws:lambda:ap-northeast-1:123456789012:function:Kotae-ScheduledSend:live",
            "arn:aws:lambda:ap-northeast-1:123456789012:function:Kotae-ScheduledSend:7",
            "arn:aws:lambda:ap-northeast-1:123456789012:function:Kotae-ScheduledSend:$LATEST",
            "arn:aws:lambda:ap-northeast-1:123456789012:function:Kotae-ScheduledSend"})
    void aFunctionInvokedAnyWayIsNamedThroughItsAlias(String invoked) {
        assertThat(FunctionEnvironment.aliasArn(invoked))
                .isEqualTo("arn:aws:lambda:ap-northeast-1:123456789012:function:Kotae-ScheduledSend:live");
    }

    @Test
    void somethingThatIsNotAFunctionsArnIsRefused() {
        for (var notAFunction : List.of("Kotae-ScheduledSend", "arn:aws:sqs:ap-northeast-1:123456789012:kotae-batches",
                "arn:aws:lambda:ap-northeast-1:123456789012:layer:kotae:1")) {
            assertThatThrownBy(() -> FunctionEnvironment.aliasArn(notAFunction))
                    .as(notAFunction).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
