package dev.kotae;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which of Kotae's packages may import which: the components import the shared kernel and
 * platform, conversations imports messages only to send its answers, batches imports messages to
 * send each entry as a message, only the store knows the table and only {@code aws} the other AWS
 * services' SDK clients. A package loop fails here, naming the import.
 * The wiring ({@code dev.kotae.Wiring}) is the composition root: it imports every package, and only
 * the handlers' no-argument constructors use it, as a Lambda handler needs.
 */
class PackageDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/kotae");
    private static final String WIRING = "Wiring";
    /** Any import of Kotae's: a package's first name, or a class of the root package (the wiring). */
    private static final Pattern IMPORT = Pattern.compile(
            "^import (?:static )?dev\\.kotae\\.(\\w+)[.;]", Pattern.MULTILINE);
    private static final Pattern BOUNDARY_IMPORT = Pattern.compile(
            "^import (?:static )?dev\\.kotae\\.(\\w+)\\.boundary\\.", Pattern.MULTILINE);
    /** What only an adapter or a handler may name: an AWS SDK client or model, or a Lambda event. */
    private static final Pattern AWS_IMPORT = Pattern.compile(
            "^import (?:static )?(software\\.amazon\\.awssdk\\.|com\\.amazonaws\\.)\\S+;", Pattern.MULTILINE);
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("platform", Set.of()),
            Map.entry("shared", Set.of("platform")),
            Map.entry("messages", Set.of("shared", "platform", WIRING)),
            Map.entry("conversations", Set.of("messages", "consent", "shared", "platform", WIRING)),
            Map.entry("twoway", Set.of("aws", "shared", "platform", WIRING)),
            Map.entry("destinations", Set.of("aws", "shared", "platform", WIRING)),
            Map.entry("web", Set.of("shared", "platform")),
            Map.entry("batches", Set.of("messages", "shared", "platform", WIRING)),
            Map.entry("consent", Set.of("shared", "platform", WIRING)),
            Map.entry("store", Set.of("messages", "conversations", "batches", "consent", "shared", "platform")),
            Map.entry("aws", Set.of("messages", "conversations", "batches", "twoway", "destinations", "shared", "platform")));

    @Test
    void eachPackageImportsOnlyWhatItMay() {
        var imports = new TreeMap<String, Set<String>>();
        for (var file : sources()) {
            var component = componentOf(file);
            if (component.equals(WIRING)) {
                continue; // the composition root builds everything
            }
            kotaeImports(file).stream()
                    .filter(imported -> !imported.equals(component))
                    .forEach(imported -> imports.computeIfAbsent(component + " -> " + imported, k -> new TreeSet<>())
                            .add(SOURCES.relativize(file).toString()));
        }

        assertThat(imports).as("the rule reads imports at all").containsKey("batches -> messages");
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
    void noPackageImportsAnotherOnesBoundary() {
        for (var file : sources()) {
            BOUNDARY_IMPORT.matcher(read(file)).results().map(match -> match.group(1))
                    .filter(imported -> !imported.equals("shared")) // how every API answers
                    .forEach(imported -> assertThat(imported).as(SOURCES.relativize(file) + " imports a boundary")
                            .isEqualTo(componentOf(file)));
        }
    }

    /**
     * Services and entities hold Kotae's rules in its own types: AWS's clients, models and Lambda's
     * events stay in the handlers that map them, the store, the {@code aws} adapters and the platform.
     */
    @Test
    void servicesAndEntitiesNameNoAwsType() {
        var offending = sources().stream()
                .filter(file -> layerOf(file).equals("control") || layerOf(file).equals("entity"))
                .filter(file -> AWS_IMPORT.matcher(read(file)).find())
                .map(file -> SOURCES.relativize(file) + ": " + AWS_IMPORT.matcher(read(file)).results()
                        .map(match -> match.group()).toList())
                .toList();

        assertThat(sources()).as("the rule sees the services").anyMatch(file -> layerOf(file).equals("control"));
        assertThat(offending).isEmpty();
    }

    /** A service is given its collaborators; only a handler's no-argument constructor asks the wiring. */
    @Test
    void onlyHandlersUseTheWiring() {
        var users = sources().stream()
                .filter(file -> kotaeImports(file).contains(WIRING))
                .toList();

        assertThat(users).as("the rule reads imports of the wiring").isNotEmpty()
                .allSatisfy(file -> assertThat(layerOf(file)).as(SOURCES.relativize(file).toString()).isEqualTo("boundary"));
        assertThat(sources()).noneMatch(file -> read(file).replaceAll("(?m)^import .*$", "").contains("dev.kotae.Wiring"));
    }

    private static List<Path> sources() {
        try (var files = Files.walk(SOURCES)) {
            return files.filter(file -> file.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first package under {@code dev.kotae}, or the class name of a root class. */
    private static String componentOf(Path file) {
        return SOURCES.relativize(file).getName(0).toString().replaceFirst("\\.java$", "");
    }

    /** The package a class sits in (boundary, control, entity, or a package's own name). */
    private static String layerOf(Path file) {
        return file.getParent().getFileName().toString();
    }

    /** Kotae's components and root classes a file imports; another module's package (the settings' SMS facts) is a library here. */
    private static Set<String> kotaeImports(Path file) {
        var imported = new TreeSet<String>();
        IMPORT.matcher(read(file)).results().map(match -> match.group(1))
                .filter(name -> Files.isDirectory(SOURCES.resolve(name)) || Files.isRegularFile(SOURCES.resolve(name + ".java")))
                .forEach(imported::add);
        return imported;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
