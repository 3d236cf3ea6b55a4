package dev.kotae.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import dev.kotae.sms.SmsMetrics;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.NumberCapability;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ProtectStatus;
import software.amazon.awssdk.services.sns.SnsClient;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code kotae smoke}: after a deploy, proof that it works without texting anyone. A signed dry-run
 * send (End User Messaging validates it and sends nothing), its record read back until DRY_RUN, the
 * number's conversations read, the alarm topic checked for a confirmed subscription, and the protect
 * configuration's rules read from End User Messaging and compared with the deployment's countries.
 */
@Command(name = "smoke", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"After a deploy: a signed dry-run send and the reads that follow it, the alarm topic's",
                "subscription and the protect configuration's countries. Never texts anyone.",
                "Exit codes: 0 every check passed, 1 one failed, 5 unreachable."})
final class SmokeCommand implements Callable<Integer> {

    /** How long the dry run's record may take to read DRY_RUN. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Option(names = "--to", required = true, paramLabel = "NUMBER",
            description = "A number in an allowed country, for the dry run (nothing is sent to it).")
    String to;

    @Override
    public Integer call() {
        var output = Output.of(spec);
        var connection = KotaeApi.connect(api);
        var failures = 0;

        var body = "{\"to\":" + Messages.JSON.valueToTree(to) + ",\"body\":\"Kotae smoke test\",\"dryRun\":true}";
        var sent = connection.post("messages", body, Map.of("Idempotency-Key", "kotae-smoke-" + UUID.randomUUID()));
        if (sent.status() != 202) {
            Messages.refused(sent, output);
            output.fail("The dry-run send was refused: nothing else to check.");
            return Messages.exitCodeOf(sent.status()).code;
        }
        var messageId = Messages.read(sent).get("messageId").asText();
        output.ok("Signed dry-run send accepted: message " + messageId);

        var status = "";
        var deadline = Instant.now().plus(PATIENCE);
        while (!status.equals("DRY_RUN") && Instant.now().isBefore(deadline)) {
            var read = connection.get("messages/" + Messages.path(messageId));
            status = read.status() == 200 ? Messages.read(read).path("status").asText() : "HTTP " + read.status();
            if (!status.equals("DRY_RUN")) {
                pause();
            }
        }
        if (status.equals("DRY_RUN")) {
            output.ok("GET /messages/" + messageId + " reads DRY_RUN");
        } else {
            output.line("✘ GET /messages/" + messageId + " reads " + status + " — fix: see the get function's log");
            failures++;
        }

        var conversations = connection.get("conversations/" + Messages.path(to));
        if (conversations.status() == 200) {
            output.ok("GET /conversations/" + to + " answers");
        } else {
            output.line("✘ GET /conversations/" + to + " answered " + conversations.status()
                    + " — fix: grant the caller conversations in kotae:callers");
            failures++;
        }

        if (api.apiUrl != null) {
            output.line("– The alarm topic and the protect configuration are read from the stack: give --stack instead"
                    + " of --api-url to check them");
        } else {
            failures += alarmTopicConfirmed(output) ? 0 : 1;
            failures += destinationsHold(output) ? 0 : 1;
            spendSeries(output);
        }
        return failures == 0 ? ExitCode.OK.code : 1;
    }

    /**
     * The AWS/SMSVoice series the spend alarms read, as CloudWatch lists them (those with data in the last two
     * weeks). Missing ones leave the alarms in INSUFFICIENT_DATA: advisory, since a new account has sent nothing yet.
     */
    private void spendSeries(Output output) {
        try (var cloudWatch = CloudWatchClient.builder().region(Region.of(KotaeApi.region(api)))
                .credentialsProvider(KotaeApi.credentials(api.profile())).httpClient(UrlConnectionHttpClient.create()).build()) {
            var published = cloudWatch.listMetricsPaginator(r -> r.namespace(SmsMetrics.NAMESPACE)).metrics().stream()
                    .map(metric -> metric.metricName()).collect(Collectors.toSet());
            var missing = SmsMetrics.READ_BY_ALARMS.stream().filter(name -> !published.contains(name)).toList();
            if (missing.isEmpty()) {
                output.ok(SmsMetrics.NAMESPACE + " holds " + String.join(" and ", SmsMetrics.READ_BY_ALARMS)
                        + ", which the spend alarms read");
            } else {
                output.line("✘ " + SmsMetrics.NAMESPACE + " holds no " + String.join(" or ", missing) + ": the spend"
                        + " alarms read nothing and show INSUFFICIENT_DATA (advisory) — fix: if the account has sent SMS"
                        + " in the last two weeks, create End User Messaging's service-linked role (aws iam"
                        + " create-service-linked-role --aws-service-name sms-voice.amazonaws.com); a new account's"
                        + " series appear with its first send");
            }
        } catch (SdkException e) {
            output.line("✘ Could not list " + SmsMetrics.NAMESPACE + " (" + e.getMessage() + ") (advisory) — fix: allow"
                    + " cloudwatch:ListMetrics");
        }
    }

