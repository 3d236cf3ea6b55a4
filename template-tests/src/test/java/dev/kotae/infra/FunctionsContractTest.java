package dev.kotae.infra;

import dev.kotae.settings.FunctionEnvironment;
import dev.kotae.settings.FunctionVariable;
import dev.kotae.settings.KotaeSettings;
import dev.kotae.settings.MessageTableKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.kotae.infra.Synthesized.properties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The seam between the stack and the functions it deploys, checked against the deployed jar itself
 * (loaded apart, as Lambda loads it): every handler the template names exists there, every function's
 * environment satisfies the functions' own settings readers and names nothing they do not read, and
 * the names both sides use (TTL attribute, stream filter key, metrics) are the functions' constants.
 * A rename on either side fails here, not in AWS.
 */
class FunctionsContractTest {

    /** The custom resources' handlers: they read End User Messaging's answers, not the functions' settings. */
    private static final Set<String> DEPLOY_TIME_HANDLERS = Set.of("dev.kotae.twoway.boundary.TwoWayChannelHandler",
            "dev.kotae.destinations.boundary.DestinationsHandler");
    /** What only the Lambda runtime and Powertools read. */
    private static final Set<String> RUNTIME_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", FunctionEnvironment.SERVICE_NAME_VARIABLE);
    /** Every setting that puts an optional variable in a function's environment, so every variable is there. */
    private static final Map<String, Object> EVERY_FUNCTION_SETTING = Map.ofEntries(
            Map.entry(KotaeSettings.WEB, "true"),
            Map.entry(KotaeSettings.WEB_DOMAIN_PREFIX, "acme-kotae"),
            Map.entry(KotaeSettings.OPT_OUT_LIST, "kotae-opt-outs"),
            Map.entry(KotaeSettings.SELF_MANAGED_OPT_OUTS, "false"),
            Map.entry(KotaeSettings.KEYWORDS, "{\"keywords\": {\"HELP\": [\"SUPPORT\"]}}"),
            Map.entry(KotaeSettings.DEFAULT_COUNTRY, "JP"),
            Map.entry(KotaeSettings.MESSAGE_RETENTION_DAYS, "30"),
            Map.entry(KotaeSettings.MAX_PRICE_PER_PART, "0.05"),
            Map.entry(KotaeSettings.CALLER_DAILY_LIMIT_OVERRIDES, "{\"123456789012\": 5000}"),
            Map.entry(KotaeSettings.PROMOTIONAL_FOOTER, "Sakura Clinic: Reply STOP to stop"),
            Map.entry(KotaeSettings.CALLERS, "{\"arn:aws:iam::123456789012:role/app\": [\"send\"],"
                    + " \"arn:aws:iam::123456789012:role/ops\": [\"send\", \"cancelAny\"]}"));
    /**
     * The functions that book or cancel scheduled messages (or batches), and so read where schedules go: the batch
     * sender and the scheduled send too, which hold an entry whose turn comes, or a message that fires, in its
     * recipient's night.
     */
    private static final Set<String> SCHEDULING_HANDLERS = Set.of("SendMessageHandler", "CancelMessageHandler",
            "CreateBatchHandler", "CancelBatchHandler", "BatchSendHandler", "ScheduledSendHandler");
    /** The batch API's functions and the batch sender, which read the batch queue and the pace. */
    private static final Set<String> BATCH_HANDLERS = Set.of("CreateBatchHandler", "GetBatchHandler",
            "CancelBatchHandler", "BatchSendHandler");
    private static final String READER_PACKAGE = "dev.kotae.platform.environment.";

    private static URLClassLoader jar;
    private static Synthesized synthesized;

