package dev.kotae.platform.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;

/**
 * Lambda's events and answers as Kotae reads and writes them itself, with the Jackson it already loads, instead of
 * the runtime's serializer (its own copy of Jackson and the events' mixins: some 800 classes and 100 ms or more of
 * a cold start). What it reads equals what the runtime's serializer reads, and what it writes is what that writes,
 * for every event Kotae handles this way ({@link #TYPES}), as the tests hold for each sample in {@code events/}.
 *
 * <p>Names are matched without regard to case ({@code Records} fills {@code records}), unknown members are skipped
 * (AWS adds members to its events), and an answer's empty members are left out, as the runtime's serializer does.
 */
public final class EventJson {

    /** The events Kotae reads itself: its REST API's requests, the send page's HTTP API requests and its queues' messages. */
    public static final Set<String> TYPES = Set.of(
            "com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent",
            "com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent",
            "com.amazonaws.services.lambda.runtime.events.SQSEvent");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private EventJson() {
    }

    public static <T> T read(InputStream json, Class<T> type) throws IOException {
        return MAPPER.readValue(json, type);
    }

    public static void write(Object answer, OutputStream out) throws IOException {
        MAPPER.writeValue(out, answer);
    }
}
