package dev.kotae.benchmarks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.kotae.Wiring;
import dev.kotae.batches.boundary.BatchSendHandler;
import dev.kotae.batches.boundary.CreateBatchHandler;
import dev.kotae.platform.encoding.Json;
import dev.kotae.settings.KotaeSettings;
import dev.kotae.standins.AcceptedMessage;
import dev.kotae.standins.LocalLambdaContext;
import dev.kotae.standins.QueueEventSource;
import dev.kotae.standins.StandIns;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How close a batch comes to the number's pace: 1,000 single-part entries through the batch API and
 * the batch senders (as many as the stack would run, reading the queue as Lambda's event source does),
 * against the SMS simulator throttling at the number's rate, which is also {@code kotae:messagesPerSecond}.
 * Prints, per rate, the time from the batch's acceptance to the last entry's hand-over against the
 * ideal (entries × parts ÷ rate), the throttles the simulator answered, and the entries sent twice
 * and never sent. Run with {@code bin/benchmark --batches}.
 */
public final class BatchPacingBenchmark {

    private static final int ENTRIES = 1000;
    private static final List<Integer> RATES = List.of(20, 100);

    private BatchPacingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (var standIns = StandIns.start()) {
            standIns.pointSdkHere();
            System.out.println("| parts/s | senders | entries | ideal | last entry sent after | over ideal | throttles"
                    + " | sent twice | never sent |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            for (var rate : RATES) {
                System.out.println(run(standIns, rate).row());
            }
        }
    }

    private static Result run(StandIns standIns, int rate) throws Exception {
        var settings = StandIns.settings(Map.of(KotaeSettings.DEFAULT_COUNTRY, "JP",
                KotaeSettings.MESSAGES_PER_SECOND, Integer.toString(rate)));
        var sms = standIns.sms();
        sms.reset();
        var deployment = BenchmarkDeployment.deploy(standIns, settings, "kotae-batches-" + UUID.randomUUID());
        sms.limitPartsPerSecond(rate);
        var wiring = Wiring.from(deployment.batches(), Clock.systemUTC());

        var accepted = Instant.now();
        var response = new CreateBatchHandler(wiring).handleRequest(request(), LocalLambdaContext.invoking("create-batch"));
        if (response.getStatusCode() != 202) {
            throw new IllegalStateException("the batch was refused: " + response.getBody());
        }
        var senders = settings.batchSenderConcurrency();
        var sender = new BatchSendHandler(Wiring.from(deployment.batches(), Clock.systemUTC()));
        try (var source = QueueEventSource.start(standIns.sqs(), deployment.batchQueue(), "batch-send",
                event -> sender.handleRequest(event, LocalLambdaContext.invoking("batch-send")), senders)) {
            var deadline = Instant.now().plus(Duration.ofSeconds(ENTRIES * 3L / rate + 60));
            while (distinct(sms.outbox()) < ENTRIES && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
        }
        var outbox = sms.outbox();
        var last = outbox.stream().map(AcceptedMessage::acceptedAt).max(Instant::compareTo).orElse(accepted);
        var distinct = distinct(outbox);
        return new Result(rate, senders, Duration.ofMillis(ENTRIES * 1000L / rate), Duration.between(accepted, last),
                sms.throttledSends(), outbox.size() - distinct, ENTRIES - distinct);
    }

    private static long distinct(List<AcceptedMessage> outbox) {
        return outbox.stream().map(AcceptedMessage::destinationPhoneNumber).distinct().count();
    }

    private static APIGatewayProxyRequestEvent request() {
        var messages = Json.MAPPER.createArrayNode();
        for (int i = 0; i < ENTRIES; i++) {
            messages.addObject().put("to", "+8190" + (12_000_000 + i))
                    .put("body", "Sakura Clinic: your appointment is tomorrow at 10:00. Reply CONFIRM.");
        }
        var body = Json.MAPPER.createObjectNode();
        body.set("messages", messages);
        var headers = new HashMap<String, String>();
        headers.put("Content-Type", "application/json");
        return new APIGatewayProxyRequestEvent().withHttpMethod("POST").withResource("/batches").withPath("/batches")
                .withHeaders(headers).withBody(body.toString()).withRequestContext(
                        new APIGatewayProxyRequestEvent.ProxyRequestContext().withIdentity(
                                new APIGatewayProxyRequestEvent.RequestIdentity().withUserArn(StandIns.LOCAL_DEVELOPER_ROLE)));
    }

    private record Result(int rate, int senders, Duration ideal, Duration lastSent, long throttles, long sentTwice,
                          long neverSent) {

        String row() {
            var over = 100.0 * (lastSent.toMillis() - ideal.toMillis()) / ideal.toMillis();
            return String.format("| %d | %d | %d | %.1f s | %.1f s | %+.1f %% | %d | %d | %d |", rate, senders, ENTRIES,
                    ideal.toMillis() / 1000.0, lastSent.toMillis() / 1000.0, over, throttles, sentTwice, neverSent);
        }
    }
}
