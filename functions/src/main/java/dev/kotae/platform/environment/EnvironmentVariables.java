package dev.kotae.platform.environment;

import dev.kotae.settings.FunctionVariable;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads the variables the stack sets, by their one name; a missing required one stops the function at init, named. */
public record EnvironmentVariables(Map<String, String> variables) {

    public String required(FunctionVariable variable) {
        return optional(variable).orElseThrow(() -> new IllegalStateException("Environment variable " + variable + " is not set"));
    }

    /** A comma-separated list of names (principals, say), blanks dropped; empty when not set. */
    public Set<String> names(FunctionVariable variable) {
        return optional(variable).map(list -> Arrays.stream(list.split(",")).filter(entry -> !entry.isBlank())
                .collect(Collectors.toSet())).orElse(Set.of());
    }

    public Optional<String> optional(FunctionVariable variable) {
        return Optional.ofNullable(variables.get(variable.name())).filter(value -> !value.isBlank());
    }
}
