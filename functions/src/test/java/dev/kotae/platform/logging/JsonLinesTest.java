package dev.kotae.platform.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kotae's log lines keep the members, order and types of Powertools' Lambda JSON layout, which the runbook's queries
 * and the metric filters read; its levels are the stack's (Kotae from INFO, libraries from WARN) unless Powertools
 * sets one for all.
 */
class JsonLinesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void ownLevels() {
        JsonLogger.resetLevel();
    }

    @Test
    void anInvocationsLineCarriesPowertoolsFieldsInTheLayoutsOrderAndTypes() throws IOException {
        var context = new LinkedHashMap<String, String>();
        context.put("function_request_id", "req-1");
        context.put("cold_start", "true");
        context.put("function_memory_size", "1769");
        context.put("function_name", "send");
        context.put("function_arn", "arn:aws:lambda:ap-northeast-1:123456789012:function:send:live");
        context.put("function_version", "live");
        context.put("service", "kotae");
        context.put("correlation_id", "c-1");
        context.put("xray_trace_id", "1-abc");
        context.put("sampling_rate", "0.1");
        context.put("batchId", "b-1");

        var line = line(Level.INFO, "Audit send: 予約", null, context);

        assertThat(names(line)).containsExactly("level", "message", "cold_start", "function_arn", "function_memory_size",
                "function_name", "function_request_id", "function_version", "sampling_rate", "service", "timestamp",
                "xray_trace_id", "correlation_id", "batchId");
        assertThat(line.get("cold_start").isBoolean()).isTrue();
        assertThat(line.get("function_memory_size").asInt()).isEqualTo(1769);
        assertThat(line.get("sampling_rate").isNumber()).isTrue();
        assertThat(line.get("message").asText()).isEqualTo("Audit send: 予約");
        assertThat(line.get("timestamp").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    }

    @Test
    void outsideAnInvocationItsStringFieldsAreNullAndTheOthersLeftOut() throws IOException {
        var line = line(Level.WARN, "at init", null, Map.of());

        assertThat(names(line)).containsExactly("level", "message", "function_arn", "function_name",
                "function_request_id", "function_version", "service", "timestamp");
        assertThat(line.get("function_name").isNull()).isTrue();
    }

    @Test
    void anExceptionIsItsMessageClassAndStack() throws IOException {
        var line = line(Level.ERROR, "failed", new IllegalStateException("broken"), Map.of());

        assertThat(line.at("/error/message").asText()).isEqualTo("broken");
        assertThat(line.at("/error/name").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(line.at("/error/stack").asText()).startsWith("java.lang.IllegalStateException: broken")
                .contains("at dev.kotae.platform.logging.JsonLinesTest");
    }

    @Test
    void kotaeLogsFromInfoLibrariesFromWarnAndPowertoolsMaySetOneLevelForAll() {
        var kotae = LoggerFactory.getLogger("dev.kotae.messages.control.ApiSends");
        var sdk = LoggerFactory.getLogger("software.amazon.awssdk.request");

        assertThat(kotae.isInfoEnabled()).isTrue();
        assertThat(kotae.isDebugEnabled()).isFalse();
        assertThat(sdk.isInfoEnabled()).isFalse();
        assertThat(sdk.isWarnEnabled()).isTrue();
        new PowertoolsLevels().setLogLevel(Level.DEBUG);
        assertThat(sdk.isDebugEnabled()).isTrue();
        assertThat(new PowertoolsLevels().getLogLevel(kotae)).isEqualTo(Level.DEBUG);
    }

    /** A thread started during an invocation never carries that invocation's fields into its own lines. */
    @Test
    void aThreadStartedMeanwhileDoesNotInheritTheInvocationsFields() throws InterruptedException {
        org.slf4j.MDC.put("function_request_id", "req-1");
        var seen = new java.util.concurrent.atomic.AtomicReference<String>("unset");
        try {
            var thread = new Thread(() -> seen.set(org.slf4j.MDC.get("function_request_id")));
            thread.start();
            thread.join();
        } finally {
            org.slf4j.MDC.clear();
        }

        assertThat(seen.get()).isNull();
    }

    @Test
    void slf4jFindsKotaesBinding() {
        assertThat(LoggerFactory.getLogger("dev.kotae.any")).isInstanceOf(JsonLogger.class);
    }

    private static JsonNode line(Level level, String message, Throwable error, Map<String, String> context)
            throws IOException {
        var out = new ByteArrayOutputStream();
        JsonLines.write(new PrintStream(out, true, StandardCharsets.UTF_8), level, message, error, context);
        var text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n").hasLineCount(1);
        return JSON.readTree(text);
    }

    private static List<String> names(JsonNode line) {
        var names = new ArrayList<String>();
        line.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
