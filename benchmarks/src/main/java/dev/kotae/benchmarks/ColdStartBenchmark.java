package dev.kotae.benchmarks;


import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Cold start of the deployed jar: for each handler and each set of JVM flags, a warm-up run and then
 * {@code --runs} fresh JVMs ({@link ProbeRunner}), each constructing the handler and serving one real
 * event against loopback stand-ins. Prints medians of time to first response, loaded classes and
 * peak RSS, beside a do-nothing handler as the floor.
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
        try (var runner = new ProbeRunner(Path.of("functions/target/kotae-functions.jar"), Path.of("events"))) {
            System.out.printf("%nCold start, %d fresh JVMs per row after one warm-up; %s %s; jar %.1f MiB%n%n", runs,
                    System.getProperty("java.vm.name"), System.getProperty("java.version"),
                    Files.size(runner.functionsJar()) / 1024.0 / 1024.0);
            System.out.println("| handler | JVM flags | first response, median (min–max) | × floor | classes loaded | peak RSS |");
            System.out.println("|---|---|---|---|---|---|");
            for (var flags : FLAGS) {
                double floor = 0;
                for (var benchmarkCase : CASES) {
                    runner.run(benchmarkCase.handler(), benchmarkCase.eventType(), benchmarkCase.eventFile(), flags.flags());
                    var results = new ArrayList<ProbeRunner.Probe>();
                    for (int i = 0; i < runs; i++) {
                        results.add(runner.run(benchmarkCase.handler(), benchmarkCase.eventType(),
                                benchmarkCase.eventFile(), flags.flags()));
                    }
                    var millis = median(results.stream().mapToLong(ProbeRunner.Probe::firstResponseMillis).toArray());
                    if (benchmarkCase == CASES.get(0)) {
                        floor = millis;
                    }
                    System.out.printf("| %s | %s | %d ms (%d–%d) | %.1f | %d | %d MiB |%n", benchmarkCase.name(),
                            flags.name(), millis,
                            results.stream().mapToLong(ProbeRunner.Probe::firstResponseMillis).min().orElse(0),
                            results.stream().mapToLong(ProbeRunner.Probe::firstResponseMillis).max().orElse(0),
                            millis / floor, median(results.stream().mapToLong(ProbeRunner.Probe::classes).toArray()),
                            median(results.stream().mapToLong(ProbeRunner.Probe::peakRssKib).toArray()) / 1024);
                }
            }
        }
        // DynamoDB Local leaves a non-daemon thread behind for minutes; the measurement is complete.
        System.exit(0);
    }

    private static long median(long[] values) {
        var sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private record Case(String name, String handler, String eventType, String eventFile) {
    }

    private record Flags(String name, List<String> flags) {
    }
}
