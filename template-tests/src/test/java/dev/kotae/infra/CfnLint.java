package dev.kotae.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

/**
 * AWS's CloudFormation linter ({@code cfn-lint}) over synthesized templates, each checked against the
 * regions it deploys to. It knows what synth, cdk-nag and assertions do not: dependency cycles
 * CloudFormation refuses, properties a resource type does not take, what a region offers.
 *
 * <p>The one list of findings Kotae accepts is {@link #ACKNOWLEDGED}, each with its reason.
 */
final class CfnLint {

    static final String INSTALL_HINT = "cfn-lint is not on the PATH. It comes with this project's machine image;"
            + " elsewhere install AWS's linter with `pip install cfn-lint==1.51.0` (the npm package of that name is"
            + " someone else's). The template tests refuse to pass without it.";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A finding Kotae accepts: by rule id, on one resource type or any, in some regions or all, with why. */
    record Acknowledged(String ruleId, Optional<String> resourceType, Set<String> regions, String messageContains,
                        String reason) {

        boolean covers(Finding finding) {
            return finding.ruleId().equals(ruleId)
                    && resourceType.map(type -> type.equals(finding.resourceType())).orElse(true)
                    && (regions.isEmpty() || regions.containsAll(finding.regions()))
                    && finding.message().contains(messageContains);
        }
    }

    /**
     * Regions where cfn-lint 1.51's own list (rule E2530) says SnapStart is missing although the Lambda
     * Developer Guide ("Lambda SnapStart") offers it in every commercial region but Asia Pacific (New
     * Zealand) and Asia Pacific (Taipei), where Kotae turns it off ({@link Regions#WITHOUT_SNAPSTART}).
     */
    static final Set<String> SNAPSTART_MISSING_FROM_LINTERS_LIST = Set.of("ap-south-2", "ap-southeast-4", "ca-west-1",
            "eu-central-2", "eu-south-2", "il-central-1", "me-central-1");

    static final List<Acknowledged> ACKNOWLEDGED = List.of(
            new Acknowledged("W3005", Optional.empty(), Set.of(), "dependency already enforced",
                    "CDK writes an explicit DependsOn beside a Ref or GetAtt that already implies it (role before"
                            + " function, topic before its subscriber). CloudFormation accepts the redundancy; removing it"
                            + " would mean rewriting CDK's own constructs."),
            new Acknowledged("E2530", Optional.of("AWS::Lambda::Function"), SNAPSTART_MISSING_FROM_LINTERS_LIST,
                    "'SnapStart' enabled functions are not supported",
                    "cfn-lint's SnapStart region list is older than the Lambda Developer Guide, which offers SnapStart"
                            + " in every commercial region but ap-east-2 and ap-southeast-6."));

    /**
     * One cfn-lint finding: the rule, where (template file, resource and its type), and what it says.
     *
     * @param regions the regions it concerns: those its message names (cfn-lint names them when a template is
     *                checked against several and only some are concerned), else every region the template was
     *                checked against
     */
    record Finding(String template, List<String> regions, String ruleId, String level, String resource,
                   String resourceType, String message) {

        @Override
        public String toString() {
            return template + " " + regions + ": " + ruleId + " (" + level + ") " + resource + " [" + resourceType + "]: "
                    + message;
        }
    }

    private CfnLint() {
    }

    /** The installed linter's version line; fails with {@link #INSTALL_HINT} when there is none. */
    static String version() {
        return run(List.of(executable(), "--version")).trim();
    }

    /**
     * Lints each template against its own region, in one run of the linter.
     *
     * @param templates a name (the file name in {@code workDirectory}) and the template with the regions
     *                  to check it against
     */
    static List<Finding> lint(Path workDirectory, Map<String, RegionalTemplate> templates) throws IOException {
        Files.createDirectories(workDirectory);
        var files = new ArrayList<String>();
        var byFile = new java.util.HashMap<String, JsonNode>();
        var regionsOf = new java.util.HashMap<String, List<String>>();
        for (var entry : templates.entrySet()) {
            var template = (ObjectNode) JSON.valueToTree(entry.getValue().template());
            // cfn-lint reads its configuration from the template's Metadata: here, the regions to check against.
            var regions = template.with("Metadata").putObject("cfn-lint").putObject("config").putArray("regions");
            entry.getValue().regions().forEach(regions::add);
            var file = workDirectory.resolve(entry.getKey() + ".template.json");
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), template);
            files.add(file.toString());
            byFile.put(file.toString(), template);
            regionsOf.put(file.toString(), entry.getValue().regions());
        }
        var command = new ArrayList<>(List.of(executable(), "--format", "json", "--"));
        command.addAll(files);
        var report = JSON.readTree(run(command));
        return StreamSupport.stream(report.spliterator(), false).map(node -> {
            var file = node.path("Filename").asText();
            var path = node.path("Location").path("Path");
            var resource = path.path(0).asText().equals("Resources") ? path.path(1).asText() : path.path(0).asText();
            var type = byFile.getOrDefault(file, JSON.createObjectNode()).path("Resources").path(resource).path("Type").asText("");
            var message = node.path("Message").asText();
            var checked = regionsOf.get(file);
            var named = checked.stream().filter(region -> message.contains("'" + region + "'")).toList();
            return new Finding(Path.of(file).getFileName().toString(), named.isEmpty() ? checked : named,
                    node.path("Rule").path("Id").asText(), node.path("Level").asText(), resource, type, message);
        }).toList();
    }

    static List<Finding> unacknowledged(List<Finding> findings) {
        return findings.stream().filter(f -> ACKNOWLEDGED.stream().noneMatch(a -> a.covers(f))).toList();
    }

    /**
     * A synthesized template and the regions to check it against: where a stack synthesized like it deploys
     * (templates for regions that decide alike differ only in the region's name).
     */
    record RegionalTemplate(Map<String, Object> template, List<String> regions) {
    }

    private static String executable() {
        var path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (var directory : path.split(java.io.File.pathSeparator)) {
            var candidate = Path.of(directory, "cfn-lint");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError(INSTALL_HINT);
    }

    /** Runs the linter; its exit code says only whether it found something, so the report is what counts. */
    private static String run(List<String> command) {
        try {
            var process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("cfn-lint did not finish in 5 minutes: " + command);
            }
            // 0: nothing found; 2, 4, 6, 8 and their sums: errors, warnings, informational findings. 1 and 32: it failed.
            if (process.exitValue() == 1 || process.exitValue() >= 32) {
                throw new AssertionError("cfn-lint failed (exit " + process.exitValue() + "): " + output);
            }
            return output;
        } catch (IOException e) {
            throw new AssertionError(INSTALL_HINT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while cfn-lint ran", e);
        }
    }
}
