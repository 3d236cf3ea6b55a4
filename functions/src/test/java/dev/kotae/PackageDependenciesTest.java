package dev.kotae;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which of Kotae's packages may import which: the components import the shared kernel and
 * platform, conversations imports messages only to send its answers, batches imports messages to
 * send each entry as a message, and only the store (and the
 * wiring that builds everything) knows the table. A package loop fails here, naming the import.
 * The wiring ({@code dev.kotae.Wiring}) is the composition root: it imports every package, and the
 * handlers' no-argument constructors use it, as a Lambda handler needs.
 */
class PackageDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/kotae");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.kotae\\.([a-z]+)\\.", Pattern.MULTILINE);
    private static final Pattern BOUNDARY_IMPORT = Pattern.compile(
            "^import (?:static )?dev\\.kotae\\.([a-z]+)\\.boundary\\.", Pattern.MULTILINE);
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "platform", Set.of(),
            "shared", Set.of("platform"),
            "messages", Set.of("shared", "platform"),
            "conversations", Set.of("messages", "shared", "platform"),
            "twoway", Set.of("shared", "platform"),
            "destinations", Set.of("shared", "platform"),
            "batches", Set.of("messages", "shared", "platform"),
            "store", Set.of("messages", "conversations", "batches", "shared", "platform"));

    @Test
    void eachPackageImportsOnlyWhatItMay() throws IOException {
        var imports = new TreeMap<String, Set<String>>();
        try (var files = Files.walk(SOURCES)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                var component = SOURCES.relativize(file).getName(0).toString();
                if (component.endsWith(".java")) {
                    return; // Wiring, the composition root, builds everything.
                }
                IMPORT.matcher(read(file)).results().map(match -> match.group(1))
                        .filter(imported -> !imported.equals(component))
                        // A package of another module (the settings module's SMS facts) is a library here.
                        .filter(imported -> Files.isDirectory(SOURCES.resolve(imported)))
                        .forEach(imported -> imports.computeIfAbsent(component + " -> " + imported, k -> new TreeSet<>())
                                .add(SOURCES.relativize(file).toString()));
            });
        }

        assertThat(ALLOWED).containsKeys(imports.keySet().stream().map(edge -> edge.split(" -> ")[0]).toArray(String[]::new));
        imports.forEach((edge, files) -> {
            var parts = edge.split(" -> ");
            assertThat(ALLOWED.get(parts[0])).as(edge + " in " + files).contains(parts[1]);
        });
    }

    /**
     * A handler is its component's own: what others use of a component is its control and entity
     * classes. The shared kernel's boundary is how every API reads requests and answers.
     */
    @Test
    void noPackageImportsAnotherOnesBoundary() throws IOException {
        try (var files = Files.walk(SOURCES)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                var component = SOURCES.relativize(file).getName(0).toString();
                BOUNDARY_IMPORT.matcher(read(file)).results().map(match -> match.group(1))
                        .filter(imported -> !imported.equals("shared")) // how every API answers
                        .forEach(imported -> assertThat(imported).as(SOURCES.relativize(file) + " imports a boundary")
                                .isEqualTo(component));
            });
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
