package dev.kotae.benchmarks;

import dev.kotae.benchmarks.ProbeRunner.Launch;
import dev.kotae.benchmarks.ProbeRunner.Probe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Cold start of the deployed jar ({@link ProbeRunner}): for each handler, JVM flag set and CPU
 * count, a warm-up run and then {@code --runs} fresh JVMs, each constructing the handler and serving
 * one real event against loopback stand-ins. Prints three tables: time to first response beside a
 * do-nothing handler as the floor; the first request alone with and without SnapStart priming; and
 * the classes loaded by the first response, from the JVM's own class-load log.
 *
 * <p>{@code bin/benchmark [--runs 5] [--priming | --cold]}: {@code --priming} prints the priming table alone;
 * {@code --cold} the cold-start target's rows alone (floor, send, inbound, taken in turn; seven runs unless told).
 */
public final class ColdStartBenchmark {

    /** What Lambda's java21 runtime starts a 1024 MB function with: C1 only, serial GC, 85 % of memory as heap. */
    private static final List<String> LAMBDA_JAVA21 = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-Xmx870m");
    private static final List<Flags> FLAGS = List.of(
            new Flags("Lambda java21 (C1 only; shipped)", LAMBDA_JAVA21),
            new Flags("C1 and C2", List.of("-XX:+UseSerialGC", "-Xmx870m")));
    private static final Case FLOOR =
            new Case("hello-world floor", HelloHandler.class.getName(), Map.class.getName(), "send-message.json");
    private static final Case SEND = new Case("send (POST /messages)", "dev.kotae.messages.boundary.SendMessageHandler",
            "com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent", "send-message.json");
    private static final Case INBOUND = new Case("inbound (HELP reply)",
            "dev.kotae.conversations.boundary.InboundMessageHandler",
            "com.amazonaws.services.lambda.runtime.events.SQSEvent", "inbound-help.json");
    private static final Case DELIVERY_STATUS = new Case("delivery status (TEXT_DELIVERED)",
            "dev.kotae.messages.boundary.DeliveryStatusHandler",
            "com.amazonaws.services.lambda.runtime.events.SQSEvent", "delivery-delivered.json");
    private static final Case EVENT_RELAY = new Case("event relay (two decisions)",
            "dev.kotae.conversations.boundary.EventRelayHandler",
            "com.amazonaws.services.lambda.runtime.events.DynamodbEvent", "table-stream-decisions.json");
    /** The handlers whose first request after a SnapStart restore is measured. */
    private static final List<Case> PRIMED = List.of(SEND, INBOUND, DELIVERY_STATUS, EVENT_RELAY);
    /** The machine as it is, then the CPU share of three Lambda memory sizes. */
    private static final List<CpuBudget> BUDGETS = List.of(CpuBudget.WHOLE_MACHINE, new CpuBudget(1769),
            new CpuBudget(1024), new CpuBudget(512));

    private final ProbeRunner runner;
    private final int runs;

    private ColdStartBenchmark(ProbeRunner runner, int runs) {
        this.runner = runner;
        this.runs = runs;
    }

    public static void main(String[] args) throws Exception {
        var arguments = List.of(args);
        var runs = arguments.contains("--runs") ? Integer.parseInt(arguments.get(arguments.indexOf("--runs") + 1))
                : arguments.contains("--cold") ? 7 : 5;
        var primingOnly = arguments.contains("--priming");
        var coldOnly = arguments.contains("--cold");
        try (var runner = new ProbeRunner(Path.of("functions/target/kotae-functions.jar"), Path.of("events"))) {
            System.out.printf("%nCold start, %d fresh JVMs per row after one warm-up; %s %s; jar %.1f MiB%n", runs,
                    System.getProperty("java.vm.name"), System.getProperty("java.version"),
                    Files.size(runner.functionsJar()) / 1024.0 / 1024.0);
            if (!CpuBudget.available()) {
                System.out.println("No writable CPU cgroup here (it needs root): Lambda memory sizes are not emulated.");
            }
            var benchmark = new ColdStartBenchmark(runner, runs);
            if (coldOnly) {
                benchmark.coldStartInTurn();
                System.exit(0);
            }
            if (!primingOnly) {
                benchmark.firstResponse();
            }
            benchmark.priming();
            if (!primingOnly) {
                benchmark.classesLoaded();
            }
        }
        // DynamoDB Local leaves a non-daemon thread behind for minutes; the measurement is complete.
        System.exit(0);
    }

    /** Without SnapStart: JVM start to first response, against the floor measured alike. */
    private void firstResponse() throws Exception {
        System.out.printf("%n| handler | JVM flags | CPU | first response, median (min–max) | × floor | peak RSS |%n");
        System.out.println("|---|---|---|---|---|---|");
        for (var flags : FLAGS) {
            for (var budget : budgets()) {
                var launch = Launch.of(flags.flags()).within(budget);
                long floor = 0;
                for (var benchmarkCase : List.of(FLOOR, SEND, INBOUND)) {
                    var results = measure(benchmarkCase, launch);
                    var millis = median(results, Probe::firstResponseMillis);
                    if (benchmarkCase == FLOOR) {
                        floor = millis;
                    }
                    System.out.printf("| %s | %s | %s | %d ms (%d–%d) | %.1f | %d MiB |%n", benchmarkCase.name(),
                            flags.name(), budget.label(), millis, min(results), max(results), (double) millis / floor,
                            median(results, Probe::peakRssKib) / 1024);
                }
            }
        }
    }

