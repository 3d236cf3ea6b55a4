package dev.kotae.benchmarks;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.kotae.platform.priming.Priming;
import dev.kotae.standins.LocalLambdaContext;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One cold start, in its own JVM: constructs the handler with its no-argument constructor (the
 * production wiring, from environment variables), optionally runs its SnapStart priming as Lambda
 * would before the snapshot, reads one event file as the Lambda runtime would (a stream handler is handed its bytes
 * and writes its answer; any other gets the event from the runtime's serializer), invokes the handler once, and
 * prints what it cost.
 *
 * <p>Arguments: handler class, event class, event file, {@code primed} or {@code unprimed}. With
 * {@code -Dkotae.classLog=FILE} (and {@code -Xlog:class+load:file=FILE}) it also counts, from the
 * JVM's own log, the classes loaded by the first response, how many came from the functions jar, and
 * how many loaded after the checkpoint (after priming, or construction when unprimed): what a
 * restored environment still loads during its first request.
 */
public final class ColdStartProbe {

    private ColdStartProbe() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) throws Exception {
        var handler = Class.forName(args[0]).getDeclaredConstructor().newInstance();
        var initMillis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        var classLog = Optional.ofNullable(System.getProperty("kotae.classLog")).map(Path::of);
        if (args[3].equals("primed")) {
            var prime = handler.getClass().getMethod("prime");
            Priming.run(() -> {
                try {
                    prime.invoke(handler);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        // Asked before the snapshot's point: the probe's own question is not the first request's loading.
        var streamHandler = handler instanceof RequestStreamHandler;
        // Where SnapStart would take its snapshot: what loads from here on, a restored environment loads on its first request.
        var classesAtCheckpoint = classLog.isPresent() ? loggedClasses(classLog.get(), null) : -1;
        var eventType = Class.forName(args[1]);
        var requestStarted = System.nanoTime();
        Context context = LocalLambdaContext.invoking("probe");
        Object response;
        if (streamHandler) {
            var streamed = (RequestStreamHandler) handler;
            // As Lambda's runtime hands a stream handler its request: the bytes, and the answer written back.
            var answer = new ByteArrayOutputStream();
            try (var in = new FileInputStream(args[2])) {
                streamed.handleRequest(in, answer, context);
            }
            response = answer.toString(StandardCharsets.UTF_8);
        } else {
            Object event;
            try (var in = new FileInputStream(args[2])) {
                event = LambdaEventSerializers.serializerFor(eventType, ColdStartProbe.class.getClassLoader()).fromJson(in);
            }
            response = ((RequestHandler) handler).handleRequest(event, context);
        }
        var firstRequestMillis = (System.nanoTime() - requestStarted) / 1_000_000;
        // The JVM's own start time, so process launch and class loading are counted as Lambda counts them.
        var firstResponseMillis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        var loggedClasses = classLog.isPresent() ? loggedClasses(classLog.get(), null) : -1;
        System.out.println("PROBE first_response_ms=" + firstResponseMillis
                + " init_ms=" + initMillis
                + " first_request_ms=" + firstRequestMillis
                + " classes=" + ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount()
                + " logged_classes=" + loggedClasses
                + " classes_after_checkpoint=" + (classLog.isPresent() ? loggedClasses - classesAtCheckpoint : -1)
                + " logged_jar_classes=" + (classLog.isPresent() ? loggedClasses(classLog.get(), "kotae-functions.jar") : -1)
                + " peak_rss_kib=" + peakResidentKib()
                + " response=" + String.valueOf(response).replaceAll("\\s+", " ").substring(0, Math.min(300,
                String.valueOf(response).length())));
        // Measured. The SDK's executor threads would keep this JVM alive, as Lambda keeps its own.
        System.exit(0);
    }

    /** Lines of {@code -Xlog:class+load} so far (written synchronously), optionally only those from {@code source}. */
    private static long loggedClasses(Path log, String source) throws IOException {
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(" source: "))
                    .filter(line -> source == null || line.contains(source))
                    .count();
        }
    }

    private static long peakResidentKib() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("VmHWM:"))
                .map(line -> Long.parseLong(line.replaceAll("\\D", "")))
                .findFirst().orElse(-1L);
    }
}
