package dev.kotae;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README is the front door and {@code docs/} the rooms behind it: every link between them (and to
 * the repository's files) leads somewhere, to a heading or anchor that exists, every guide is reachable
 * from the README, and the README stays a page a newcomer reads in five minutes.
 */
class DocumentLinksTest {

    private static final Path ROOT = Path.of("..");
    private static final Path README = ROOT.resolve("README.md");
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$");
    private static final Pattern ANCHOR = Pattern.compile("<a id=\"([^\"]+)\"></a>");

    @Test
    void everyLinkLeadsToAFileAndAHeadingThatExist() {
        var broken = new ArrayList<String>();
        var checked = 0;
        for (var document : documents()) {
            for (var target : links(document)) {
                if (target.matches("^(https?|mailto):.*")) {
                    continue;
                }
                checked++;
                var hash = target.indexOf('#');
                var file = hash < 0 ? target : target.substring(0, hash);
                var resolved = file.isEmpty() ? document : document.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(ROOT.relativize(document) + ": " + target + " (no such file)");
                } else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(ROOT.relativize(document) + ": " + target + " (no such heading)");
                }
            }
        }

        assertThat(checked).as("links read at all").isGreaterThan(20);
        assertThat(broken).isEmpty();
    }

    @Test
    void everyGuideIsLinkedFromTheReadme() {
        var linked = links(README).stream().map(target -> target.replaceFirst("#.*", "")).toList();

        assertThat(guides()).isNotEmpty().allSatisfy(guide ->
                assertThat(linked).as("README links " + guide).contains(ROOT.relativize(guide).toString()));
    }

    /** Under 300 lines, and its first screen's one code block holds the two set-up commands: the sandbox and the tests. */
    @Test
    void theReadmeIsAFrontDoor() throws IOException {
        var readme = Files.readAllLines(README);
        var firstBlock = readme.subList(readme.indexOf("```bash") + 1, readme.size());
        firstBlock = firstBlock.subList(0, firstBlock.indexOf("```"));

        assertThat(readme).hasSizeLessThan(300);
        assertThat(readme.indexOf("```bash")).isLessThan(12);
        assertThat(firstBlock).extracting(line -> line.replaceFirst("\\s*#.*", ""))
                .containsExactly("bin/sandbox", "mvn verify");
    }

    /** GitHub's heading anchors (lower case, punctuation dropped, spaces as hyphens) and explicit ones. */
    static Set<String> anchors(Path document) {
        var anchors = new HashSet<String>();
        var inCode = false;
        for (var line : lines(document)) {
            if (line.startsWith("```")) {
                inCode = !inCode;
            }
            var heading = HEADING.matcher(line);
            if (!inCode && heading.matches()) {
                anchors.add(heading.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\- _]", "").replace(' ', '-'));
            }
            ANCHOR.matcher(line).results().forEach(anchor -> anchors.add(anchor.group(1)));
        }
        return anchors;
    }

    private static List<String> links(Path document) {
        var links = new ArrayList<String>();
        var inCode = false;
        for (var line : lines(document)) {
            if (line.startsWith("```")) {
                inCode = !inCode;
            }
            if (!inCode) {
                LINK.matcher(line).results().forEach(link -> links.add(link.group(1)));
            }
        }
        return links;
    }

    private static List<Path> documents() {
        return Stream.concat(Stream.of(README), guides().stream()).toList();
    }

    private static List<Path> guides() {
        try (var files = Files.list(ROOT.resolve("docs"))) {
            return files.filter(file -> file.toString().endsWith(".md")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path document) {
        try {
            return Files.readAllLines(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
