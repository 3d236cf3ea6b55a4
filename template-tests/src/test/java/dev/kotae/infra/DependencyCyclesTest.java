package dev.kotae.infra;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CloudFormation refuses a template whose resources depend on each other in a circle, before it
 * creates anything; synth and cdk-nag do not notice. This reads every dependency the template states
 * (DependsOn, Ref, Fn::GetAtt, Fn::Sub) and looks for a circle, independently of the linter.
 */
class DependencyCyclesTest {

    private static final Pattern SUB_REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9]+)(\\.[^}]*)?}");

    @ParameterizedTest
    @EnumSource(TemplateVariant.class)
    void noResourceDependsOnItselfThroughOthers(TemplateVariant variant) {
        var template = variant.synthesize(Synthesized.REGION).template().toJSON();

        assertThat(cycle(dependencies(template))).as("a dependency circle in " + variant).isEmpty();
    }

    /** The check itself: the circle this project once had (a key whose policy names its own topic's ARN). */
    @org.junit.jupiter.api.Test
    void aKeyThatNamesTheTopicEncryptedWithItIsACircle() {
        var grantOnConditionOfTheTopic = Map.of("Condition",
                Map.of("ArnEquals", Map.of("aws:SourceArn", Map.of("Ref", "Topic"))));
        var template = Map.<String, Object>of("Resources", Map.of(
                "Key", Map.of("Type", "AWS::KMS::Key", "Properties", Map.of("KeyPolicy",
                        Map.of("Statement", List.of(grantOnConditionOfTheTopic)))),
                "Topic", Map.of("Type", "AWS::SNS::Topic", "Properties", Map.of(
                        "KmsMasterKeyId", Map.of("Fn::GetAtt", List.of("Key", "Arn")))),
                "Queue", Map.of("Type", "AWS::SQS::Queue", "Properties", Map.of(
                        "Name", Map.of("Fn::Sub", "${Topic.TopicName}-queue")))));

        assertThat(cycle(dependencies(template))).hasValueSatisfying(circle ->
                assertThat(circle).containsExactly("Key", "Topic", "Key"));
        assertThat(dependencies(template).get("Queue")).containsExactly("Topic");
    }

    /** Each resource and the resources it names. */
    @SuppressWarnings("unchecked")
    static Map<String, Set<String>> dependencies(Map<String, Object> template) {
        var resources = (Map<String, Object>) template.get("Resources");
        var graph = new TreeMap<String, Set<String>>();
        resources.forEach((id, resource) -> {
            var named = new TreeSet<String>();
            collect(resource, named);
            named.retainAll(resources.keySet());
            graph.put(id, named);
        });
        return graph;
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object node, Set<String> named) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                switch (String.valueOf(key)) {
                    case "Ref" -> named.add(String.valueOf(value));
                    case "DependsOn" -> {
                        if (value instanceof List<?> list) {
                            list.forEach(id -> named.add(String.valueOf(id)));
                        } else {
                            named.add(String.valueOf(value));
                        }
                    }
                    case "Fn::GetAtt" -> named.add(value instanceof List<?> list
                            ? String.valueOf(list.get(0)) : String.valueOf(value).split("\\.")[0]);
                    case "Fn::Sub" -> {
                        var text = value instanceof List<?> list ? String.valueOf(list.get(0)) : String.valueOf(value);
                        SUB_REFERENCE.matcher(text).results().forEach(match -> named.add(match.group(1)));
                        if (value instanceof List<?> list && list.size() > 1) {
                            collect(list.get(1), named);
                        }
                    }
                    default -> collect(value, named);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collect(item, named));
        }
    }

    /** One circle, as the resources along it, or nothing. */
    static Optional<List<String>> cycle(Map<String, Set<String>> graph) {
        var finished = new HashMap<String, Boolean>();
        for (var start : graph.keySet()) {
            var found = visit(start, graph, finished, new LinkedHashSet<>());
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> visit(String id, Map<String, Set<String>> graph, Map<String, Boolean> finished,
                                                LinkedHashSet<String> path) {
        if (path.contains(id)) {
            var circle = new ArrayList<>(path);
            circle = new ArrayList<>(circle.subList(circle.indexOf(id), circle.size()));
            circle.add(id);
            return Optional.of(circle);
        }
        if (finished.containsKey(id)) {
            return Optional.empty();
        }
        path.add(id);
        for (var next : graph.getOrDefault(id, Set.of())) {
            var found = visit(next, graph, finished, path);
            if (found.isPresent()) {
                return found;
            }
        }
        path.remove(id);
        finished.put(id, true);
        return Optional.empty();
    }
}
