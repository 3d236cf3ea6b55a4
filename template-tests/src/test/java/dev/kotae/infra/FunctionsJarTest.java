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
                    .filter(entry -> entry.getName().startsWith("dev/kotae/") || entry.getName().equals("log4j2.properties"))
                    .toList();
            assertThat(own).hasSizeGreaterThan(20).allSatisfy(entry ->
                    assertThat(entry.getLastModifiedTime().toInstant()).as(entry.getName()).isEqualTo(fixed));
        }
    }

    /** Shaded without it, the functions' JSON logs fall back to log4j's default layout. Handlers: FunctionsContractTest. */
    @Test
    void carriesItsLoggingConfiguration() throws IOException {
        try (var jar = new ZipFile(Path.of(Synthesized.FUNCTIONS_JAR).toFile())) {
            assertThat(jar.getEntry("log4j2.properties")).isNotNull();
        }
    }
}
