package dev.kotae.platform.priming;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.kotae.platform.events.EventJson;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * SnapStart runtime hooks. Before Lambda snapshots an initialised execution environment, each
 * handler serves a representative first request, as the runtime would hand it over: the event parsed
 * from bytes as the first request's will be ({@link #event}), one pass through Powertools' logging, Kotae's code, and every AWS
 * call the request makes, marshalled and signed. Only calls that write nothing leave the process ({@link
 * #writesNothing}: reads, and DynamoDB transactions of condition checks alone); every other call (a send, a
 * write, a publish) is stopped before it is transmitted and answered from memory ({@link PrimingTransport}),
 * so priming never sends an SMS, writes an item or publishes an event, yet the restored environment starts
 * with the response's parsing loaded too. A function whose request only writes transmits one such call of
 * its own as well (a check that fails, a description), so that the connection's classes are loaded too.
 *
 * <p>What must differ between environments restored from one snapshot is made after the restore:
 * ids per request from {@code SecureRandom} (which Lambda's runtimes keep snap-resilient) and AWS
 * credentials by the runtime's provider. The one thing priming itself would leave behind is an
 * open HTTP connection, shared by every restored copy and dead in all of them; a dead connection
 * under SendTextMessage, which is never retried, would turn an unsent SMS into an unknown outcome.
 * So the calls priming transmits ask the server to close their connections ({@link #interceptor}), and
 * the restored environment opens its own. Log lines written while priming carry the request id
 * {@value #REQUEST_ID}; metrics are not written at all.
 */
public final class Priming implements Resource {

    /** What priming reads: ids no send ever gets, a number reserved for fiction. */
    public static final String MESSAGE_ID = "00000000-0000-0000-0000-000000000000";
    public static final String PHONE_NUMBER = "+12025550100";
    /** The request id of priming's first request, in every log line it writes. */
    public static final String REQUEST_ID = "kotae-snapstart-priming";
    /** The phone number the canonical events in {@code events/} use. */
    static final String EVENTS_PHONE_NUMBER = "+819012345678";
    /** The header a call carries from the interceptor to the transport when it must not leave the process. */
    static final String STOP_HEADER = "x-kotae-priming-stop";

    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);
    /** The CRaC context may hold resources weakly; these must live as long as the handler. */
    private static final List<Priming> REGISTERED = new CopyOnWriteArrayList<>();
    /** Operations that only read: while priming, these reach AWS. */
    private static final Pattern READS = Pattern.compile("(Get|Describe|List|BatchGet|Query|Scan).*");
    private static final List<String> CALLS = new CopyOnWriteArrayList<>();
    private static volatile boolean priming;

    private final String handler;
    private final Runnable prime;

    Priming(Class<?> handler, Runnable prime) {
        this.handler = handler.getSimpleName();
        this.prime = prime;
    }

    /** Called by a handler's production constructor: {@code prime} runs before the snapshot. */
    public static void register(Class<?> handler, Runnable prime) {
        var resource = new Priming(handler, prime);
        REGISTERED.add(resource);
        Core.getGlobalContext().register(resource);
    }

    /**
     * A failed priming never fails the deployment: the restored environment then loads what was
     * missed on its first request, as it would without SnapStart.
     */
    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        var started = System.nanoTime();
        try {
            var calls = run(prime);
            LOG.info("Primed {} in {} ms; AWS calls, only those that write nothing transmitted: {}", handler,
                    (System.nanoTime() - started) / 1_000_000, calls);
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: a runtime without the event serializer Kotae expects it to provide, say.
            LOG.warn("Priming {} failed; its first request after restore will load what was missed", handler, e);
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to re-create: see the class comment.
    }

    /**
     * Runs {@code work} as priming: its calls that write nothing close their connections, and every other
     * call is answered without leaving the process.
     *
     * @return the AWS calls {@code work} made, in order, as {@code Service.Operation}
     */
    public static List<String> run(Runnable work) {
        if (priming) {
            // Within priming already: the outer run keeps the calls, and priming ends with it, not here.
            work.run();
            return List.of();
        }
        CALLS.clear();
        priming = true;
        try {
            work.run();
        } finally {
            priming = false;
        }
        return List.copyOf(CALLS);
    }

    /**
     * A canonical event from {@code events/} (shipped in the jar under {@code priming/}), parsed as its first request
     * will be (by {@link EventJson} for the events Kotae reads itself, else by the Lambda runtime's own serializer),
     * with its phone number replaced by {@code phoneNumber}: one this deployment may send to, so that the sample takes
     * the path a real one takes.
     */
    public static <T> T event(Class<T> type, String file, String phoneNumber) {
        try (var in = Priming.class.getResourceAsStream("/priming/" + file)) {
            if (in == null) {
                throw new IllegalStateException("The jar lacks priming's sample event " + file);
            }
            var json = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(EVENTS_PHONE_NUMBER, phoneNumber);
            // From bytes, as Lambda hands every request: the parser the first request takes loads before the snapshot.
            var bytes = new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
            return EventJson.TYPES.contains(type.getName()) ? EventJson.read(bytes, type)
                    : LambdaEventSerializers.serializerFor(type, Priming.class.getClassLoader()).fromJson(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The context priming's first request runs in: its log lines carry {@value #REQUEST_ID}. */
    public static com.amazonaws.services.lambda.runtime.Context context() {
        return new PrimingContext();
    }

    /** Whether priming is under way: what must not happen for real then (a metric) asks. */
    public static boolean active() {
        return priming;
    }

    /**
     * Whether a call writes nothing, and so may reach AWS while priming: a read, or a DynamoDB transaction whose
     * every item is a condition check and nothing else (DynamoDB API Reference, TransactWriteItem: an item is a
     * ConditionCheck, Put, Update or Delete; a ConditionCheck applies a condition to an item the transaction does not
     * modify). Such a transaction is how a function that may not read reaches the table while priming; its role needs
     * {@code dynamodb:ConditionCheckItem} (DynamoDB Developer Guide, "Using IAM with DynamoDB transactions").
     */
    static boolean writesNothing(String operation, SdkRequest request) {
        return READS.matcher(operation).matches()
                || request instanceof TransactWriteItemsRequest transaction && transaction.hasTransactItems()
                && transaction.transactItems().stream().allMatch(item -> item.conditionCheck() != null
                && item.put() == null && item.update() == null && item.delete() == null);
    }

    /**
     * Every AWS client's transport: {@code network} itself, except while priming, when a call that may write is
     * answered in the process (a send, a write, a publish never leaves it).
     */
    public static SdkHttpClient transportOver(SdkHttpClient network) {
        return new PrimingTransport(network);
    }

    /**
     * Added to every SDK client Kotae builds ({@link AwsClients}), always with {@link PrimingTransport}: the
     * transport is what keeps a marked call in the process, so the two are handed out together only there.
     */
    public static ExecutionInterceptor interceptor() {
        return new Interceptor();
    }

    private static final class Interceptor implements ExecutionInterceptor {

        @Override
        public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                                    ExecutionAttributes attributes) {
            if (priming) {
                CALLS.add(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                        + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            }
        }

        @Override
        public SdkHttpRequest modifyHttpRequest(software.amazon.awssdk.core.interceptor.Context.ModifyHttpRequest request,
                                                ExecutionAttributes attributes) {
            if (!priming) {
                return request.httpRequest();
            }
            var operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            var modified = request.httpRequest().toBuilder().putHeader("Connection", "close");
            if (!writesNothing(operation, request.request())) {
                modified.putHeader(STOP_HEADER, attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "." + operation);
            }
            return modified.build();
        }
    }
}