    /**
     * End User Messaging's own guard: the protect configuration every send names allows exactly the
     * deployment's countries ({@code kotae:allowedCountries}, the stack's AllowedCountries output).
     */
    private boolean destinationsHold(Output output) {
        var id = KotaeApi.stackOutput(api, "ProtectConfigurationId");
        var allowed = new TreeSet<>(Arrays.asList(KotaeApi.stackOutput(api, "AllowedCountries").split(",")));
        try (var sms = PinpointSmsVoiceV2Client.builder().region(Region.of(KotaeApi.region(api)))
                .credentialsProvider(KotaeApi.credentials(api.profile())).httpClient(UrlConnectionHttpClient.create()).build()) {
            var allowing = sms.getProtectConfigurationCountryRuleSet(r -> r.protectConfigurationId(id)
                            .numberCapability(NumberCapability.SMS)).countryRuleSet().entrySet().stream()
                    .filter(rule -> rule.getValue().protectStatus() == ProtectStatus.ALLOW).map(Map.Entry::getKey)
                    .collect(Collectors.toCollection(TreeSet::new));
            if (allowing.equals(allowed)) {
                output.ok("Protect configuration " + id + " allows " + String.join(", ", allowed) + " and blocks every"
                        + " other country");
                return true;
            }
            output.line("✘ Protect configuration " + id + " allows " + (allowing.isEmpty() ? "no country"
                    : String.join(", ", allowing)) + ", not " + String.join(", ", allowed) + " — fix: deploy the stack"
                    + " again (its custom resource holds the rules to kotae:allowedCountries), and find who changed them");
            return false;
        } catch (SdkException e) {
            output.line("✘ Could not read protect configuration " + id + " (" + e.getMessage() + ") — fix: allow"
                    + " sms-voice:GetProtectConfigurationCountryRuleSet");
            return false;
        }
    }

    /** A subscription still PendingConfirmation receives nothing: the alarms would page no one. */
    private boolean alarmTopicConfirmed(Output output) {
        var topic = KotaeApi.stackOutput(api, "AlarmTopicArn");
        var region = topic.split(":")[3];
        try (var sns = SnsClient.builder().region(Region.of(region)).credentialsProvider(KotaeApi.credentials(api.profile()))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            var confirmed = sns.listSubscriptionsByTopicPaginator(r -> r.topicArn(topic)).subscriptions().stream()
                    .filter(subscription -> subscription.subscriptionArn().startsWith("arn:")).count();
            if (confirmed > 0) {
                output.ok("The alarm topic has " + confirmed + " confirmed subscription(s)");
                return true;
            }
            output.line("✘ The alarm topic " + topic + " has no confirmed subscription — fix: confirm the e-mail"
                    + " kotae:alarmEmail received, or subscribe your on-call tooling");
            return false;
        } catch (SdkException e) {
            output.line("✘ Could not read the alarm topic's subscriptions (" + e.getMessage() + ") — fix: allow"
                    + " sns:ListSubscriptionsByTopic");
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCode.UNAVAILABLE, "Interrupted.");
        }
    }
}