    @BeforeAll
    static void loadTheJarApart() throws IOException {
        jar = new URLClassLoader(new java.net.URL[] {Path.of(Synthesized.FUNCTIONS_JAR).toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        synthesized = Synthesized.inRegion(Synthesized.REGION, EVERY_FUNCTION_SETTING);
    }

    @AfterAll
    static void close() throws IOException {
        jar.close();
    }

    @Test
    void everyHandlerTheStackNamesLoadsFromTheJar() throws Exception {
        var handlers = functions().keySet();

        assertThat(handlers).hasSize(21);
        for (var handler : handlers) {
            var className = handler.substring(0, handler.indexOf("::"));
            var method = handler.substring(handler.indexOf("::") + 2);
            assertThatCode(() -> Class.forName(className, false, jar)).as(className + " in the jar").doesNotThrowAnyException();
            var type = Class.forName(className, false, jar);
            assertThat(type.getConstructors()).as(className + "'s public no-argument constructor, which Lambda calls")
                    .anyMatch(constructor -> constructor.getParameterCount() == 0);
            assertThat(type.getMethods()).as(handler).anyMatch(m -> m.getName().equals(method) && m.getParameterCount() >= 2);
        }
    }

    /**
     * A function whose event Kotae reads itself ({@code EventJson.TYPES}) is a stream handler, so Lambda hands it
     * bytes and the runtime's serializer never loads (its first parse was a cold start's largest part). Typed handlers
     * left: the relay, whose stream events the runtime reads with its own mixins, and the two custom resources, which
     * run only during deploys.
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyFunctionWhoseEventKotaeReadsItselfIsHandedBytes() throws Exception {
        var readItself = (java.util.Set<String>) Class.forName("dev.kotae.platform.events.EventJson", true, jar)
                .getField("TYPES").get(null);
        var streamHandler = Class.forName("com.amazonaws.services.lambda.runtime.RequestStreamHandler", false, jar);
        var typed = new java.util.TreeSet<String>();
        for (var handler : functions().keySet()) {
            var type = Class.forName(handler.substring(0, handler.indexOf("::")), false, jar);
            var event = java.util.Arrays.stream(type.getMethods())
                    .filter(m -> m.getName().equals("handleRequest") && m.getParameterCount() == 2 && !m.isBridge())
                    .map(m -> m.getParameterTypes()[0].getName()).findFirst();
            if (event.isPresent() && readItself.contains(event.get())) {
                assertThat(streamHandler.isAssignableFrom(type)).as(handler + " is handed bytes").isTrue();
            } else if (!streamHandler.isAssignableFrom(type)) {
                typed.add(type.getSimpleName());
            }
        }

        assertThat(typed).as("typed handlers, their events read by the runtime's serializer")
                .containsExactly("DestinationsHandler", "EventRelayHandler", "TwoWayChannelHandler");
    }

    /**
     * Each function is given only what its readers ask for (each reader run over its environment, the
     * names it asks for recorded) and what the runtime reads; the custom resources' handlers, which read
     * no settings, only the latter.
     */
    @Test
    void everyEnvironmentSatisfiesTheFunctionsSettingsAndNamesOnlyWhatTheyRead() {
        functions().forEach((handler, environment) -> {
            var read = new HashSet<>(RUNTIME_VARIABLES);
            readersOf(handler).forEach(reader -> read.addAll(readSettings(reader, environment, handler)));

            assertThat(read).as(handler + " is given only what it reads").containsAll(environment.keySet());
        });
    }

    /**
     * The names both sides use are one enum's: every one of them is given to some function and read
     * there, so a name written and never read (or read and never written) fails here.
     */
    @Test
    void everyFunctionVariableIsGivenToSomeFunctionThatReadsIt() {
        var read = new HashSet<String>();
        functions().forEach((handler, environment) -> readersOf(handler).forEach(reader -> {
            var asked = readSettings(reader, environment, handler);
            asked.retainAll(environment.keySet());
            read.addAll(asked);
        }));

        assertThat(read).containsExactlyInAnyOrderElementsOf(
                java.util.Arrays.stream(FunctionVariable.values()).map(Enum::name).toList());
    }

    /** The settings readers a handler's function runs at init. */
    private static List<String> readersOf(String handler) {
        if (DEPLOY_TIME_HANDLERS.stream().anyMatch(handler::startsWith)) {
            return List.of();
        }
        if (handler.contains("PageHandler")) {
            return List.of(READER_PACKAGE + "PageSettings"); // the page reads no table and sends nothing
        }
        var readers = new java.util.ArrayList<>(List.of(READER_PACKAGE + "Settings"));
        if (handler.contains("InboundMessageHandler")) {
            readers.add(READER_PACKAGE + "InboundSettings");
        }
        // JOIN's answer and a caller's double opt-in: the same confirmation request, the same window.
        if (handler.contains("InboundMessageHandler") || handler.contains("RecipientConsentHandler")) {
            readers.add(READER_PACKAGE + "ConsentSettings");
        }
        if (handler.contains("EventRelayHandler")) {
            readers.add(READER_PACKAGE + "EventRelaySettings");
        }
        if (SCHEDULING_HANDLERS.stream().anyMatch(handler::contains)) {
            readers.add(READER_PACKAGE + "SchedulingSettings");
        }
        if (BATCH_HANDLERS.stream().anyMatch(handler::contains)) {
            readers.add(READER_PACKAGE + "BatchSettings");
        }
        return readers;
    }

    @Test
    void theTableAndTheStreamFilterUseTheFunctionsAttributeNames() throws Exception {
        var layout = "dev.kotae.store.TableLayout";
        assertThat(MessageTableKeys.PARTITION_KEY).isEqualTo(constant(layout, "PARTITION_KEY"));
        assertThat(MessageTableKeys.SORT_KEY).isEqualTo(constant(layout, "SORT_KEY"));
        assertThat(MessageTableKeys.TIME_TO_LIVE).isEqualTo(constant(layout, "DELETE_AFTER"));
        var filter = String.valueOf(synthesized.resources("AWS::Lambda::EventSourceMapping").values().stream()
                .map(mapping -> properties(mapping).get("FilterCriteria"))
                .filter(java.util.Objects::nonNull).findFirst().orElseThrow());
        assertThat(filter).contains("\"" + constant("dev.kotae.store.PublishedEvents", "PUBLISH")
                + "\"");
    }

    @Test
    void theCustomResourcesAreGivenWhatTheirHandlersReadAndAnswerWhatTheStackReads() throws Exception {
        var handler = "dev.kotae.destinations.boundary.DestinationsHandler";
        assertThat(Destinations.PROTECT_CONFIGURATION_ID).isEqualTo(constant(handler, "PROTECT_CONFIGURATION_ID"));
        assertThat(Destinations.ALLOWED_COUNTRIES).isEqualTo(constant(handler, "ALLOWED_COUNTRIES"));
        assertThat(Destinations.ACCOUNT_DEFAULT).isEqualTo(constant(handler, "ACCOUNT_DEFAULT"));
        assertThat(InboundPipeline.TAKE_OVER_TWO_WAY_CHANNEL)
                .isEqualTo(constant("dev.kotae.twoway.boundary.TwoWayChannelHandler", "TAKE_OVER"));
    }

    @Test
    void theBusPolicyGuardsTheSourceTheFunctionsPublishUnder() throws Exception {
        assertThat(EventRelay.SOURCE)
                .isEqualTo(constant("dev.kotae.aws.EventBridgeConversationEvents", "SOURCE"));
    }

    @Test
    void theAlarmsReadTheMetricsTheStatusFunctionWrites() throws Exception {
        var metrics = "dev.kotae.messages.control.DeliveryMetrics";
        assertThat(Monitoring.NAMESPACE).isEqualTo(constant(metrics, "NAMESPACE"));
        assertThat(Monitoring.STACK_DIMENSION).isEqualTo(constant(metrics, "STACK_DIMENSION"));
        assertThat(Monitoring.DELIVERED_MESSAGES).isEqualTo(constant(metrics, "DELIVERED_MESSAGES"));
        assertThat(Monitoring.FAILED_DELIVERIES).isEqualTo(constant(metrics, "FAILED_DELIVERIES"));
    }

    /**
     * Every function whose role may send an SMS outlives its longest hand-over: it is never ended between End User
     * Messaging taking the message and the record saying so.
     */
    @Test
    void everyFunctionThatSendsOutlivesItsLongestCallToEndUserMessaging() throws Exception {
        var longestCall = (Duration) Class.forName("dev.kotae.messages.control.SmsGateway", true, jar)
                .getField("LONGEST_CALL").get(null);
        var sendingRoles = synthesized.resources("AWS::IAM::Policy").values().stream()
                .filter(policy -> String.valueOf(properties(policy).get("PolicyDocument")).contains("sms-voice:SendTextMessage"))
                .map(policy -> String.valueOf(properties(policy).get("Roles")))
                .toList();
        var sending = synthesized.resources("AWS::Lambda::Function").values().stream()
                .filter(function -> sendingRoles.stream().anyMatch(roles -> roles.contains(
                        String.valueOf(properties(function).get("Role")).replaceAll(".*Fn::GetAtt=\\[([^,]+),.*", "$1"))))
                .toList();

        // The API's send, the scheduled send, the inbound answers, the batch sender, the consent function's double
        // opt-in and the send page's.
        assertThat(sending).hasSize(6).allSatisfy(function -> assertThat(((Number) properties(function).get("Timeout"))
                .longValue()).as(String.valueOf(properties(function).get("Handler"))).isGreaterThan(longestCall.toSeconds()));
    }

    /** A send attempt still in progress after this is taken for dead: it must be past the function's timeout. */
    @ParameterizedTest
    @ValueSource(strings = {"SendMessageHandler", "ScheduledSendHandler", "RecipientConsentHandler"})
    void anAttemptIsTakenForDeadOnlyAfterTheSendingFunctionCannotStillBeRunning(String handler) throws Exception {
        var abandonedAfter = (Duration) Class.forName("dev.kotae.messages.entity.MessageRecord", true, jar)
                .getField("ABANDONED_AFTER").get(null);
        var send = synthesized.resources("AWS::Lambda::Function").values().stream()
                .filter(function -> String.valueOf(properties(function).get("Handler")).contains(handler))
                .findFirst().orElseThrow();

        assertThat(((Number) properties(send).get("Timeout")).longValue()).isLessThan(abandonedAfter.toSeconds());
    }

    /**
     * A scheduled message not sent by its deadline is never sent: the schedules' retry policy (set by the
     * functions) and the scheduled-send function's asynchronous retries (set by the stack) stop then too.
     */
    @Test
    void theScheduledSendsRetriesStopAtTheFunctionsDeadline() throws Exception {
        var deadline = (Duration) Class.forName("dev.kotae.messages.entity.MessageRecord", true, jar)
                .getField("SEND_DEADLINE").get(null);
        var invokeConfig = synthesized.resources("AWS::Lambda::EventInvokeConfig").values().stream()
                .findFirst().orElseThrow();

        assertThat(ScheduledSends.MAXIMUM_EVENT_AGE.toSeconds().longValue()).isEqualTo(deadline.toSeconds());
        assertThat(((Number) properties(invokeConfig).get("MaximumEventAgeInSeconds")).longValue())
                .isEqualTo(deadline.toSeconds());
    }

    /** Each function's handler and environment, tokens (resolved at deploy) as placeholder text. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, String>> functions() {
        var functions = new HashMap<String, Map<String, String>>();
        synthesized.resources("AWS::Lambda::Function").values().forEach(function -> {
            var properties = properties(function);
            var variables = (Map<String, Object>) ((Map<String, Object>) properties.getOrDefault("Environment",
                    Map.of("Variables", Map.of()))).get("Variables");
            var environment = new HashMap<String, String>();
            variables.forEach((name, value) -> environment.put(name, value instanceof String text ? text : "resolved-at-deploy"));
            functions.put((String) properties.get("Handler"), environment);
        });
        return functions;
    }

    /** Runs a settings reader over an environment, as the function does at init; the names it asked for. */
    private static Set<String> readSettings(String className, Map<String, String> environment, String handler) {
        var asked = new HashSet<String>();
        var recording = new HashMap<>(environment) {
            @Override
            public String get(Object name) {
                asked.add((String) name);
                return super.get(name);
            }
        };
        try {
            Class.forName(className, true, jar).getMethod("from", Map.class).invoke(null, recording);
            return asked;
        } catch (InvocationTargetException e) {
            throw new AssertionError(handler + "'s environment does not satisfy " + className + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(className + ".from(Map) is missing from the jar", e);
        }
    }

    private static String constant(String className, String field) throws ReflectiveOperationException {
        return (String) Class.forName(className, true, jar).getField(field).get(null);
    }
}
