package dev.kotae.infra;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar the stack deploys: its bytes must depend on the sources only, so that an unchanged
 * build keeps the asset hash and CloudFormation leaves the functions alone.
 */
class FunctionsJarTest {

    /** Dependencies' entries keep their own (pinned) timestamps; ours would otherwise carry the build's. */
    @Test
    void kotaesOwnEntriesCarryTheFixedBuildTimestamp() throws IOException {
        var fixed = Instant.parse("2026-01-01T00:00:00Z");
        try (var jar = new ZipFile(Path.of(Synthesized.FUNCTIONS_JAR).toFile())) {
            var own = Collections.list(jar.entries()).stream()
                    .filter(entry -> entry.getName().startsWith("dev/kotae/"))
                    .toList();
            assertThat(own).hasSizeGreaterThan(20).allSatisfy(entry ->
                    assertThat(entry.getLastModifiedTime().toInstant()).as(entry.getName()).isEqualTo(fixed));
        }
    }

    /**
     * Shaded without them, SLF4J would find no binding and drop every log line, and Powertools would print that it
     * found no logging manager: Kotae's own binding is the jar's one, and no log4j is left in it.
     */
    @Test
    void bindsSlf4jToKotaesJsonLinesAndCarriesNoLog4j() throws IOException {
        try (var jar = new ZipFile(Path.of(Synthesized.FUNCTIONS_JAR).toFile())) {
            assertThat(read(jar, "META-INF/services/org.slf4j.spi.SLF4JServiceProvider").strip())
                    .isEqualTo("dev.kotae.platform.logging.JsonLogProvider");
            assertThat(read(jar, "META-INF/services/software.amazon.lambda.powertools.logging.internal.LoggingManager")
                    .strip()).isEqualTo("dev.kotae.platform.logging.PowertoolsLevels");
            assertThat(Collections.list(jar.entries())).noneMatch(entry -> entry.getName().startsWith("org/apache/logging/")
                    || entry.getName().startsWith("log4j2"));
        }
    }

    /**
     * The jar answers the services' metadata with Kotae's provider, not the SDK's (which builds every service's metadata
     * at each cold start): it knows DynamoDB, and not a service Kotae never calls.
     */
    @Test
    void answersTheServicesMetadataWithKotaesProvider() throws Exception {
        try (var jar = new java.net.URLClassLoader(new java.net.URL[] {Path.of(Synthesized.FUNCTIONS_JAR).toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            var provider = jar.loadClass("software.amazon.awssdk.regions.GeneratedServiceMetadataProvider")
                    .getConstructor().newInstance();
            var serviceMetadata = provider.getClass().getMethod("serviceMetadata", String.class);

            assertThat(serviceMetadata.invoke(provider, "dynamodb")).isNotNull();
            assertThat(serviceMetadata.invoke(provider, "s3")).isNull();
        }
    }

    private static String read(ZipFile jar, String name) throws IOException {
        var entry = jar.getEntry(name);
        assertThat(entry).as(name).isNotNull();
        try (var in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
