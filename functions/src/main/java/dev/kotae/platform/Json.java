package dev.kotae.platform;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one JSON mapper: building it is costly, and it is thread-safe once configured. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }
}
