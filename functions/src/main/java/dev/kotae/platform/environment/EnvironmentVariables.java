package dev.kotae.platform.environment;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads the variables the stack sets; a missing required one stops the function at init, named. */
public record EnvironmentVariables(Map<String, String> variables) {

    public String required(String name) {
        return optional(name).orElseThrow(() -> new IllegalStateException("Environment variable " + name + " is not set"));
    }

    /** A comma-separated list of names (principals, say), blanks dropped; empty when not set. */
    public Set<String> names(String name) {
        return optional(name).map(list -> Arrays.stream(list.split(",")).filter(entry -> !entry.isBlank())
                .collect(Collectors.toSet())).orElse(Set.of());
    }

    public Optional<String> optional(String name) {
        return Optional.ofNullable(variables.get(name)).filter(value -> !value.isBlank());
    }
}
