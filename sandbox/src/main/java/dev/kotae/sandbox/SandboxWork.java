package dev.kotae.sandbox;

import dev.kotae.standins.LocalQueue;
import dev.kotae.standins.SmsSimulator;
import dev.kotae.standins.StandIns;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What time brings in the sandbox (the EventBridge Scheduler stand-in's schedules and the Lambda invocations
 * they make) and what it sets going, followed to its end: messages on the sandbox's queues (waiting, being
 * handled, or hidden until a retry), the simulator's delivery events on their way to the status queue, and the
 * table's stream not yet handed to the event relay.
 */
final class SandboxWork implements TimePassage.Work {

    private static final long LOOK_AGAIN_MILLIS = 50;
    private static final List<QueueAttributeName> DEPTHS = List.of(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);

    private final StandIns standIns;
    private final SqsClient sqs;
    private final List<LocalQueue> queues;
    private final SmsSimulator sms;
    private final StreamPoller stream;

    SandboxWork(StandIns standIns, List<LocalQueue> queues, StreamPoller stream) {
        this.standIns = standIns;
        this.sqs = standIns.sqs();
        this.queues = List.copyOf(queues);
        this.sms = standIns.sms();
        this.stream = stream;
    }

    @Override
    public Optional<Instant> nextDueAt() {
        return standIns.nextDueAt();
    }

    @Override
    public List<String> runDue(Instant now) {
        return standIns.runDue(now);
    }

    @Override
    public Optional<String> settle(Duration limit) throws InterruptedException {
        var deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            var busy = busy();
            if (busy.isEmpty()) {
                // Read after the queues emptied: what the last handlers wrote reaches the event relay first.
                var caughtUp = stream.caughtUp(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                busy = caughtUp ? busy() : Optional.of("the table's stream is still being handed to the event relay");
                if (busy.isEmpty()) {
                    return busy;
                }
            }
            if (System.nanoTime() > deadline) {
                return busy;
            }
            Thread.sleep(LOOK_AGAIN_MILLIS);
        }
    }

    /**
     * What is under way now. The queues are read on both sides of the simulator: a delivery event handed to
     * the status queue between two looks is seen by the second.
     */
    private Optional<String> busy() {
        var waiting = queued();
        var deliveries = sms.deliveriesUnderWay();
        if (deliveries > 0) {
            waiting.add(deliveries + " message(s) with delivery events still to go out");
        }
        if (waiting.isEmpty()) {
            waiting = queued();
        }
        return waiting.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", waiting));
    }

    private List<String> queued() {
        var waiting = new ArrayList<String>();
        for (var queue : queues) {
            Map<QueueAttributeName, String> depths = sqs.getQueueAttributes(r -> r.queueUrl(queue.url())
                    .attributeNames(DEPTHS)).attributes();
            var depth = DEPTHS.stream().mapToInt(name -> Integer.parseInt(depths.getOrDefault(name, "0"))).sum();
            if (depth > 0) {
                waiting.add(depth + " message(s) on " + queue.name());
            }
        }
        return waiting;
    }
}