    /**
     * The target's figure alone ({@code --cold}): the floor, send and inbound, shipped flags, taken in turn in each
     * round (so a slower minute of the machine weighs on all three alike), on the whole machine and at the 1,769 MB
     * share where a CPU cgroup can be made; each row's median and range, and its median over the floor's.
     */
    private void coldStartInTurn() throws Exception {
        var cases = List.of(FLOOR, SEND, INBOUND);
        System.out.printf("%n| handler | CPU | first response, median (min–max) | × floor |%n");
        System.out.println("|---|---|---|---|");
        for (var budget : CpuBudget.available() ? List.of(CpuBudget.WHOLE_MACHINE, new CpuBudget(CpuBudget.MB_PER_VCPU))
                : List.of(CpuBudget.WHOLE_MACHINE)) {
            var launch = Launch.of(LAMBDA_JAVA21).within(budget);
            var results = new java.util.LinkedHashMap<Case, List<Probe>>();
            for (var benchmarkCase : cases) {
                run(benchmarkCase, launch); // warm-up: page cache, the stand-ins' JIT
                results.put(benchmarkCase, new ArrayList<>());
            }
            for (int round = 0; round < runs; round++) {
                for (var benchmarkCase : cases) {
                    results.get(benchmarkCase).add(run(benchmarkCase, launch));
                }
            }
            var floor = median(results.get(FLOOR), Probe::firstResponseMillis);
            results.forEach((benchmarkCase, probes) -> {
                var millis = median(probes, Probe::firstResponseMillis);
                System.out.printf("| %s | %s | %d ms (%d–%d) | %.1f |%n", benchmarkCase.name(), budget.label(), millis,
                        min(probes), max(probes), (double) millis / floor);
            });
        }
    }

    /**
     * With SnapStart the init, priming included, happens before the snapshot; a restored environment
     * pays (besides the restore) its first request alone. Measured here as the request after
     * construction, without and with priming; beside it, the classes that request still loads, counted
     * from the JVM's class-load log (the same in every run, so one run each): the noise-free figure.
     */
    private void priming() throws Exception {
        System.out.printf("%n| handler | CPU | init (JVM start to constructed) | first request, unprimed | first request, primed"
                + " | classes loaded by the first request, unprimed → primed |%n");
        System.out.println("|---|---|---|---|---|---|");
        for (var benchmarkCase : PRIMED) {
            var classLog = Launch.of(LAMBDA_JAVA21).withClassLog();
            var classesUnprimed = run(benchmarkCase, classLog).classesAfterCheckpoint();
            var classesPrimed = run(benchmarkCase, classLog.withPriming()).classesAfterCheckpoint();
            for (var budget : budgets()) {
                var launch = Launch.of(LAMBDA_JAVA21).within(budget);
                var unprimed = measure(benchmarkCase, launch);
                var primed = measure(benchmarkCase, launch.withPriming());
                System.out.printf("| %s | %s | %d ms | %d ms | %d ms | %,d → %,d |%n", benchmarkCase.name(), budget.label(),
                        median(unprimed, Probe::initMillis), median(unprimed, Probe::firstRequestMillis),
                        median(primed, Probe::firstRequestMillis), classesUnprimed, classesPrimed);
            }
        }
    }

    private Probe run(Case benchmarkCase, Launch launch) throws Exception {
        return runner.run(benchmarkCase.handler(), benchmarkCase.eventType(), benchmarkCase.eventFile(), launch);
    }

    /** Counted from {@code -Xlog:class+load}: the same in every run, so one run each. */
    private void classesLoaded() throws Exception {
        System.out.printf("%n| handler | classes loaded by the first response | from the functions jar |%n");
        System.out.println("|---|---|---|");
        for (var benchmarkCase : List.of(FLOOR, SEND, INBOUND)) {
            var probe = runner.run(benchmarkCase.handler(), benchmarkCase.eventType(), benchmarkCase.eventFile(),
                    Launch.of(LAMBDA_JAVA21).withClassLog());
            System.out.printf("| %s | %d | %d |%n", benchmarkCase.name(), probe.loggedClasses(), probe.loggedJarClasses());
        }
    }

    /** Lambda-like CPU shares where CPU cgroups can be made (as root), else the machine alone. */
    private static List<CpuBudget> budgets() {
        return CpuBudget.available() ? BUDGETS : List.of(CpuBudget.WHOLE_MACHINE);
    }

    /** One warm-up (page cache, stand-ins' JIT), then {@code runs} measured JVMs. */
    private List<Probe> measure(Case benchmarkCase, Launch launch) throws Exception {
        runner.run(benchmarkCase.handler(), benchmarkCase.eventType(), benchmarkCase.eventFile(), launch);
        var results = new ArrayList<Probe>();
        for (int i = 0; i < runs; i++) {
            results.add(runner.run(benchmarkCase.handler(), benchmarkCase.eventType(), benchmarkCase.eventFile(), launch));
        }
        return results;
    }

    private static long median(List<Probe> results, ToLongFunction<Probe> figure) {
        var sorted = results.stream().mapToLong(figure).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long min(List<Probe> results) {
        return results.stream().mapToLong(Probe::firstResponseMillis).min().orElseThrow();
    }

    private static long max(List<Probe> results) {
        return results.stream().mapToLong(Probe::firstResponseMillis).max().orElseThrow();
    }

    private record Case(String name, String handler, String eventType, String eventFile) {
    }

    private record Flags(String name, List<String> flags) {
    }
}
