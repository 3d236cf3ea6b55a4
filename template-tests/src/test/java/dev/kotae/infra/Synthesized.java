package dev.kotae.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kotae.settings.KotaeSettings;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.assertions.TemplateParsingOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The app synthesized as `cdk synth` would, with cdk.json's feature flags, in a fixed account and region. */
record Synthesized(App app, KotaeStack stack, Template template) {

    static final String ACCOUNT = "123456789012";
    static final String REGION = "ap-northeast-1";
    static final String PHONE_NUMBER_ID = "phone-0123456789abcdef0123456789abcdef";
    /** The callers of docs/deploying.md's deploy command: an application that sends, and a support tool that also reads conversations. */
    static final String CALLER_ROLE = "arn:aws:iam::123456789012:role/app-sender";
    static final String SUPPORT_ROLE = "arn:aws:iam::123456789012:role/support-desk";
    static final String FUNCTIONS_JAR = "../functions/target/kotae-functions.jar";
    private static final Map<String, Object> CDK_JSON_CONTEXT = cdkJsonContext();
    /** Dependency circles are DependencyCyclesTest's to find and name; every other test reads the template as it is. */
    static final TemplateParsingOptions WITHOUT_CYCLE_CHECK = TemplateParsingOptions.builder()
            .skipCyclicalDependenciesCheck(true).build();

    static Synthesized withContext(Map<String, Object> extraContext) {
        return inRegion(REGION, extraContext);
    }

    static Synthesized inRegion(String region, Map<String, Object> extraContext) {
        return in(Environment.builder().account(ACCOUNT).region(region).build(), extraContext);
    }

    /** As `cdk synth` without an account or region configured: a template for any region. */
    static Synthesized regionAgnostic(Map<String, Object> extraContext) {
        return in(Environment.builder().build(), extraContext);
    }

    private static Synthesized in(Environment environment, Map<String, Object> extraContext) {
        var app = new App(AppProps.builder().context(context(extraContext)).build());
        var stack = KotaeApp.build(app, KotaeSettings.from(app.getNode()::tryGetContext), environment);
        app.synth();
        return new Synthesized(app, stack, Template.fromStack(stack, WITHOUT_CYCLE_CHECK));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cdkJsonContext() {
        try {
            return (Map<String, Object>) new ObjectMapper().readValue(Path.of("../cdk.json").toFile(), Map.class)
                    .get("context");
        } catch (IOException e) {
            throw new UncheckedIOException("cdk.json, whose feature flags every synth uses", e);
        }
    }

    /**
     * An ARN in the test account and region, as the template spells it: cdk.json's
     * {@code enablePartitionLiterals} writes the partition out when the region is known.
     */
    static String arn(String service, String resource) {
        return "arn:aws:" + service + ":" + REGION + ":" + ACCOUNT + ":" + resource;
    }

    /** The template's resources of {@code type}, by logical id, each as its whole definition. */
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> resources(String type) {
        return (Map<String, Map<String, Object>>) (Map<String, ?>) template.findResources(type);
    }

    /** The environment variables of the function with {@code handlerClass}, tokens as CloudFormation writes them. */
    @SuppressWarnings("unchecked")
    Map<String, Object> environmentOf(String handlerClass) {
        var function = functionWith(handlerClass);
        return (Map<String, Object>) ((Map<String, Object>) function.getOrDefault("Environment",
                Map.of("Variables", Map.of()))).get("Variables");
    }

    /** Every action the policies attached to the role of the function with {@code handlerClass} allow. */
    @SuppressWarnings("unchecked")
    List<String> actionsOf(String handlerClass) {
        var function = functionWith(handlerClass);
        var roleId = ((List<Object>) ((Map<String, Object>) function.get("Role")).get("Fn::GetAtt")).get(0);
        return resources("AWS::IAM::Policy").values().stream()
                .map(Synthesized::properties)
                .filter(policy -> ((List<Object>) policy.get("Roles")).contains(Map.of("Ref", roleId)))
                .flatMap(Synthesized::actions)
                .toList();
    }

    /** The properties of the function whose handler is {@code handlerClass}'s. */
    private Map<String, Object> functionWith(String handlerClass) {
        return resources("AWS::Lambda::Function").values().stream()
                .map(Synthesized::properties)
                .filter(p -> String.valueOf(p.get("Handler")).contains("." + handlerClass + "::"))
                .findFirst().orElseThrow(() -> new AssertionError("no function with handler " + handlerClass));
    }

    /** How many of the template's IAM policies allow {@code action}, named alone in a statement or in its list. */
    long policiesAllowing(String action) {
        return resources("AWS::IAM::Policy").values().stream()
                .map(Synthesized::properties)
                .filter(policy -> actions(policy).anyMatch(action::equals))
                .count();
    }

    /** A policy's actions, from every statement: CDK writes a statement's one action as a string, several as a list. */
    @SuppressWarnings("unchecked")
    private static Stream<String> actions(Map<String, Object> policy) {
        return ((List<Map<String, Object>>) ((Map<String, Object>) policy.get("PolicyDocument")).get("Statement")).stream()
                .flatMap(statement -> statement.get("Action") instanceof List<?> actions
                        ? actions.stream().map(String::valueOf) : Stream.of(String.valueOf(statement.get("Action"))));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
    }

    /**
     * What `cdk synth` gives the app: cdk.json's context (the feature flags, which change what
     * constructs synthesize), the required settings as docs/deploying.md's deploy command gives them, and
     * {@code extraContext}.
     */
    static Map<String, Object> context(Map<String, Object> extraContext) {
        var context = new HashMap<String, Object>(CDK_JSON_CONTEXT);
        context.put(KotaeSettings.ORIGINATION_IDENTITY, PHONE_NUMBER_ID);
        context.put(KotaeSettings.FUNCTIONS_JAR, FUNCTIONS_JAR);
        context.put(KotaeSettings.BRAND_NAME, "Sakura Clinic");
        context.put(KotaeSettings.HELP_CONTACT, "help@example.com");
        context.put(KotaeSettings.API_GATEWAY_CLOUDWATCH_ROLE, "existing");
        context.put(KotaeSettings.ALLOWED_COUNTRIES, "JP");
        context.put(KotaeSettings.CALLERS, "{\"" + CALLER_ROLE + "\": [\"send\"], \"" + SUPPORT_ROLE
                + "\": [\"send\", \"conversations\"]}");
        context.putAll(extraContext);
        return context;
    }
}
