package dev.kotae.benchmarks;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Cold start of the deployed jar: for each handler and each set of JVM flags, a warm-up run and then
 * {@code --runs} fresh JVMs, each constructing the handler and serving one real event against
 * loopback stand-ins (DynamoDB Local, the SMS simulator, the EventBridge recorder). Prints medians of
 * time to first response, loaded classes and peak RSS, beside a do-nothing handler as the floor.
 *
 * <p>{@code bin/benchmark [--runs 5]}
 */
public final class ColdStartBenchmark {

    private static final List<Flags> FLAGS = List.of(
            new Flags("JVM defaults", List.of("-XX:+UseSerialGC", "-Xmx870m")),
            new Flags("C1 only (shipped)", List.of("-XX:+UseSerialGC", "-Xmx870m", "-XX:+TieredCompilation",
                    "-XX:TieredStopAtLevel=1")));
    private static final List<Case> CASES = List.of(
            new Case("hello-world floor", HelloHandler.class.getName(), Map.class.getName(), "send-message.json"),
            new Case("send (POST /messages)", "dev.kotae.messages.boundary.SendMessageHandler",
                    "com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent", "send-message.json"),
            new Case("inbound (HELP reply)", "dev.kotae.conversations.boundary.InboundMessageHandler",
                    "com.amazonaws.services.lambda.runtime.events.SQSEvent", "inbound-help.json"));

    private ColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        var runs = args.length >= 2 && args[0].equals("--runs") ? Integer.parseInt(args[1]) : 5;
        var functionsJar = Path.of("functions/target/kotae-functions.jar");
        var events = Path.of("events");
        var dynamoPort = freePort();
        var dynamo = ServerRunner.createServerFromCommandLineArgs(new String[] {
                "-inMemory", "-sharedDb", "-port", Integer.toString(dynamoPort), "-disableTelemetry"});
        dynamo.start();
        try (var sms = SmsSimulator.start(0); var bus = EventBusRecorder.start(0)) {
            var dynamoEndpoint = URI.create("http://127.0.0.1:" + dynamoPort);
            try (var client = DynamoDbClient.builder().endpointOverride(dynamoEndpoint).region(Region.AP_NORTHEAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .httpClient(UrlConnectionHttpClient.create()).build()) {
                KotaeTable.create(client, "kotae-benchmark");
            }
            sms.register(Origination.phoneNumber("phone-1", "+815012345678"));
            var environment = environment(dynamoEndpoint, sms.endpoint(), bus.endpoint());
            var classpath = String.join(":", functionsJar.toAbsolutePath().toString(),
                    codeSource(ColdStartProbe.class), codeSource(LambdaEventSerializers.class),
                    codeSource(LocalLambdaContext.class));

            System.out.printf("%nCold start, %d fresh JVMs per row after one warm-up; %s %s; jar %.1f MiB%n%n", runs,
                    System.getProperty("java.vm.name"), System.getProperty("java.version"),
                    Files.size(functionsJar) / 1024.0 / 1024.0);
            System.out.println("| handler | JVM flags | first response, median (min–max) | × floor | classes loaded | peak RSS |");
            System.out.println("|---|---|---|---|---|---|");
            for (var flags : FLAGS) {
                double floor = 0;
                for (var benchmarkCase : CASES) {
                    run(benchmarkCase, flags, classpath, environment, events);
                    var results = new ArrayList<Probe>();
                    for (int i = 0; i < runs; i++) {
                        results.add(run(benchmarkCase, flags, classpath, environment, events));
                    }
                    var millis = median(results.stream().mapToLong(Probe::firstResponseMillis).toArray());
                    if (benchmarkCase == CASES.get(0)) {
                        floor = millis;
                    }
                    System.out.printf("| %s | %s | %d ms (%d–%d) | %.1f | %d | %d MiB |%n", benchmarkCase.name(),
                            flags.name(), millis,
                            results.stream().mapToLong(Probe::firstResponseMillis).min().orElse(0),
                            results.stream().mapToLong(Probe::firstResponseMillis).max().orElse(0),
                            millis / floor, median(results.stream().mapToLong(Probe::classes).toArray()),
                            median(results.stream().mapToLong(Probe::peakRssKib).toArray()) / 1024);
                }
            }
        } finally {
            dynamo.stop();
        }
        // DynamoDB Local leaves a non-daemon thread behind for minutes; the measurement is complete.
        System.exit(0);
    }

    private static Probe run(Case benchmarkCase, Flags flags, String classpath, Map<String, String> environment,
                             Path events) throws IOException, InterruptedException {
        // A fresh inbound message id each time: a repeated one would be answered as a duplicate, doing less.
        var event = Files.createTempFile("kotae-event", ".json");
        Files.writeString(event, Files.readString(events.resolve(benchmarkCase.eventFile()))
                .replace("9c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f", UUID.randomUUID().toString()));
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags.flags());
        command.addAll(List.of("-cp", classpath, ColdStartProbe.class.getName(), benchmarkCase.handler(),
                benchmarkCase.eventType(), event.toString()));
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
        if (exit != 0 || probeLine == null) {
            throw new IllegalStateException(benchmarkCase.name() + " failed (exit " + exit + "):\n" + output);
        }
        return Probe.parse(probeLine);
    }

    /** What the functions read at init in Lambda, pointed at the stand-ins by the SDK's endpoint variables. */
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

    private static long median(long[] values) {
        var sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
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

    private record Case(String name, String handler, String eventType, String eventFile) {
    }

    private record Flags(String name, List<String> flags) {
    }

    private record Probe(long firstResponseMillis, long classes, long peakRssKib) {
        static Probe parse(String line) {
            var values = new HashMap<String, String>();
            for (var pair : line.substring("PROBE ".length()).split(" ")) {
                var parts = pair.split("=", 2);
                if (parts.length == 2) {
                    values.put(parts[0], parts[1]);
                }
            }
            return new Probe(Long.parseLong(values.get("first_response_ms")), Long.parseLong(values.get("classes")),
                    Long.parseLong(values.get("peak_rss_kib")));
        }
    }
}
