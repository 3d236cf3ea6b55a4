package dev.kotae.sandbox;

import dev.kotae.Wiring;
import dev.kotae.platform.AwsClients;
import dev.kotae.standins.StandIns;
import dev.kotae.standins.TableStream;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kotae on one machine, no AWS account: DynamoDB Local, ElasticMQ (SQS), the SMS simulator and an
 * EventBridge recorder on loopback; the functions' own handler classes behind a local API; and
 * pollers that feed the inbound and delivery-status queues to their handlers as Lambda's SQS event
 * source would. The simulator's delivery events reach the status queue as a configuration set's
 * SNS destination would send them.
 * The handlers reach every stand-in through their normal SDK clients, switched by the SDK's
 * standard endpoint settings only.
 */
public final class Sandbox implements AutoCloseable {

    static final String TABLE = "kotae-local";
    static final String QUEUE = "kotae-inbound";
    static final String STATUS_QUEUE = "kotae-delivery-status";
    static final String EVENT_BUS = "kotae-local-events";
    private static final String ACCOUNT = "000000000000";

    private final List<AutoCloseable> running = new ArrayList<>();
    private final Map<String, URI> endpoints = new LinkedHashMap<>();
    private LocalApi api;

    private Sandbox() {
    }

    /** Starts everything, or stops what it started and throws: a taken API port names the port. */
    public static Sandbox start(SandboxOptions options) {
        var sandbox = new Sandbox();
        try {
            sandbox.startAll(options);
            return sandbox;
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    private void startAll(SandboxOptions options) {
        // Read first, as cdk synth reads them: settings a deploy would refuse stop the sandbox before anything starts.
        var settings = StandIns.settings(options.context());
        // The API port is the one people choose, so it is claimed next: a clash fails before anything starts.
        var apiServer = LocalApi.bind(options.host(), options.apiPort());

        var clock = new SandboxClock();
        var standIns = StandIns.start(options.host(), options.dataDirectory(), clock);
        running.add(standIns);
        var sqsServer = SQSRestServerBuilder.withInterface(options.host()).withDynamicPort()
                .withAWSRegion(StandIns.REGION).withAWSAccountId(ACCOUNT).start();
        running.add(sqsServer::stopAndWait);
        var sqsPort = sqsServer.waitUntilStarted().localAddress().getPort();
        var sms = standIns.sms();
        var events = standIns.eventBus();

        endpoints.put("dynamodb", standIns.dynamoEndpoint());
        endpoints.put("sqs", URI.create("http://" + options.host() + ":" + sqsPort));
        endpoints.put("sms", sms.endpoint());
        endpoints.put("eventbridge", events.endpoint());
        standIns.pointSdkHere();
        System.setProperty("aws.endpointUrlSqs", endpoints.get("sqs").toString());

        var http = AwsClients.httpClient();
        var sqs = SqsClient.builder().httpClient(http).build();
        running.add(sqs);
        var inboundQueue = LocalQueue.create(sqs, QUEUE, options.visibilityTimeout());
        var deployment = standIns.deploy(settings, TABLE, EVENT_BUS, options.ourNumber());
        var functions = new LocalFunctions(deployment, clock);
        standIns.lambda().register(deployment.scheduledSendTarget(), functions.scheduledSend()::fire);
        running.add(ScheduleTicker.start(() -> standIns.runDue(clock.instant())));

        running.add(QueuePoller.start(sqs, inboundQueue, functions.inbound()));
        var queues = new ArrayList<>(List.of(inboundQueue));
        // As the stack: delivery events are tracked only through its own configuration set.
        if (settings.tracksDeliveries()) {
            var statusQueue = LocalQueue.create(sqs, STATUS_QUEUE, options.visibilityTimeout());
            queues.add(statusQueue);
            running.add(QueuePoller.start(sqs, statusQueue, functions.deliveryStatus()));
            var deliveryTopic = new LocalTopic(sqs, statusQueue, "kotae-delivery", clock);
            sms.onDeliveryEvent(deliveryTopic::publish);
        }
        running.add(StreamPoller.start(TableStream.fromNow(endpoints.get("dynamodb"), AwsClients.dynamoDb(http), TABLE),
                functions.eventRelay()));
        var publisher = new InboundPublisher(new LocalTopic(sqs, inboundQueue, "kotae-inbound", clock), options.ourNumber(),
                sms, Wiring.from(deployment.everyFunction(), clock).messageStore());
        api = new LocalApi(apiServer, options, functions, new ControlSurface(publisher, sms, events, sqs, queues, clock),
                settings.callers(), endpoints);
        running.add(api);
        api.start();
        endpoints.put("api", api.endpoint());
    }

    /** Where each part listens: api, dynamodb, sqs, sms, eventbridge. */
    public Map<String, URI> endpoints() {
        return Map.copyOf(endpoints);
    }

    public URI apiEndpoint() {
        return api.endpoint();
    }

    /** Stops everything, newest first; safe to call twice. */
    @Override
    public synchronized void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                System.err.println("Stopping " + running.get(i).getClass().getSimpleName() + " failed: " + e.getMessage());
            }
        }
        running.clear();
    }
}
