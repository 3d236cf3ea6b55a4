package dev.kotae.aws;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.regions.GeneratedServiceMetadataProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.ServiceMetadataProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kotae's provider of the services' metadata answers as the SDK's own does, for every service Kotae's functions call
 * and every region AWS has: the same signing region and the same endpoint. The SDK's provider is read from the SDK's
 * jars in a class loader of its own (Kotae's, of the same name, comes first on this class path, as in the jar).
 */
class ServiceMetadataProviderTest {

    /** Each client's own name for its metadata: a client whose name changes with an SDK upgrade fails here. */
    static List<String> servicesKotaeCalls() {
        return List.of(DynamoDbClient.SERVICE_METADATA_ID, PinpointSmsVoiceV2Client.SERVICE_METADATA_ID,
                EventBridgeClient.SERVICE_METADATA_ID, SqsClient.SERVICE_METADATA_ID, SchedulerClient.SERVICE_METADATA_ID);
    }

    @ParameterizedTest
    @MethodSource("servicesKotaeCalls")
    void answersAsTheSdksOwnProviderInEveryRegion(String endpointPrefix) throws Exception {
        var ours = new GeneratedServiceMetadataProvider().serviceMetadata(endpointPrefix);
        try (var sdk = sdkLoader()) {
            var provider = sdk.loadClass("software.amazon.awssdk.regions.GeneratedServiceMetadataProvider")
                    .getConstructor().newInstance();
            var theirs = provider.getClass().getMethod("serviceMetadata", String.class).invoke(provider, endpointPrefix);
            var regionOf = sdk.loadClass("software.amazon.awssdk.regions.Region").getMethod("of", String.class);
            var regions = Region.regions();

            assertThat(ours).isNotNull();
            assertThat(regions).hasSizeGreaterThan(30);
            for (var region : regions) {
                var theirRegion = regionOf.invoke(null, region.id());
                var signing = theirs.getClass().getMethod("signingRegion", theirRegion.getClass()).invoke(theirs, theirRegion);
                var endpoint = theirs.getClass().getMethod("endpointFor", theirRegion.getClass()).invoke(theirs, theirRegion);
                assertThat(ours.signingRegion(region).id()).as(endpointPrefix + " in " + region).isEqualTo(signing.toString());
                assertThat(ours.endpointFor(region)).as(endpointPrefix + " in " + region).isEqualTo(endpoint);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3", "lambda", "sts"})
    void aServiceKotaeDoesNotCallGetsTheSdksDefaultMetadata(String endpointPrefix) {
        assertThat(new GeneratedServiceMetadataProvider().serviceMetadata(endpointPrefix)).isNull();
    }

    /** The SDK's regions jar and what it needs, without Kotae's classes. */
    private static URLClassLoader sdkLoader() throws Exception {
        var jars = new ArrayList<URL>();
        for (var type : List.of(ServiceMetadataProvider.class, software.amazon.awssdk.utils.ImmutableMap.class,
                software.amazon.awssdk.annotations.SdkPublicApi.class, software.amazon.awssdk.profiles.ProfileFile.class,
                software.amazon.awssdk.core.SdkSystemSetting.class, software.amazon.awssdk.http.SdkHttpClient.class,
                software.amazon.awssdk.utils.Logger.class, org.slf4j.Logger.class)) {
            jars.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toUri().toURL());
        }
        return new URLClassLoader(jars.stream().distinct().toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }
}
