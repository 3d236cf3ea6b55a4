package dev.kotae.platform;

import java.util.Map;
import java.util.Optional;

/** Reads the variables the stack sets; a missing required one stops the function at init, named. */
public record EnvironmentVariables(Map<String, String> variables) {

    public String required(String name) {
        return optional(name).orElseThrow(() -> new IllegalStateException("Environment variable " + name + " is not set"));
    }

    public Optional<String> optional(String name) {
        return Optional.ofNullable(variables.get(name)).filter(value -> !value.isBlank());
    }
}
