package dev.kotae.sandbox;


import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.kotae.Wiring;
import dev.kotae.aws.AwsClients;
import dev.kotae.aws.ProtectConfigurations;
import dev.kotae.batches.boundary.BatchSendHandler;
import dev.kotae.platform.environment.PageSettings;
import dev.kotae.settings.FunctionEnvironment;
import dev.kotae.settings.KotaeSettings;
import dev.kotae.sms.SmsMetrics;
import dev.kotae.standins.AccountStandIn;
import dev.kotae.standins.HttpApiJwtAuthorizer;
import dev.kotae.standins.LocalDeployment;
import dev.kotae.standins.LocalLambdaContext;
import dev.kotae.standins.LocalQueue;
import dev.kotae.standins.QueueEventSource;
import dev.kotae.standins.SignInStandIn;
import dev.kotae.standins.SmsSimulator;
import dev.kotae.standins.StandIns;
import dev.kotae.standins.TableStream;
import dev.kotae.web.boundary.PageHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

    private final List<AutoCloseable> running = new ArrayList<>();
    private final Map<String, URI> endpoints = new LinkedHashMap<>();
    private LocalApi api;
    private AccountStandIn account;
    private BatchSender batchSender;
    private SmsSimulator sms;
    private SignInStandIn signIn;

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

        var clock = new SandboxClock(options.dataDirectory());
        var standIns = StandIns.start(options.host(), options.dataDirectory(), clock);
        running.add(standIns);
        sms = standIns.sms();
        var events = standIns.eventBus();

        endpoints.put("dynamodb", standIns.dynamoEndpoint());
        endpoints.put("sqs", standIns.sqsEndpoint());
        endpoints.put("sms", sms.endpoint());
        endpoints.put("eventbridge", events.endpoint());
        standIns.pointSdkHere();
        // The number's throughput, as End User Messaging enforces it: batches are paced below it.
        sms.limitPartsPerSecond(options.numberPartsPerSecond());

        var http = AwsClients.httpClient();
        var sqs = standIns.sqs();
        var inboundQueue = LocalQueue.create(sqs, QUEUE, options.visibilityTimeout());
        // As its other queues: a failed entry is back soon, where the stack waits six sender timeouts.
        var deployment = standIns.deploy(settings, TABLE, EVENT_BUS, options.ourNumber(), options.visibilityTimeout());
        // What the stack's custom resource does to the protect configuration, with the same code: the allowed
        // countries ALLOW, every other country the simulated service sends to BLOCK.
        new ProtectConfigurations(AwsClients.sms(http)).apply(deployment.protectConfigurationId(),
                Set.copyOf(settings.allowedCountries()), settings.protectConfigurationAccountDefault());
        var functions = new LocalFunctions(deployment, clock);
        var scheduledSend = deployment.scheduledSendTarget();
        standIns.lambda().register(scheduledSend, input -> functions.scheduledSend().fire(input, scheduledSend));

        running.add(eventSource(sqs, inboundQueue, functions.inbound(), 1));
        batchSender = new BatchSender(sqs, deployment, clock, settings.batchSenderConcurrency());
        running.add(batchSender);
        var queues = new ArrayList<>(List.of(inboundQueue, deployment.batchQueue()));
        // As the stack: delivery events are tracked only through its own configuration set.
        if (settings.tracksDeliveries()) {
            var statusQueue = LocalQueue.create(sqs, STATUS_QUEUE, options.visibilityTimeout());
            queues.add(statusQueue);
            running.add(eventSource(sqs, statusQueue, functions.deliveryStatus(), 1));
            var deliveryTopic = new LocalTopic(sqs, statusQueue, "kotae-delivery", clock);
            sms.onDeliveryEvent(deliveryTopic::publish);
        }
        var tableReader = Wiring.from(deployment.everyFunction(), clock);
        var publisher = new InboundPublisher(new LocalTopic(sqs, inboundQueue, "kotae-inbound", clock), options.ourNumber(),
                sms, tableReader.messageStore(), clock);
        var deadLetters = new DeadLetters(sqs, queues);
        var recipients = new RecipientCache(tableReader.conversationStore()::read);
        var console = new ConsoleView(sms, standIns.scheduler(), publisher, events, deadLetters, recipients,
                tableReader.messageStore(), clock, options.ourNumber());
        var stream = StreamPoller.start(TableStream.fromNow(endpoints.get("dynamodb"), AwsClients.dynamoDb(http), TABLE),
                functions.eventRelay(), console::tableChanged);
        running.add(stream);
        var time = new TimePassage(clock, new SandboxWork(standIns, queues, stream),
                new PassageOutcomes(sms, publisher, tableReader.messageStore(), recipients));
        running.add(ScheduleTicker.start(time::runDue));
        var sendPage = settings.sendPage().map(page -> sendPage(apiServer, functions, clock));
        api = new LocalApi(apiServer, options, functions, new Console(console),
                new ControlSurface(publisher, sms, events, deadLetters, clock, time), deadLetters, settings, endpoints,
                sendPage);
        running.add(api);
        api.start();
        endpoints.put("api", api.endpoint());
        account = deployedAccount(settings, api.endpoint(), deployment.protectConfigurationId());
        running.add(account);
        endpoints.put("account", account.endpoint());
    }

    /**
     * The send page's sign-in and API ({@code kotae:web}): the user pool's stand-in, whose app client calls back to
     * the page on the sandbox's own port, and the JWT check API Gateway makes, on the sandbox's clock.
     */
    private SendPageApi sendPage(Server apiServer, LocalFunctions functions, SandboxClock clock) {
        var page = "http://" + ((ServerConnector) apiServer.getConnectors()[0]).getHost() + ":"
                + ((ServerConnector) apiServer.getConnectors()[0]).getLocalPort() + "/send";
        signIn = SignInStandIn.start(0, clock, Set.of(page));
        running.add(signIn);
        endpoints.put("signin", signIn.endpoint());
        // The page's settings as the stack gives them, from the same writer and reader.
        var pageFunction = LocalFunction.of("send-page", new PageHandler(PageSettings.from(
                FunctionEnvironment.sendPage(signIn.endpoint().toString(), SignInStandIn.CLIENT_ID))), APIGatewayV2HTTPEvent.class);
        return new SendPageApi(functions.pageRoutes(), pageFunction, new HttpApiJwtAuthorizer(signIn.issuer(),
                Set.of(SignInStandIn.CLIENT_ID), signIn.publicKeys(), clock), signIn);
    }

    /** The send page's user pool, when {@code kotae:web} is on: a test invites its people here. */
    Optional<SignInStandIn> signIn() {
        return Optional.ofNullable(signIn);
    }

    /** Lambda's SQS event source for {@code function}, with at most {@code maxConcurrency} invocations at once. */
    private static QueueEventSource eventSource(SqsClient sqs, LocalQueue queue,
                                                LocalFunction<SQSEvent, SQSBatchResponse> function, int maxConcurrency) {
        return QueueEventSource.start(sqs, queue, function.name(), function::invoke, maxConcurrency);
    }

    /**
     * The account around the deployment, as `kotae preflight` and `kotae smoke` read it (CloudFormation, IAM,
     * SNS, API Gateway): the stack with its outputs, its alarm topic with a confirmed subscription, the
     * CDK bootstrap stack, End User Messaging's service-linked role and API Gateway's logging role.
     */
    private static AccountStandIn deployedAccount(KotaeSettings settings, URI api, String protectConfiguration) {
        var account = AccountStandIn.start(0);
        var alarms = "arn:aws:sns:" + StandIns.REGION + ":000000000000:" + settings.stackName() + "-alarms";
        var outputs = new LinkedHashMap<>(Map.of("ApiUrl", api + "/", "AlarmTopicArn", alarms, "TableName", TABLE,
                "ProtectConfigurationId", protectConfiguration,
                "AllowedCountries", String.join(",", settings.allowedCountries())));
        if (settings.sendPage().isPresent()) {
            outputs.put("UserPoolId", SignInStandIn.USER_POOL_ID);
        }
        account.stack(settings.stackName(), outputs);
        account.stack("CDKToolkit", Map.of());
        account.subscription(alarms, "on-call@example.com", true);
        account.role("AWSServiceRoleForSMSVoice", "/aws-service-role/sms-voice.amazonaws.com/");
        account.role("local-developer", "/");
        // As an account with End User Messaging's service-linked role that has sent SMS: the spend alarms' series exist.
        account.metrics(SmsMetrics.NAMESPACE, SmsMetrics.READ_BY_ALARMS);
        account.apiGatewayCloudWatchRole("arn:aws:iam::000000000000:role/api-gateway-logs");
        return account;
    }

    /** The account's stand-in, for a test that changes what it holds. */
    public AccountStandIn account() {
        return account;
    }

    /** The SMS simulator, whose outbox a test reads after the sandbox stopped. */
    SmsSimulator sms() {
        return sms;
    }

    /** The batch sender, whose execution environments a test may replace as Lambda does. */
    BatchSender batchSender() {
        return batchSender;
    }

    /**
     * The batch queue's consumer: up to {@code maxConcurrency} invocations of the batch-send function at
     * once. A restart stops it (invocations under way finish) and starts it again with a new handler,
     * as Lambda replaces execution environments: nothing a sender holds in memory may matter.
     */
    static final class BatchSender implements AutoCloseable {

        private final SqsClient sqs;
        private final LocalDeployment deployment;
        private final SandboxClock clock;
        private final int maxConcurrency;
        private QueueEventSource source;

        BatchSender(SqsClient sqs, LocalDeployment deployment, SandboxClock clock, int maxConcurrency) {
            this.sqs = sqs;
            this.deployment = deployment;
            this.clock = clock;
            this.maxConcurrency = maxConcurrency;
            start();
        }

        synchronized void stop() throws InterruptedException {
            source.close();
        }

        synchronized void start() {
            var handler = new BatchSendHandler(Wiring.from(deployment.batches(), clock));
            source = QueueEventSource.start(sqs, deployment.batchQueue(), "batch-send",
                    event -> handler.handleRequest(event, LocalLambdaContext.invoking("batch-send")), maxConcurrency);
        }

        LocalQueue queue() {
            return deployment.batchQueue();
        }

        @Override
        public synchronized void close() throws InterruptedException {
            source.close();
        }
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
