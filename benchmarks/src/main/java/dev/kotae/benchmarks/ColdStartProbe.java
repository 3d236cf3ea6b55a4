package dev.kotae.benchmarks;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.kotae.standins.LocalLambdaContext;

import java.io.FileInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One cold start, in its own JVM: constructs the handler with its no-argument constructor (the
 * production wiring, from environment variables), reads one event file as the Lambda runtime would,
 * invokes the handler once, and prints what it cost.
 *
 * <p>Arguments: handler class, event class, event file.
 */
public final class ColdStartProbe {

    private ColdStartProbe() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) throws Exception {
        var handler = (RequestHandler) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        var eventType = Class.forName(args[1]);
        Object event;
        try (var in = new FileInputStream(args[2])) {
            event = LambdaEventSerializers.serializerFor(eventType, ColdStartProbe.class.getClassLoader()).fromJson(in);
        }
        Context context = LocalLambdaContext.invoking("probe");
        var response = handler.handleRequest(event, context);
        // The JVM's own start time, so process launch and class loading are counted as Lambda counts them.
        var firstResponseMillis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println("PROBE first_response_ms=" + firstResponseMillis
                + " classes=" + ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount()
                + " peak_rss_kib=" + peakResidentKib()
                + " response=" + String.valueOf(response).replaceAll("\\s+", " ").substring(0, Math.min(300,
                String.valueOf(response).length())));
        // Measured. The SDK's executor threads would keep this JVM alive, as Lambda keeps its own.
        System.exit(0);
    }

    private static long peakResidentKib() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("VmHWM:"))
                .map(line -> Long.parseLong(line.replaceAll("\\D", "")))
                .findFirst().orElse(-1L);
    }
}
