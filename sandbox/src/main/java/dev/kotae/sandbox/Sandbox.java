package dev.kotae.sandbox;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import dev.kotae.Wiring;
import dev.kotae.conversations.boundary.EventRelayHandler;
import dev.kotae.conversations.boundary.GetConversationsHandler;
import dev.kotae.conversations.boundary.InboundMessageHandler;
import dev.kotae.messages.boundary.DeliveryStatusHandler;
import dev.kotae.messages.boundary.GetMessageHandler;
import dev.kotae.messages.boundary.SendMessageHandler;
import dev.kotae.platform.AwsClients;
import dev.kotae.platform.EventRelaySettings;
import dev.kotae.platform.InboundSettings;
import dev.kotae.platform.Settings;
import dev.kotae.standins.EventBusRecorder;
import dev.kotae.standins.KotaeTable;
import dev.kotae.standins.Origination;
import dev.kotae.standins.SmsSimulator;
import dev.kotae.standins.TableStream;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
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
    static final String PHONE_NUMBER_ID = "phone-0000000000000000000000000000local";
    private static final String REGION = "ap-northeast-1";
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
        // The API port is the one people choose, so it is claimed first: a clash fails before anything starts.
        var apiServer = LocalApi.bind(options.host(), options.apiPort());

        var dynamoPort = freePort();
        var dynamo = startDynamoDb(dynamoPort, options);
        running.add(() -> dynamo.stop());
        var sqsServer = SQSRestServerBuilder.withInterface(options.host()).withDynamicPort()
                .withAWSRegion(REGION).withAWSAccountId(ACCOUNT).start();
        running.add(sqsServer::stopAndWait);
        var sqsPort = sqsServer.waitUntilStarted().localAddress().getPort();
        var sms = SmsSimulator.start(0);
        running.add(sms);
        var events = EventBusRecorder.start(0);
        running.add(events);

        endpoints.put("dynamodb", URI.create("http://" + options.host() + ":" + dynamoPort));
        endpoints.put("sqs", URI.create("http://" + options.host() + ":" + sqsPort));
        endpoints.put("sms", sms.endpoint());
        endpoints.put("eventbridge", events.endpoint());
        pointSdkAtStandIns();

        var http = AwsClients.httpClient();
        KotaeTable.create(AwsClients.dynamoDb(http), TABLE);
        var sqs = SqsClient.builder().httpClient(http).build();
        running.add(sqs);
        var inboundQueue = LocalQueue.create(sqs, QUEUE, options.visibilityTimeout());
        var statusQueue = LocalQueue.create(sqs, STATUS_QUEUE, options.visibilityTimeout());

        sms.register(Origination.phoneNumber(PHONE_NUMBER_ID, options.ourNumber()));
        var environment = Map.of(
                Settings.TABLE_NAME, TABLE,
                Settings.ORIGINATION_IDENTITY, PHONE_NUMBER_ID,
                Settings.DEFAULT_COUNTRY, "JP",
                InboundSettings.BRAND_NAME, options.brandName(),
                InboundSettings.HELP_CONTACT, options.helpContact(),
                InboundSettings.OPT_OUT_LIST_NAME, SmsSimulator.DEFAULT_OPT_OUT_LIST,
                InboundSettings.SELF_MANAGED_OPT_OUTS, "true",
                EventRelaySettings.EVENT_BUS_NAME, EVENT_BUS);
        var wiring = Wiring.from(environment, Clock.systemUTC());
        var functions = new LocalFunctions(
                new SendMessageHandler(wiring),
                new GetMessageHandler(wiring),
                new GetConversationsHandler(wiring),
                new InboundMessageHandler(wiring),
                new DeliveryStatusHandler(wiring),
                new EventRelayHandler(wiring));

        running.add(QueuePoller.start(sqs, inboundQueue, functions.inbound(), "inbound"));
        running.add(QueuePoller.start(sqs, statusQueue, functions.deliveryStatus(), "delivery-status"));
        running.add(StreamPoller.start(TableStream.fromNow(endpoints.get("dynamodb"), AwsClients.dynamoDb(http), TABLE),
                functions.eventRelay(), "event-relay"));
        var deliveryTopic = new LocalTopic(sqs, statusQueue, "kotae-delivery");
        sms.onDeliveryEvent(deliveryTopic::publish);
        var publisher = new InboundPublisher(new LocalTopic(sqs, inboundQueue, "kotae-inbound"), options.ourNumber(), sms,
                wiring.messageStore());
        api = new LocalApi(apiServer, options, functions, publisher, sms, events, sqs,
                List.of(inboundQueue, statusQueue), endpoints);
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

    private static DynamoDBProxyServer startDynamoDb(int port, SandboxOptions options) {
        var arguments = new ArrayList<>(List.of("-port", Integer.toString(port), "-disableTelemetry", "-sharedDb"));
        options.dataDirectory().ifPresentOrElse(
                directory -> arguments.addAll(List.of("-dbPath", directory.toAbsolutePath().toString())),
                () -> arguments.add("-inMemory"));
        try {
            var server = ServerRunner.createServerFromCommandLineArgs(arguments.toArray(String[]::new));
            server.start();
            return server;
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start: " + e.getMessage(), e);
        }
    }

    private void pointSdkAtStandIns() {
        System.setProperty("aws.region", REGION);
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        System.setProperty("aws.endpointUrlDynamoDb", endpoints.get("dynamodb").toString());
        System.setProperty("aws.endpointUrlSqs", endpoints.get("sqs").toString());
        System.setProperty("aws.endpointUrlPinpointSmsVoiceV2", endpoints.get("sms").toString());
        System.setProperty("aws.endpointUrlEventBridge", endpoints.get("eventbridge").toString());
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
