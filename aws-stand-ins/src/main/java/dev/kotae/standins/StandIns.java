package dev.kotae.standins;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import dev.kotae.settings.FunctionEnvironment;
import dev.kotae.settings.KotaeSettings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * What Kotae runs against off AWS, started together: DynamoDB Local, ElasticMQ (SQS), the SMS
 * simulator, the EventBridge recorder, and EventBridge Scheduler with the asynchronous Lambda
 * invocations it makes. The one jig of the functions' tests, the sandbox and the benchmarks. Code
 * reaches the stand-ins through the SDK's standard endpoint settings only: as system properties for
 * clients in this JVM ({@link #pointSdkHere()}), as environment variables for a function started in
 * another ({@link #sdkEnvironment()}).
 */
public final class StandIns implements AutoCloseable {

    public static final String REGION = "ap-northeast-1";
    /** The phone number the simulated End User Messaging account owns, and its id: what a deployment here sends from. */
    public static final String OUR_NUMBER = "+815012345678";
    public static final String PHONE_NUMBER_ID = "phone-0123456789abcdef0123456789abcdef";
    /** The role the sandbox's default caller is a session of, granted every method. */
    public static final String LOCAL_DEVELOPER_ROLE = "arn:aws:iam::000000000000:role/local-developer";
    /**
     * The batch queue's visibility timeout here: the local function context's 30 seconds (the stack
     * sets six times the sender's timeout, as AWS advises for SQS event sources).
     */
    public static final Duration BATCH_VISIBILITY_TIMEOUT = Duration.ofSeconds(30);
    private static final String ACCOUNT = "000000000000";

    private final DynamoDBProxyServer dynamoServer;
    private final URI dynamoEndpoint;
    private final SmsSimulator sms;
    private final EventBusRecorder eventBus;
    private final SchedulerStandIn scheduler;
    private final LambdaAsyncInvocations lambda;
    private final DynamoDbClient dynamo;
    private final SqsStandIn sqsServer;
    private final URI sqsEndpoint;
    private final SqsClient sqs;

    private StandIns(DynamoDBProxyServer dynamoServer, URI dynamoEndpoint, SmsSimulator sms, EventBusRecorder eventBus,
                     String host, Optional<Path> dataDirectory) {
        this.dynamoServer = dynamoServer;
        this.dynamoEndpoint = dynamoEndpoint;
        this.sms = sms;
        this.eventBus = eventBus;
        this.scheduler = SchedulerStandIn.start(0, REGION, dataDirectory);
        // The scheduled-send function's asynchronous invocation: the stack's EventInvokeConfig keeps events an hour.
        this.lambda = new LambdaAsyncInvocations(Duration.ofHours(1), dataDirectory);
        // EventBridge Scheduler's targets here: a function (the scheduled-send), or a queue (a batch's entries),
        // which gets the schedule's input as its message body.
        scheduler.invokeTargetsWith((target, input, at) -> {
            if (target.startsWith("arn:aws:sqs:")) {
                var queueName = target.substring(target.lastIndexOf(':') + 1);
                sqs().sendMessage(m -> m.queueUrl(sqs().getQueueUrl(q -> q.queueName(queueName)).queueUrl())
                        .messageBody(input));
            } else {
                lambda.invoke(target, input, at);
            }
        });
        this.dynamo = DynamoDbClient.builder()
                .endpointOverride(dynamoEndpoint)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        this.sqsServer = SqsStandIn.start(host, REGION, ACCOUNT, dataDirectory);
        this.sqsEndpoint = sqsServer.endpoint();
        this.sqs = SqsClient.builder()
                .endpointOverride(sqsEndpoint)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** On loopback, DynamoDB Local in memory. */
    public static StandIns start() {
        return start("127.0.0.1", Optional.empty(), Clock.systemUTC());
    }

    /**
     * @param dataDirectory where the stand-ins keep what they hold across restarts (DynamoDB Local's tables,
     *                      ElasticMQ's queues and the messages on them, the schedules and the invocations they
     *                      made still to run); in memory when empty
     * @param clock         the simulator's time (its opt-out windows, its delivery events)
     */
    public static StandIns start(String host, Optional<Path> dataDirectory, Clock clock) {
        var port = freePort();
        var arguments = new ArrayList<>(List.of("-port", Integer.toString(port), "-disableTelemetry", "-sharedDb"));
        dataDirectory.ifPresentOrElse(
                directory -> arguments.addAll(List.of("-dbPath", directory.toAbsolutePath().toString())),
                () -> arguments.add("-inMemory"));
        DynamoDBProxyServer server;
        try {
            server = ServerRunner.createServerFromCommandLineArgs(arguments.toArray(String[]::new));
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start: " + e.getMessage(), e);
        }
        return new StandIns(server, URI.create("http://" + host + ":" + port), SmsSimulator.start(0, clock),
                EventBusRecorder.start(0), host, dataDirectory);
    }

    public URI dynamoEndpoint() {
        return dynamoEndpoint;
    }

    public SmsSimulator sms() {
        return sms;
    }

    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    /** A client of the SQS stand-in, for what the stack's event sources and topics do with queues. */
    public SqsClient sqs() {
        return sqs;
    }

    public EventBusRecorder eventBus() {
        return eventBus;
    }

    public SchedulerStandIn scheduler() {
        return scheduler;
    }

    /** The functions EventBridge Scheduler invokes, invoked as Lambda invokes asynchronously. */
    public LambdaAsyncInvocations lambda() {
        return lambda;
    }

    /**
     * What time brings by {@code now}: due schedules fire, and the invocations they make (or retry) run.
     *
     * @return the names of the schedules that fired (Kotae names each by the message it holds)
     */
    public List<String> runDue(Instant now) {
        var fired = scheduler.fireDue(now).stream().map(SchedulerStandIn.Schedule::name).toList();
        lambda.runDue(now);
        return fired;
    }

    /** When time next brings something: a schedule's firing or retry, or an invocation's run or retry. */
    public Optional<Instant> nextDueAt() {
        return Stream.of(scheduler.nextDueAt(), lambda.nextDueAt()).flatMap(Optional::stream).min(Instant::compareTo);
    }

    /** Points this JVM's SDK clients at the stand-ins (the SDK's {@code aws.endpointUrl…} properties). */
    public void pointSdkHere() {
        System.setProperty("aws.region", REGION);
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        System.setProperty("aws.endpointUrlDynamoDb", dynamoEndpoint.toString());
        System.setProperty("aws.endpointUrlPinpointSmsVoiceV2", sms.endpoint().toString());
        System.setProperty("aws.endpointUrlEventBridge", eventBus.endpoint().toString());
        System.setProperty("aws.endpointUrlScheduler", scheduler.endpoint().toString());
        System.setProperty("aws.endpointUrlSqs", sqsEndpoint.toString());
    }

    /** The same, as the variables a function started in another JVM reads ({@code AWS_ENDPOINT_URL_…}). */
    public Map<String, String> sdkEnvironment() {
        return Map.of(
                "AWS_ENDPOINT_URL_SQS", sqsEndpoint.toString(),
                "AWS_REGION", REGION,
                "AWS_ACCESS_KEY_ID", "local",
                "AWS_SECRET_ACCESS_KEY", "local",
                "AWS_ENDPOINT_URL_DYNAMODB", dynamoEndpoint.toString(),
                "AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2", sms.endpoint().toString(),
                "AWS_ENDPOINT_URL_EVENTBRIDGE", eventBus.endpoint().toString(),
                "AWS_ENDPOINT_URL_SCHEDULER", scheduler.endpoint().toString());
    }

    /**
     * Creates what {@code cdk deploy} creates with these settings that the functions use: the table
     * (as the stack shapes it), the event bus and, on the simulator, the origination identity owning {@code ourNumber},
     * the opt-out list the settings name, the protect configuration as CloudFormation creates it (every
     * country ALLOW) and the configuration set, the stack's own with the protect configuration associated,
     * or the one the settings name without. The stack's custom resource ({@code Custom::KotaeDestinations})
     * then restricts the protect configuration to the allowed countries: the functions' own code does
     * that here too, run by whoever deploys (the functions' tests, the sandbox). The functions' environment
     * comes from the same code the stack's does ({@link FunctionEnvironment}).
     */
    public LocalDeployment deploy(KotaeSettings settings, String tableName, String eventBusName, String ourNumber) {
        return deploy(settings, tableName, eventBusName, ourNumber, BATCH_VISIBILITY_TIMEOUT);
    }

    /** As {@link #deploy(KotaeSettings, String, String, String)}, with the batch queue's visibility timeout. */
    public LocalDeployment deploy(KotaeSettings settings, String tableName, String eventBusName, String ourNumber,
                                  Duration batchVisibility) {
        var identity = settings.originationIdentity();
        if (!identity.resourceType().equals("phone-number")) {
            throw new IllegalArgumentException("The simulator stands in for one phone number: give "
                    + KotaeSettings.ORIGINATION_IDENTITY + " a phone number id (phone-…), not " + identity.value() + ".");
        }
        MessageTable.create(dynamo, tableName);
        eventBus.createEventBus(eventBusName);
        sms.register(Origination.phoneNumber(identity.resourceId(), ourNumber));
        settings.optOutList().ifPresent(sms::createOptOutList);
        var protectConfiguration = sms.createProtectConfiguration();
        sms.createConfigurationSet(settings.configurationSetName(),
                Optional.of(protectConfiguration).filter(id -> settings.tracksDeliveries()));
        var functions = new FunctionEnvironment(settings, tableName, settings.stackName(), settings.configurationSetName(),
                protectConfiguration);
        var group = tableName + "-schedules";
        scheduler.createScheduleGroup(group);
        var resource = ":" + SchedulerStandIn.ACCOUNT + ":" + tableName;
        // The stack's key for the schedules' inputs: the stand-in keeps it with each schedule, as the service does.
        var inputKey = "arn:aws:kms:" + REGION + ":" + SchedulerStandIn.ACCOUNT + ":key/"
                + UUID.nameUUIDFromBytes(tableName.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var scheduling = new FunctionEnvironment.Scheduling(group, "arn:aws:iam::" + SchedulerStandIn.ACCOUNT
                + ":role/" + tableName + "-scheduler", LocalLambdaContext.aliasArn(tableName + "-scheduled-send"),
                "arn:aws:sqs:" + REGION + resource + "-scheduled-send-failures", inputKey);
        var batchQueue = LocalQueue.create(sqs, tableName + "-batches", batchVisibility);
        var batchScheduling = new FunctionEnvironment.Scheduling(group, scheduling.schedulerRoleArn(), batchQueue.arn(),
                batchQueue.deadLetterArn(), inputKey);
        return new LocalDeployment(functions.everyFunction(), functions.scheduling(scheduling),
                functions.scheduledSend(group, scheduling.schedulerRoleArn(), scheduling.deadLetterQueueArn(), inputKey),
                functions.consent(),
                functions.inbound(), functions.eventRelay(eventBusName), functions.batchBooking(batchQueue.url(),
                batchScheduling), batchQueue, protectConfiguration);
    }

    /**
     * Settings as {@code cdk deploy -c …} reads them, for a deployment on the stand-ins: what a deploy
     * must be told is filled in for the simulator's number ({@link #PHONE_NUMBER_ID}) and its
     * country and the simulator's US test destinations ({@code JP,US}), and {@code context} adds to it
     * or replaces it.
     */
    public static KotaeSettings settings(Map<String, String> context) {
        var all = new HashMap<String, Object>(Map.of(
                KotaeSettings.ORIGINATION_IDENTITY, PHONE_NUMBER_ID,
                KotaeSettings.API_GATEWAY_CLOUDWATCH_ROLE, "existing",
                KotaeSettings.BRAND_NAME, "Kotae",
                KotaeSettings.HELP_CONTACT, "help@example.com",
                KotaeSettings.ALLOWED_COUNTRIES, "JP,US",
                KotaeSettings.CALLERS, "{\"" + LOCAL_DEVELOPER_ROLE + "\": [\"send\", \"conversations\", \"consent\"]}"));
        all.putAll(context);
        return KotaeSettings.from(all::get);
    }

    @Override
    public void close() {
        dynamo.close();
        sms.close();
        eventBus.close();
        scheduler.close();
        sqs.close();
        sqsServer.close();
        try {
            dynamoServer.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop", e);
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
