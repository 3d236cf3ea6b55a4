package dev.kotae;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import dev.kotae.platform.AwsClients;
import dev.kotae.platform.EventRelaySettings;
import dev.kotae.platform.InboundSettings;
import dev.kotae.platform.Settings;
import dev.kotae.standins.EventBusRecorder;
import dev.kotae.standins.KotaeTable;
import dev.kotae.standins.Origination;
import dev.kotae.standins.SmsSimulator;
import dev.kotae.standins.TableStream;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * DynamoDB Local, the SMS simulator and the EventBridge recorder on loopback, started once per test JVM. The functions'
 * own client factory reaches them through the SDK's standard endpoint settings, as in the sandbox.
 */
public final class LocalStandIns {

    private static LocalStandIns running;

    public final SmsSimulator simulator;
    public final EventBusRecorder eventBus;
    public final SdkHttpClient http;
    public final DynamoDbClient dynamo;
    public final PinpointSmsVoiceV2Client sms;
    public final URI dynamoEndpoint;

    private LocalStandIns() throws Exception {
        var dynamoPort = freePort();
        var dynamoServer = ServerRunner.createServerFromCommandLineArgs(
                new String[] {"-inMemory", "-port", Integer.toString(dynamoPort), "-disableTelemetry"});
        dynamoServer.start();
        simulator = SmsSimulator.start(0);
        eventBus = EventBusRecorder.start(0);

        System.setProperty("aws.region", "ap-northeast-1");
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        dynamoEndpoint = URI.create("http://127.0.0.1:" + dynamoPort);
        System.setProperty("aws.endpointUrlDynamoDb", dynamoEndpoint.toString());
        System.setProperty("aws.endpointUrlPinpointSmsVoiceV2", simulator.endpoint().toString());
        System.setProperty("aws.endpointUrlEventBridge", eventBus.endpoint().toString());

        http = AwsClients.httpClient();
        dynamo = AwsClients.dynamoDb(http);
        sms = AwsClients.sms(http);
    }

    public static synchronized LocalStandIns start() {
        if (running == null) {
            try {
                running = new LocalStandIns();
            } catch (Exception e) {
                throw new IllegalStateException("local stand-ins did not start", e);
            }
        }
        return running;
    }

    /** The number the stand-in End User Messaging account owns, as a test deployment uses it. */
    public static final String OUR_NUMBER = "+815012345678";
    public static final String PHONE_NUMBER_ID = "phone-0123456789abcdef0123456789abcdef";

    /**
     * A fresh test deployment: a new table, the simulator forgetting everything but our number, and
     * the environment variables the stack would give every function.
     */
    public Map<String, String> freshDeployment() {
        simulator.reset();
        eventBus.reset();
        simulator.register(Origination.phoneNumber(PHONE_NUMBER_ID, OUR_NUMBER));
        var environment = new HashMap<String, String>();
        environment.put(Settings.TABLE_NAME, newTable());
        environment.put(Settings.ORIGINATION_IDENTITY, PHONE_NUMBER_ID);
        environment.put(Settings.DEFAULT_COUNTRY, "JP");
        environment.put(InboundSettings.BRAND_NAME, "Sakura Clinic");
        environment.put(InboundSettings.HELP_CONTACT, "help@example.com");
        environment.put(EventRelaySettings.EVENT_BUS_NAME, "kotae-events");
        environment.put(InboundSettings.OPT_OUT_LIST_NAME, SmsSimulator.DEFAULT_OPT_OUT_LIST);
        environment.put(InboundSettings.SELF_MANAGED_OPT_OUTS, "true");
        return environment;
    }

    /** The stream of a deployment's table, from its start. */
    public TableStream stream(Map<String, String> deployment) {
        return TableStream.of(dynamoEndpoint, dynamo, deployment.get(Settings.TABLE_NAME));
    }

    /** A new empty table shaped as the stack's. */
    public String newTable() {
        var name = "kotae-" + UUID.randomUUID();
        KotaeTable.create(dynamo, name);
        return name;
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
