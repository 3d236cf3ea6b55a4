package dev.kotae.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kotae.settings.Callers;
import dev.kotae.settings.KotaeSettings;
import dev.kotae.settings.Regions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ProtectConfigurationFilterName;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ResourceNotFoundException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code kotae preflight}: before {@code cdk deploy}, with the engineer's credentials and the same
 * settings, what the account has that the deploy, or the sends after it, need. Each check prints ✔ or
 * ✘, and every ✘ names its fix; the exit code is 1 when a deploy would fail.
 */
@Command(name = "preflight", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check an account and Region before cdk deploy, with the deployment's settings.",
                "Exit codes: 0 a deploy can go ahead (advisories may remain), 1 a deploy would fail,",
                "2 the command line could not be read, 5 no credentials."})
final class PreflightCommand implements Callable<Integer> {

    /** The service-linked role End User Messaging writes its CloudWatch metrics with. */
    static final String SMS_SERVICE_LINKED_ROLE = "AWSServiceRoleForSMSVoice";
    /** Service Quotas' code for Lambda's "Concurrent executions" in a Region. */
    static final String LAMBDA_CONCURRENCY_QUOTA = "L-B99A9384";
    /** Where `cdk bootstrap` puts its resources, with the default qualifier. */
    static final String BOOTSTRAP_STACK = "CDKToolkit";

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--context"}, paramLabel = "KEY=VALUE",
            description = "A setting, as cdk deploy -c takes it (over cdk.json and cdk.context.json).")
    Map<String, String> context = new LinkedHashMap<>();

    @Option(names = "--cdk-json", paramLabel = "FILE", defaultValue = "cdk.json",
            description = "The CDK app's cdk.json, whose context and cdk.context.json beside it are read (default: ${DEFAULT-VALUE}).")
    Path cdkJson;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS Region (default: the SDK's).")
    String region;

    @Option(names = "--profile", paramLabel = "PROFILE", description = "AWS profile to check with.")
    String profile;

    /** One check's outcome: passed, or failed with its fix; only a blocking failure fails a deploy. */
    record Check(boolean passed, boolean blocking, String line, String fix) {

        static Check ok(String line) {
            return new Check(true, false, line, "");
        }

        static Check blocking(String line, String fix) {
            return new Check(false, true, line, fix);
        }

        static Check advisory(String line, String fix) {
            return new Check(false, false, line, fix);
        }
    }

    @Override
    public Integer call() {
        var output = Output.of(spec);
        KotaeSettings settings;
        try {
            settings = KotaeSettings.from(readContext()::get);
        } catch (IllegalArgumentException e) {
            output.fail("Settings: " + e.getMessage());
            return 1;
        }
        var credentials = KotaeApi.credentials(java.util.Optional.ofNullable(profile));
        try {
            credentials.resolveCredentials();
        } catch (SdkException none) {
            throw new CliFailure(ExitCode.UNAVAILABLE, "No AWS credentials found" + (profile == null ? ""
                    : " for profile " + profile) + ": run `aws sso login`, or configure a profile.");
        }
        var where = region != null ? region : defaultRegion();
        var checks = new ArrayList<Check>();
        checks.add(Regions.SUPPORTED.contains(where) ? Check.ok("Region " + where + " offers End User Messaging SMS")
                : Check.blocking("Region " + where + " does not offer End User Messaging SMS",
                "deploy to one of " + String.join(", ", Regions.SUPPORTED)));
        checks.add(Regions.offersSnapStart(where) ? Check.ok("Lambda offers SnapStart in " + where)
                : Check.advisory("Lambda does not offer SnapStart in " + where + ": every new execution environment"
                + " pays the whole JVM start", "deploy anyway (the stack turns SnapStart off there), or pick a Region"
                + " that offers it"));
        var clients = new Clients(Region.of(where), credentials);
        checks.addAll(guarded("the SMS account", () -> smsAccount(clients.sms())));
        checks.addAll(guarded("origination identity " + settings.originationIdentity().value(),
                () -> List.of(originationIdentity(clients.sms(), settings.originationIdentity().value()))));
        checks.addAll(guarded("the account's default protect configuration", () -> List.of(accountDefault(clients,
                settings))));
        checks.addAll(guarded("the callers' roles", () -> callerRoles(clients, settings)));
        checks.addAll(guarded("Lambda's concurrency", () -> List.of(concurrency(clients.lambda(), settings))));
        checks.addAll(guarded("API Gateway's CloudWatch Logs role", () -> List.of(apiGatewayRole(clients.apiGateway(),
                settings.apiGatewayCloudWatchRole()))));
        checks.addAll(guarded("the SMS service-linked role", () -> List.of(smsServiceLinkedRole(clients.iam()))));
        checks.addAll(guarded("the CDK bootstrap", () -> List.of(bootstrap(clients.cloudFormation(), where))));

        for (var check : checks) {
            if (check.passed()) {
                output.ok(check.line());
            } else {
                output.line("✘ " + check.line() + (check.blocking() ? "" : " (advisory)") + " — fix: " + check.fix());
            }
        }
        return checks.stream().anyMatch(check -> !check.passed() && check.blocking()) ? 1 : ExitCode.OK.code;
    }

    /** cdk.json's context, cdk.context.json's, then -c: as the CDK CLI merges them. */
    private Map<String, Object> readContext() {
        var merged = new HashMap<String, Object>();
        for (var file : List.of(cdkJson, cdkJson.resolveSibling("cdk.context.json"))) {
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try {
                var tree = Messages.JSON.readTree(file.toFile());
                var values = file.getFileName().toString().equals("cdk.json") ? tree.path("context") : tree;
                values.properties().forEach(entry -> merged.put(entry.getKey(), plain(entry.getValue())));
            } catch (IOException e) {
                throw new IllegalArgumentException(file + " is not JSON: " + e.getMessage());
            }
        }
        merged.putAll(context);
        return merged;
    }

    private static Object plain(JsonNode value) {
        return value.isTextual() ? value.asText() : Messages.JSON.convertValue(value, Object.class);
    }

    /** A check that could not run (no access, the service unreachable) fails, blocking, with why. */
    private static List<Check> guarded(String what, Supplier<List<Check>> check) {
        try {
            return check.get();
        } catch (SdkException e) {
            return List.of(Check.blocking("Could not check " + what + ": " + firstLine(e.getMessage()),
                    "check the credentials' permissions and the Region, then run preflight again"));
        }
    }

    private static List<Check> smsAccount(PinpointSmsVoiceV2Client sms) {
        var checks = new ArrayList<Check>();
        var tier = sms.describeAccountAttributes(r -> { }).accountAttributes().stream()
                .filter(attribute -> attribute.nameAsString().equals("ACCOUNT_TIER")).map(attribute -> attribute.value())
                .findFirst().orElse("UNKNOWN");
        checks.add(tier.equals("PRODUCTION") ? Check.ok("The account is out of the SMS sandbox")
                : Check.advisory("The account is in the SMS sandbox (" + tier + "): only verified destinations receive"
                + " SMS", "request production access (End User Messaging SMS User Guide, \"Moving from the SMS sandbox"
                + " to production\")"));
        sms.describeSpendLimits(r -> { }).spendLimits().stream()
                .filter(limit -> limit.nameAsString().equals("TEXT_MESSAGE_MONTHLY_SPEND_LIMIT")).findFirst()
                .ifPresent(limit -> checks.add(limit.enforcedLimit() > 1
                        ? Check.ok("The monthly SMS spend limit is " + limit.enforcedLimit() + " USD")
                        : Check.advisory("The monthly SMS spend limit is " + limit.enforcedLimit() + " USD, a new"
                        + " account's", "request a spend limit increase (End User Messaging SMS User Guide,"
                        + " \"Requesting a spending quota increase\")")));
        return checks;
    }

    private static Check originationIdentity(PinpointSmsVoiceV2Client sms, String identity) {
        var id = identity.substring(identity.lastIndexOf('/') + 1);
        try {
            if (id.startsWith("pool-")) {
                var pool = sms.describePools(r -> r.poolIds(id)).pools().get(0);
                return "ACTIVE".equals(pool.statusAsString())
                        ? Check.ok("Pool " + id + " exists and is ACTIVE (two-way " + onOff(pool.twoWayEnabled()) + ")")
                        : Check.blocking("Pool " + id + " is " + pool.statusAsString(), "wait until it is ACTIVE");
            }
            var number = sms.describePhoneNumbers(r -> r.phoneNumberIds(id)).phoneNumbers().get(0);
            if (number.poolId() != null) {
                return Check.blocking("Phone number " + id + " belongs to pool " + number.poolId()
                        + ": its settings are the pool's", "set -c " + KotaeSettings.ORIGINATION_IDENTITY + "="
                        + number.poolId());
            }
            if (!"ACTIVE".equals(number.statusAsString())) {
                return Check.blocking("Phone number " + id + " is " + number.statusAsString(),
                        "wait until it is ACTIVE (its registration may still be in review)");
            }
            return Check.ok("Phone number " + id + " (" + number.phoneNumber() + ", " + number.isoCountryCode()
                    + ") exists and is ACTIVE (two-way " + onOff(number.twoWayEnabled()) + ")");
        } catch (ResourceNotFoundException e) {
            return Check.blocking("The account has no " + id + " in this Region", "set -c "
                    + KotaeSettings.ORIGINATION_IDENTITY + " to one `aws pinpoint-sms-voice-v2 describe-phone-numbers`"
                    + " lists");
        }
    }

    /**
     * The account's default protect configuration judges every send that names neither a protect
     * configuration nor a configuration set with one (User Guide, "Using protect configurations"). Kotae's
     * sends name Kotae's own, so a default a security team set does not apply to them; and Kotae never
     * replaces another default ({@code kotae:protectConfigurationAccountDefault} fails the deploy then).
     */
    private static Check accountDefault(Clients clients, KotaeSettings settings) {
        Optional<String> current;
        try {
            current = clients.sms().describeProtectConfigurationsPaginator(r -> r.filters(filter -> filter
                            .name(ProtectConfigurationFilterName.ACCOUNT_DEFAULT).values("true")))
                    .protectConfigurations().stream().filter(found -> Boolean.TRUE.equals(found.accountDefault()))
                    .map(found -> found.protectConfigurationId()).findFirst();
        } catch (ResourceNotFoundException none) {
            // The API reference leaves open whether no match is an empty list or this: both mean none.
            current = Optional.empty();
        }
        var asked = settings.protectConfigurationAccountDefault();
        var setting = KotaeSettings.PROTECT_CONFIGURATION_ACCOUNT_DEFAULT;
        if (current.isEmpty()) {
            return asked ? Check.ok("The account has no default protect configuration: the deploy makes Kotae's the default,"
                    + " which then holds every sender of the account that names none to Kotae's countries")
                    : Check.ok("The account has no default protect configuration: Kotae's sends name Kotae's own; sends"
                    + " naming neither it nor Kotae's configuration set are held to no country list unless " + setting
                    + "=true");
        }
        if (current.equals(deployedProtectConfiguration(clients, settings.stackName()))) {
            return Check.ok("The account's default protect configuration is Kotae's own, " + current.get()
                    + (asked ? "" : "; the deploy stops it being the default, as " + setting + " is false"));
        }
        if (asked) {
            return Check.blocking("The account's default protect configuration is " + current.get() + ", and Kotae replaces"
                    + " no other default (it judges every sender of the account)", "set -c " + setting + "=false, or"
                    + " remove that default first if it is no longer wanted (aws pinpoint-sms-voice-v2"
                    + " delete-account-default-protect-configuration)");
        }
        return Check.advisory("The account's default protect configuration is " + current.get() + ": Kotae's sends name"
                + " Kotae's own, which End User Messaging applies first, so " + current.get() + "'s rules (its countries,"
                + " number overrides, FILTER and MONITOR rules) do not apply to them", "nothing, if Kotae's countries are"
                + " all its sends need; list in " + KotaeSettings.ALLOWED_COUNTRIES + " only what " + current.get()
                + " would allow too");
    }

    /**
     * Each caller role of this account as IAM holds it. API Gateway and Kotae match a role by account and
     * name at any path, so a role written without its path may call; the exact ARN is printed so the setting
     * can say it. A role that does not exist yet cannot call until it does.
     */
    private static List<Check> callerRoles(Clients clients, KotaeSettings settings) {
        var account = clients.sts().getCallerIdentity().account();
        var checks = new ArrayList<Check>();
        for (var principal : settings.callers().grants().keySet()) {
            var role = Callers.Role.of(principal).filter(named -> named.account().equals(account));
            if (role.isEmpty()) {
                continue;
            }
            try {
                var arn = clients.iam().getRole(r -> r.roleName(role.get().name())).role().arn();
                checks.add(arn.equals(principal) ? Check.ok("Caller role " + role.get().name() + " exists")
                        : Check.advisory("Caller role " + principal + " is " + arn + " in IAM", "nothing for access (the"
                        + " API matches a role by its name at any path); write " + arn + " in "
                        + KotaeSettings.CALLERS + " to name it exactly"));
            } catch (NoSuchEntityException e) {
                checks.add(Check.advisory("Caller role " + principal + " does not exist in this account yet: it cannot"
                        + " call until it does", "create it, or correct its name in " + KotaeSettings.CALLERS));
            }
        }
        return checks;
    }

    /**
     * The account's unreserved Lambda concurrency against what the deployment can run at once: below it,
     * replies and delivery events wait in their queues and the API answers 429.
     */
    private static Check concurrency(LambdaClient lambda, KotaeSettings settings) {
        var unreserved = lambda.getAccountSettings(r -> { }).accountLimit().unreservedConcurrentExecutions();
        var atOnce = settings.functionsAtOnce();
        var needed = atOnce.values().stream().mapToInt(Integer::intValue).sum();
        var breakdown = String.join(", ", atOnce.entrySet().stream()
                .map(use -> use.getValue() + " for " + use.getKey()).toList());
        if (unreserved >= needed) {
            return Check.ok("Lambda's unreserved concurrency here (" + unreserved + ") covers the " + needed
                    + " functions Kotae can run at once (" + breakdown + "), scheduled sends aside");
        }
        return Check.advisory("Lambda's unreserved concurrency here is " + unreserved + ", under the " + needed
                + " functions Kotae can run at once (" + breakdown + "): replies and deliveries would wait and the API"
                + " answer 429 (a new account's is reduced)", "request a higher Lambda \"Concurrent executions\" quota"
                + " (Service Quotas, code " + LAMBDA_CONCURRENCY_QUOTA + "), or lower " + KotaeSettings.INBOUND_MAX_CONCURRENCY
                + " and " + KotaeSettings.API_BURST_LIMIT);
    }

    /** The protect configuration of the stack already deployed with this name, if there is one. */
    private static Optional<String> deployedProtectConfiguration(Clients clients, String stackName) {
        try {
            return clients.cloudFormation().describeStacks(r -> r.stackName(stackName)).stacks().stream()
                    .flatMap(stack -> stack.outputs().stream())
                    .filter(output -> output.outputKey().equals("ProtectConfigurationId"))
                    .map(output -> output.outputValue()).findFirst();
        } catch (CloudFormationException notDeployed) {
            return Optional.empty();
        }
    }

    private static Check apiGatewayRole(ApiGatewayClient apiGateway, KotaeSettings.ApiGatewayCloudWatchRole setting) {
        var role = apiGateway.getAccount(r -> { }).cloudwatchRoleArn();
        if (setting == KotaeSettings.ApiGatewayCloudWatchRole.CREATE) {
            return Check.ok("The stack creates API Gateway's CloudWatch Logs role" + (role == null ? ""
                    : " (replacing " + role + " for the whole account and Region)"));
        }
        return role != null ? Check.ok("API Gateway's CloudWatch Logs role is set: " + role)
                : Check.blocking("API Gateway has no CloudWatch Logs role in this account and Region, and "
                + KotaeSettings.API_GATEWAY_CLOUDWATCH_ROLE + " is existing", "set -c "
                + KotaeSettings.API_GATEWAY_CLOUDWATCH_ROLE + "=create");
    }

    private static Check smsServiceLinkedRole(IamClient iam) {
        try {
            iam.getRole(r -> r.roleName(SMS_SERVICE_LINKED_ROLE));
            return Check.ok("The SMS service-linked role exists (End User Messaging writes its metrics)");
        } catch (NoSuchEntityException e) {
            return Check.advisory("The SMS service-linked role " + SMS_SERVICE_LINKED_ROLE + " is missing: no AWS/SMSVoice"
                    + " metrics, and the spend alarms see nothing", "aws iam create-service-linked-role"
                    + " --aws-service-name sms-voice.amazonaws.com");
        }
    }

    private static Check bootstrap(CloudFormationClient cloudFormation, String region) {
        try {
            var status = cloudFormation.describeStacks(r -> r.stackName(BOOTSTRAP_STACK)).stacks().get(0)
                    .stackStatusAsString();
            return status.endsWith("_COMPLETE") && !status.startsWith("DELETE") && !status.contains("ROLLBACK")
                    ? Check.ok("The account is bootstrapped for the CDK in " + region + " (" + status + ")")
                    : Check.blocking("The CDK bootstrap stack is " + status, "run `npx cdk bootstrap` again");
        } catch (CloudFormationException e) {
            if (e.statusCode() == 400 && String.valueOf(e.getMessage()).contains("does not exist")) {
                return Check.blocking("The account is not bootstrapped for the CDK in " + region,
                        "npx cdk bootstrap aws://ACCOUNT/" + region);
            }
            throw e;
        }
    }

    private static String onOff(Boolean enabled) {
        return Boolean.TRUE.equals(enabled) ? "on" : "off, the stack turns it on";
    }

    private static String firstLine(String message) {
        var text = String.valueOf(message);
        return text.contains("\n") ? text.substring(0, text.indexOf('\n')) : text;
    }

    private static String defaultRegion() {
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion().id();
        } catch (SdkException none) {
            throw new CliFailure(ExitCode.UNAVAILABLE, "No AWS Region: give --region, or set one in your profile.");
        }
    }

    /** The SDK clients, built when first used, each honouring the SDK's endpoint settings (the sandbox's simulator). */
    private static final class Clients {
        private final Region region;
        private final AwsCredentialsProvider credentials;

        Clients(Region region, AwsCredentialsProvider credentials) {
            this.region = region;
            this.credentials = credentials;
        }

        PinpointSmsVoiceV2Client sms() {
            return build(PinpointSmsVoiceV2Client.builder());
        }

        ApiGatewayClient apiGateway() {
            return build(ApiGatewayClient.builder());
        }

        /** IAM is global: the SDK's endpoint rules send any Region's calls to its one endpoint. */
        IamClient iam() {
            return build(IamClient.builder());
        }

        CloudFormationClient cloudFormation() {
            return build(CloudFormationClient.builder());
        }

        StsClient sts() {
            return build(StsClient.builder());
        }

        LambdaClient lambda() {
            return build(LambdaClient.builder());
        }

        private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder) {
            return builder.region(region).credentialsProvider(credentials)
                    .httpClient(UrlConnectionHttpClient.create())
                    .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(15)))
                    .build();
        }
    }
}
