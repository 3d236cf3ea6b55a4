package dev.kotae.benchmarks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.kotae.Wiring;
import dev.kotae.aws.AwsClients;
import dev.kotae.conversations.boundary.InboundMessageHandler;
import dev.kotae.messages.boundary.SendMessageHandler;
import dev.kotae.standins.LocalLambdaContext;
import dev.kotae.standins.StandIns;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Warm per-invocation overhead, network excluded: the send and inbound (HELP) handlers, wired as in
 * production, invoked with real event files. Their SDK clients first talk to the stand-ins in this
 * process (DynamoDB Local, the SMS simulator, the EventBridge recorder) through a
 * {@link ReplayingHttpClient}, which then answers every call from memory. Log lines are formatted
 * as in Lambda and written to /dev/null. Run with {@code bin/benchmark --warm}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xmx870m"})
public class WarmOverheadBenchmark {

    /** Set by {@link #main} together with the fork's {@code -XX:TieredStopAtLevel}, so results carry it. */
    @Param({"1"})
    public int tieredStopAtLevel;

    private SendMessageHandler send;
    private InboundMessageHandler inbound;
    private APIGatewayProxyRequestEvent sendEvent;
    private SQSEvent helpEvent;
    private final LocalLambdaContext context = LocalLambdaContext.invoking("benchmark");

    @Setup(Level.Trial)
    public void wire() throws Exception {
        var standIns = StandIns.start();
        standIns.pointSdkHere();
        var deployment = BenchmarkDeployment.on(standIns);
        var http = new ReplayingHttpClient(AwsClients.httpClient());

        var wiring = Wiring.from(deployment.anyFunction(), Clock.systemUTC(), http);
        send = new SendMessageHandler(wiring);
        inbound = new InboundMessageHandler(wiring);
        sendEvent = event("events/send-message.json", APIGatewayProxyRequestEvent.class);
        helpEvent = event("events/inbound-help.json", SQSEvent.class);
        check(send());
        check(inboundHelp());
        // Log lines are still formatted and written, as in Lambda, where nothing reads them: the terminal stays quiet.
        System.setOut(new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8));
        http.replay();
        check(send());
        check(inboundHelp());
    }

    /**
     * Both JIT set-ups: Lambda java21's default, C1 only (shipped), and the JVM's own, C1 then C2.
     * Prints JMH's report, then p50 and p99 per handler.
     */
    public static void main(String[] args) throws RunnerException {
        var rows = new ArrayList<String>();
        for (var level : List.of("1", "4")) {
            var options = new OptionsBuilder()
                    .include(WarmOverheadBenchmark.class.getName())
                    .param("tieredStopAtLevel", level)
                    .jvmArgsAppend("-XX:TieredStopAtLevel=" + level)
                    .build();
            for (var result : new Runner(options).run()) {
                var statistics = result.getPrimaryResult().getStatistics();
                rows.add(String.format("| %s | %s | %.0f µs | %.0f µs | %d |", result.getParams().getBenchmark()
                                .replace(WarmOverheadBenchmark.class.getName() + ".", ""),
                        level.equals("1") ? "C1 only (Lambda java21, shipped)" : "C1 and C2",
                        statistics.getPercentile(50), statistics.getPercentile(99), statistics.getN()));
            }
        }
        System.out.printf("%nWarm overhead per invocation, network excluded; %s %s%n%n", System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
        System.out.println("| handler | JIT | p50 | p99 | samples |");
        System.out.println("|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    @Benchmark
    public APIGatewayProxyResponseEvent send() {
        return send.handleRequest(sendEvent, context);
    }

    @Benchmark
    public SQSBatchResponse inboundHelp() {
        return inbound.handleRequest(helpEvent, context);
    }

    private static void check(APIGatewayProxyResponseEvent response) {
        if (response.getStatusCode() != 202) {
            throw new IllegalStateException("send answered " + response);
        }
    }

    private static void check(SQSBatchResponse response) {
        if (!response.getBatchItemFailures().isEmpty()) {
            throw new IllegalStateException("inbound failed " + response);
        }
    }

    private static <T> T event(String file, Class<T> type) throws IOException {
        try (var in = new FileInputStream(Path.of(file).toFile())) {
            return LambdaEventSerializers.serializerFor(type, WarmOverheadBenchmark.class.getClassLoader()).fromJson(in);
        }
    }
}
