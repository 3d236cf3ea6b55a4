package dev.kotae.benchmarks;

import dev.kotae.aws.ProtectConfigurations;
import dev.kotae.settings.KotaeSettings;
import dev.kotae.standins.LocalDeployment;
import dev.kotae.standins.StandIns;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;

import java.util.Map;
import java.util.Set;

/** What the benchmarks measure: a deployment with docs/deploying.md's settings and Japanese national numbers. */
final class BenchmarkDeployment {

    private BenchmarkDeployment() {
    }

    static LocalDeployment on(StandIns standIns) {
        return deploy(standIns, StandIns.settings(Map.of(KotaeSettings.DEFAULT_COUNTRY, "JP")), "kotae-benchmark");
    }

    /** As {@code cdk deploy} leaves it: the protect configuration held to the allowed countries by the stack's own code. */
    static LocalDeployment deploy(StandIns standIns, KotaeSettings settings, String table) {
        var deployment = standIns.deploy(settings, table, "kotae-benchmark", StandIns.OUR_NUMBER);
        try (var sms = PinpointSmsVoiceV2Client.builder().endpointOverride(standIns.sms().endpoint())
                .region(Region.of(StandIns.REGION)).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build()) {
            new ProtectConfigurations(sms).apply(deployment.protectConfigurationId(), Set.copyOf(settings.allowedCountries()),
                    settings.protectConfigurationAccountDefault());
        }
        return deployment;
    }
}
