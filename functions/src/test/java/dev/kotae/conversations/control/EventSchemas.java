package dev.kotae.conversations.control;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.kotae.conversations.entity.Decision.DomainEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The published JSON Schemas of Kotae's events ({@code docs/events/<detail-type>.schema.json}). */
final class EventSchemas {

    static final Path DIRECTORY = Path.of("../docs/events");
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private EventSchemas() {
    }

    /** What is wrong with the event's detail, by its detail type's schema; empty when it validates. */
    static List<String> errors(DomainEvent event) {
        return errors(event.detailType(), event.detail());
    }

    static List<String> errors(String detailType, String detail) {
        String schema;
        try {
            schema = Files.readString(DIRECTORY.resolve(detailType + ".schema.json"));
        } catch (IOException e) {
            throw new UncheckedIOException("no published schema for " + detailType, e);
        }
        return REGISTRY.getSchema(schema, InputFormat.JSON).validate(detail, InputFormat.JSON).stream()
                .map(Error::toString).toList();
    }
}
