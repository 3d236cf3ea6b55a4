package dev.kotae.infra;

import dev.kotae.settings.KotaeSettings;
import dev.kotae.settings.OriginationIdentity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.assertions.Template;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static dev.kotae.infra.Synthesized.properties;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Staging and production in one account and region: two stacks of one app, as two {@code cdk deploy
 * -c kotae:stackName=…} would make them. Nothing they name may collide, and no alarm of one may be
 * moved by the other's traffic.
 */
class TwoStacksTemplateTest {

    /** Alarms on what End User Messaging measures for the whole account; every stack there is affected alike. */
    private static final Set<String> ACCOUNT_WIDE_METRICS = Set.of("TextMessageMonthlySpend", "NumberOfTextMessagePartsSent");

    private static Template staging;
    private static Template production;

    @BeforeAll
    static void synthesizeBoth() {
        var app = new App(AppProps.builder().context(Synthesized.context(Map.of())).build());
        var environment = Environment.builder().account(Synthesized.ACCOUNT).region(Synthesized.REGION).build();
        // Each its own number: a number has one two-way channel, and the second stack would take it over.
        var stagingStack = KotaeApp.build(app, settings("Kotae-staging", "phone-0000000000000000000000000000staging"),
                environment);
        var productionStack = KotaeApp.build(app, settings("Kotae-production", Synthesized.PHONE_NUMBER_ID), environment);
        app.synth();
        staging = Template.fromStack(stagingStack, Synthesized.WITHOUT_CYCLE_CHECK);
        production = Template.fromStack(productionStack, Synthesized.WITHOUT_CYCLE_CHECK);
    }

    private static KotaeSettings settings(String stackName, String originationIdentity) {
        var context = Synthesized.context(Map.of(KotaeSettings.STACK_NAME, stackName,
                KotaeSettings.ORIGINATION_IDENTITY, originationIdentity));
        return KotaeSettings.from(context::get);
    }

    @Test
    void namesChosenByKotaeDifferBetweenTheStacks() {
        for (var named : List.of(List.of("AWS::ApiGateway::RestApi", "Name"),
                List.of("AWS::SMSVOICE::ConfigurationSet", "ConfigurationSetName"),
                List.of("Custom::KotaeTwoWayChannel", "OriginationIdentity"))) {
            assertThat(valuesOf(staging, named.get(0), named.get(1))).as(named.toString())
                    .doesNotContainAnyElementsOf(valuesOf(production, named.get(0), named.get(1)))
                    .isNotEmpty();
        }
        assertThat(valuesOf(staging, "AWS::ApiGateway::RestApi", "Name")).containsExactly("Kotae-staging-messages");
    }

    @Test
    void everyAlarmWatchesItsOwnStackOrSpendThatIsAccountWide() {
        assertOwnMetrics(staging, "Kotae-staging");
        assertOwnMetrics(production, "Kotae-production");
    }

    /**
     * Kotae's metrics by their stack dimension, API Gateway's by the API's name, End User Messaging's only
     * where they are account-wide by nature; everything else by a resource of the stack itself.
     */
    private static void assertOwnMetrics(Template template, String stackName) {
        assertThat(alarmMetrics(template)).isNotEmpty().allSatisfy(metric -> {
            var dimensions = metric.get("Dimensions");
            switch (String.valueOf(metric.get("Namespace"))) {
                case "Kotae" -> assertThat(dimensions)
                        .isEqualTo(List.of(Map.of("Name", Monitoring.STACK_DIMENSION, "Value", stackName)));
                case "AWS/ApiGateway" -> assertThat(dimensions)
                        .isEqualTo(List.of(Map.of("Name", "ApiName", "Value", stackName + "-messages")));
                case "AWS/SMSVoice" -> assertThat(ACCOUNT_WIDE_METRICS).contains((String) metric.get("MetricName"));
                // The stack's own schedule group, by the name it was given.
                case "AWS/Scheduler" -> assertThat(dimensions).isEqualTo(List.of(Map.of("Name", "ScheduleGroup",
                        "Value", valuesOf(template, "AWS::Scheduler::ScheduleGroup", "Name").get(0))));
                default -> assertThat(String.valueOf(dimensions)).as(metric.toString()).containsAnyOf("Ref", "Fn::GetAtt");
            }
        });
    }

    /** Every metric an alarm reads, alone or inside a math expression, as {Namespace, MetricName, Dimensions}. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> alarmMetrics(Template template) {
        return template.findResources("AWS::CloudWatch::Alarm").values().stream()
                .map(alarm -> properties((Map<String, Object>) alarm))
                .flatMap(properties -> properties.containsKey("Metrics")
                        ? ((List<Map<String, Object>>) properties.get("Metrics")).stream()
                        .filter(query -> query.containsKey("MetricStat"))
                        .map(query -> (Map<String, Object>) ((Map<String, Object>) query.get("MetricStat")).get("Metric"))
                        : Stream.of(properties))
                .toList();
    }

    private static List<Object> valuesOf(Template template, String type, String property) {
        return template.findResources(type).values().stream()
                .map(resource -> properties((Map<String, Object>) resource).get(property)).toList();
    }
}
