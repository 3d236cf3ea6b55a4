package dev.kotae.benchmarks;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.kotae.standins.EventBusRecorder;
import dev.kotae.standins.KotaeTable;
import dev.kotae.standins.LocalLambdaContext;
import dev.kotae.standins.Origination;
import dev.kotae.standins.SmsSimulator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
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
    private final DynamoDBProxyServer dynamo;
    private final SmsSimulator sms;
    private final EventBusRecorder bus;
    private final Map<String, String> environment;
    private final String classpath;

    public ProbeRunner(Path functionsJar, Path events) throws Exception {
        this.functionsJar = functionsJar;
        this.events = events;
        var dynamoPort = freePort();
        dynamo = ServerRunner.createServerFromCommandLineArgs(new String[] {
                "-inMemory", "-sharedDb", "-port", Integer.toString(dynamoPort), "-disableTelemetry"});
        dynamo.start();
        sms = SmsSimulator.start(0);
        bus = EventBusRecorder.start(0);
        var dynamoEndpoint = URI.create("http://127.0.0.1:" + dynamoPort);
        try (var client = DynamoDbClient.builder().endpointOverride(dynamoEndpoint).region(Region.AP_NORTHEAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            KotaeTable.create(client, "kotae-benchmark");
        }
        sms.register(Origination.phoneNumber("phone-1", "+815012345678"));
        environment = environment(dynamoEndpoint, sms.endpoint(), bus.endpoint());
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
        return Probe.parse(probeLine);
    }

    @Override
    public void close() throws Exception {
        sms.close();
        bus.close();
        dynamo.stop();
    }

    /** What the functions read at init in Lambda. */
    private static Map<String, String> environment(URI dynamo, URI sms, URI eventBridge) {
        var environment = new HashMap<String, String>();
        environment.put("AWS_REGION", "ap-northeast-1");
        environment.put("AWS_ACCESS_KEY_ID", "local");
        environment.put("AWS_SECRET_ACCESS_KEY", "local");
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", dynamo.toString());
        environment.put("AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2", sms.toString());
        environment.put("AWS_ENDPOINT_URL_EVENTBRIDGE", eventBridge.toString());
        environment.put("TABLE_NAME", "kotae-benchmark");
        environment.put("ORIGINATION_IDENTITY", "phone-1");
        environment.put("DEFAULT_COUNTRY", "JP");
        environment.put("BRAND_NAME", "Kotae");
        environment.put("HELP_CONTACT", "help@example.com");
        environment.put("EVENT_BUS_NAME", "kotae-benchmark");
        environment.put("SELF_MANAGED_OPT_OUTS", "true");
        environment.put("POWERTOOLS_SERVICE_NAME", "kotae");
        environment.remove("JAVA_TOOL_OPTIONS");
        return environment;
    }

    private static String codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot locate " + type, e);
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
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
     */
    public record Probe(long firstResponseMillis, long initMillis, long firstRequestMillis, long classes,
                        long loggedClasses, long loggedJarClasses, long peakRssKib, String response) {
        static Probe parse(String line) {
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
                    Long.parseLong(values.get("peak_rss_kib")), body.substring(responseAt + " response=".length()));
        }
    }
}
