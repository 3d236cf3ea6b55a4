package dev.kotae.benchmarks;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.kotae.standins.LocalLambdaContext;
import dev.kotae.settings.FunctionEnvironment;
import dev.kotae.standins.StandIns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs handlers from the deployed jar in fresh JVMs ({@link ColdStartProbe}) against loopback
 * stand-ins started once: DynamoDB Local, the SMS simulator and the EventBridge recorder. Each JVM
 * gets the environment the stack gives a function, pointed at the stand-ins by the SDK's endpoint
 * variables.
 */
public final class ProbeRunner implements AutoCloseable {

    /** The inbound event files' message id, replaced per run: a repeated id would be a duplicate. */
    private static final String INBOUND_ID = "9c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f";

    private final Path functionsJar;
    private final Path events;
    private final StandIns standIns;
    private final Map<String, String> environment;
    private final String classpath;

    public ProbeRunner(Path functionsJar, Path events) throws Exception {
        this.functionsJar = functionsJar;
        this.events = events;
        standIns = StandIns.start();
        environment = new HashMap<>(standIns.sdkEnvironment());
        environment.putAll(BenchmarkDeployment.on(standIns).anyFunction());
        // As every function's (KotaeFunction): the service name the logs carry.
        environment.put(FunctionEnvironment.SERVICE_NAME_VARIABLE, FunctionEnvironment.SERVICE_NAME);
        classpath = String.join(":", functionsJar.toAbsolutePath().toString(), codeSource(ColdStartProbe.class),
                codeSource(LambdaEventSerializers.class), codeSource(LocalLambdaContext.class));
    }

    public Path functionsJar() {
        return functionsJar;
    }

    /** One handler, one event, one fresh JVM launched as {@code launch} says. */
    public Probe run(String handler, String eventType, String eventFile, Launch launch)
            throws IOException, InterruptedException {
        var event = Files.createTempFile("kotae-event", ".json");
        var classLog = Files.createTempFile("kotae-classes", ".log");
        Files.writeString(event, Files.readString(events.resolve(eventFile)).replace(INBOUND_ID, UUID.randomUUID().toString()));
        var command = new ArrayList<String>();
        command.addAll(launch.cpu().launcher());
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(launch.jvmFlags());
        if (launch.logClasses()) {
            command.addAll(List.of("-Xlog:class+load=info:file=" + classLog, "-Dkotae.classLog=" + classLog));
        }
        command.addAll(List.of("-cp", classpath, ColdStartProbe.class.getName(), handler, eventType, event.toString(),
                launch.primed() ? "primed" : "unprimed"));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        var process = builder.start();
        String probeLine = null;
        var output = new StringBuilder();
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                output.append(line).append('\n');
                if (line.startsWith("PROBE ")) {
                    probeLine = line;
                }
            }
        }
        var exit = process.waitFor();
        Files.delete(event);
        Files.delete(classLog);
        if (exit != 0 || probeLine == null) {
            throw new IllegalStateException(handler + " failed (exit " + exit + "):\n" + output);
        }
        return Probe.parse(probeLine, output.toString());
    }

    @Override
    public void close() throws Exception {
        standIns.close();
    }

    private static String codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot locate " + type, e);
        }
    }

    /**
     * How a probe's JVM starts.
     *
     * @param cpu        the CPU share, as Lambda gives a memory size
     * @param primed     run the handler's SnapStart priming after construction, as Lambda does before the snapshot
     * @param logClasses count loaded classes from the JVM's {@code -Xlog:class+load} (slower; not for timing)
     */
    public record Launch(CpuBudget cpu, List<String> jvmFlags, boolean primed, boolean logClasses) {
        public static Launch of(List<String> jvmFlags) {
            return new Launch(CpuBudget.WHOLE_MACHINE, jvmFlags, false, false);
        }

        public Launch within(CpuBudget budget) {
            return new Launch(budget, jvmFlags, primed, logClasses);
        }

        public Launch withPriming() {
            return new Launch(cpu, jvmFlags, true, logClasses);
        }

        public Launch withClassLog() {
            return new Launch(cpu, jvmFlags, primed, true);
        }
    }

    /**
     * What one cold start reported.
     *
     * @param firstResponseMillis JVM start to the first response
     * @param initMillis          JVM start to the handler constructed
     * @param firstRequestMillis  the first request alone: reading the event and handling it
     * @param loggedClasses       classes in {@code -Xlog:class+load} by the first response, or -1
     * @param loggedJarClasses    of those, the ones from the functions jar, or -1
     * @param classesAfterCheckpoint of those, the ones loaded after priming (or construction), or -1
     * @param output              everything the JVM printed: the handler's log lines among it
     */
    public record Probe(long firstResponseMillis, long initMillis, long firstRequestMillis, long classes,
                        long loggedClasses, long loggedJarClasses, long classesAfterCheckpoint, long peakRssKib,
                        String response, String output) {
        static Probe parse(String line, String output) {
            var body = line.substring("PROBE ".length());
            var responseAt = body.indexOf(" response=");
            var values = new HashMap<String, String>();
            for (var pair : body.substring(0, responseAt).split(" ")) {
                var parts = pair.split("=", 2);
                values.put(parts[0], parts[1]);
            }
            return new Probe(Long.parseLong(values.get("first_response_ms")), Long.parseLong(values.get("init_ms")),
                    Long.parseLong(values.get("first_request_ms")), Long.parseLong(values.get("classes")),
                    Long.parseLong(values.get("logged_classes")), Long.parseLong(values.get("logged_jar_classes")),
                    Long.parseLong(values.get("classes_after_checkpoint")), Long.parseLong(values.get("peak_rss_kib")),
                    body.substring(responseAt + " response=".length()), output);
        }
    }
}
