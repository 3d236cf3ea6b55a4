package dev.kotae;

import dev.kotae.aws.AwsClients;
import dev.kotae.aws.ProtectConfigurations;
import dev.kotae.settings.FunctionVariable;
import dev.kotae.settings.KotaeSettings;
import dev.kotae.standins.EventBusRecorder;
import dev.kotae.standins.MessageTable;
import dev.kotae.standins.LambdaAsyncInvocations;
import dev.kotae.standins.LocalDeployment;
import dev.kotae.standins.SchedulerStandIn;
import dev.kotae.standins.SmsSimulator;
import dev.kotae.standins.StandIns;
import dev.kotae.standins.TableStream;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The functions' tests' view of the stand-in jig ({@link StandIns}), started once per test JVM, with
 * the functions' own SDK clients pointed at it by the SDK's standard endpoint settings, as in the sandbox.
 */
public final class LocalStandIns {

    /** The number the stand-in End User Messaging account owns, as a test deployment uses it. */
    public static final String OUR_NUMBER = StandIns.OUR_NUMBER;
    public static final String PHONE_NUMBER_ID = StandIns.PHONE_NUMBER_ID;
    /**
     * What a test deployment is deployed with, as {@code cdk deploy -c …}: national numbers read as
     * Japanese, and opt-outs kept in step with the simulator's {@code Default} list.
     */
    private static final Map<String, String> TEST_CONTEXT = Map.of(
            KotaeSettings.DEFAULT_COUNTRY, "JP",
            KotaeSettings.BRAND_NAME, "Sakura Clinic",
            KotaeSettings.OPT_OUT_LIST, SmsSimulator.DEFAULT_OPT_OUT_LIST);

    private static LocalStandIns running;

    private final StandIns standIns;
    public final SmsSimulator simulator;
    public final EventBusRecorder eventBus;
    public final SchedulerStandIn scheduler;
    public final LambdaAsyncInvocations lambda;
    public final SdkHttpClient http;
    public final DynamoDbClient dynamo;
    public final PinpointSmsVoiceV2Client sms;
    public final SqsClient sqs;

    private LocalStandIns() {
        standIns = StandIns.start();
        standIns.pointSdkHere();
        simulator = standIns.sms();
        eventBus = standIns.eventBus();
        scheduler = standIns.scheduler();
        lambda = standIns.lambda();
        http = AwsClients.httpClient();
        dynamo = AwsClients.dynamoDb(http);
        sms = AwsClients.sms(http);
        sqs = standIns.sqs();
    }

    public static synchronized LocalStandIns start() {
        if (running == null) {
            running = new LocalStandIns();
        }
        return running;
    }

    /**
     * A fresh test deployment: a new table, the simulator forgetting everything but our number, and
     * the environment the stack would give its functions.
     */
    public Map<String, String> freshDeployment() {
        simulator.reset();
        eventBus.reset();
        scheduler.reset();
        lambda.reset();
        return deployment(TEST_CONTEXT);
    }

    /**
     * A deployment with these settings (as {@code cdk deploy -c} takes them) on a new table, the
     * simulator keeping what it holds: the environment its functions get, as a copy the test may change.
     */
    public Map<String, String> deployment(Map<String, String> context) {
        return new HashMap<>(deploy(context).anyFunction());
    }

    /**
     * As {@link #deployment(Map)}, each function's environment apart; the protect configuration restricted
     * to the allowed countries by the stack's custom resource's own code, as a deploy restricts it.
     */
    public LocalDeployment deploy(Map<String, String> context) {
        var settings = StandIns.settings(context);
        var deployment = standIns.deploy(settings, "kotae-" + UUID.randomUUID(), "kotae-events", OUR_NUMBER);
        new ProtectConfigurations(sms).apply(deployment.protectConfigurationId(), Set.copyOf(settings.allowedCountries()),
                settings.protectConfigurationAccountDefault());
        return deployment;
    }

    /** What time brings by {@code now}: due schedules fire, and the function invocations they make run. */
    public void runDue(java.time.Instant now) {
        standIns.runDue(now);
    }

    /** The stream of a deployment's table, from its start. */
    public TableStream stream(Map<String, String> deployment) {
        return TableStream.of(standIns.dynamoEndpoint(), dynamo, deployment.get(FunctionVariable.TABLE_NAME.name()));
    }

    /** A new empty table shaped as the stack's. */
    public String newTable() {
        var name = "kotae-" + UUID.randomUUID();
        MessageTable.create(dynamo, name);
        return name;
    }
}
