package dev.kotae.platform.logging;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.kotae.platform.encoding.Json;
import org.slf4j.event.Level;
import software.amazon.lambda.powertools.logging.internal.PowertoolsLoggedFields;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;

/**
 * One log line: a JSON object with the members, in the order and of the types, that Powertools' Lambda JSON layout
 * gives them ({@code LambdaJsonLayout.json} of powertools-logging-log4j), so that CloudWatch Logs Insights queries,
 * the runbook's and the metric filters read Kotae's lines as before: {@code level}, {@code message}, {@code error}
 * (with an exception: its {@code message}, class {@code name} and {@code stack}), {@code cold_start},
 * {@code function_arn}, {@code function_memory_size}, {@code function_name}, {@code function_request_id},
 * {@code function_version}, {@code sampling_rate}, {@code service}, {@code timestamp}, {@code xray_trace_id},
 * {@code correlation_id}, then every other MDC entry. Powertools' string fields are written {@code null} outside an
 * invocation, its others left out when it has none, as the layout does.
 */
final class JsonLines {

    /** UTC with milliseconds, always three digits, as the layout's {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Set<String> POWERTOOLS_FIELDS = Set.copyOf(PowertoolsLoggedFields.stringValues());

    private JsonLines() {
    }

    /** Writes one line to {@code out}, whole (a concurrent line never lands inside it). */
    static void write(PrintStream out, Level level, String message, Throwable error, Map<String, String> context) {
        var line = new ByteArrayOutputStream(256);
        try (var json = Json.MAPPER.getFactory().createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("level", level.name());
            json.writeStringField("message", message);
            if (error != null) {
                error(json, error);
            }
            var fields = context == null ? Map.<String, String>of() : context;
            // Plain branches, no lambdas: a field first seen in a real request (after SnapStart's snapshot) then
            // links nothing new.
            var coldStart = fields.get(PowertoolsLoggedFields.FUNCTION_COLD_START.getName());
            if (coldStart != null) {
                json.writeBooleanField(PowertoolsLoggedFields.FUNCTION_COLD_START.getName(), Boolean.parseBoolean(coldStart));
            }
            string(json, fields, PowertoolsLoggedFields.FUNCTION_ARN);
            var memorySize = fields.get(PowertoolsLoggedFields.FUNCTION_MEMORY_SIZE.getName());
            if (memorySize != null) {
                json.writeNumberField(PowertoolsLoggedFields.FUNCTION_MEMORY_SIZE.getName(), Integer.parseInt(memorySize));
            }
            string(json, fields, PowertoolsLoggedFields.FUNCTION_NAME);
            string(json, fields, PowertoolsLoggedFields.FUNCTION_REQUEST_ID);
            string(json, fields, PowertoolsLoggedFields.FUNCTION_VERSION);
            var samplingRate = fields.get(PowertoolsLoggedFields.SAMPLING_RATE.getName());
            if (samplingRate != null && sampled(samplingRate)) {
                json.writeNumberField(PowertoolsLoggedFields.SAMPLING_RATE.getName(), Float.parseFloat(samplingRate));
            }
            string(json, fields, PowertoolsLoggedFields.SERVICE);
            json.writeStringField("timestamp", TIMESTAMP.format(Instant.now()));
            present(json, fields, PowertoolsLoggedFields.FUNCTION_TRACE_ID);
            present(json, fields, PowertoolsLoggedFields.CORRELATION_ID);
            for (var entry : fields.entrySet()) {
                if (!POWERTOOLS_FIELDS.contains(entry.getKey())) {
                    json.writeStringField(entry.getKey(), entry.getValue());
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a log line is written to memory", e);
        }
        line.write('\n');
        synchronized (out) {
            out.write(line.toByteArray(), 0, line.size());
            out.flush();
        }
    }

    private static void error(JsonGenerator json, Throwable error) throws IOException {
        var stack = new StringWriter();
        error.printStackTrace(new PrintWriter(stack));
        json.writeObjectFieldStart("error");
        if (error.getMessage() != null) {
            json.writeStringField("message", error.getMessage());
        }
        json.writeStringField("name", error.getClass().getName());
        json.writeStringField("stack", stack.toString());
        json.writeEndObject();
    }

    /** A field Powertools always has in an invocation: {@code null} outside one. */
    private static void string(JsonGenerator json, Map<String, String> fields, PowertoolsLoggedFields field)
            throws IOException {
        json.writeStringField(field.getName(), fields.get(field.getName()));
    }

    /** A string field written only when Powertools has it. */
    private static void present(JsonGenerator json, Map<String, String> fields, PowertoolsLoggedFields field)
            throws IOException {
        var given = fields.get(field.getName());
        if (given != null) {
            json.writeStringField(field.getName(), given);
        }
    }

    private static boolean sampled(String rate) {
        try {
            return Float.parseFloat(rate) > 0f;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
