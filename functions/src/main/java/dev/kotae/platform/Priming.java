package dev.kotae.platform;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * SnapStart runtime hooks. Before Lambda snapshots an initialised execution environment, each
 * handler runs its first request's code paths with reads only (never a send, never a write), so an
 * environment restored from the snapshot starts with Jackson, libphonenumber, the keyword book and
 * the SDK's marshalling, signing and HTTP classes loaded.
 *
 * <p>What must differ between environments restored from one snapshot is made after the restore:
 * ids per request from {@code SecureRandom} (which Lambda's runtimes keep snap-resilient) and AWS
 * credentials by the runtime's provider. The one thing priming itself would leave behind is an
 * open HTTP connection, shared by every restored copy and dead in all of them; a dead connection
 * under SendTextMessage, which is never retried, would turn an unsent SMS into an unknown outcome.
 * So priming calls ask the server to close their connections ({@link #closeConnectionsWhilePriming}),
 * and the restored environment opens its own.
 */
public final class Priming implements Resource {

    /** What priming reads: ids no send ever gets, a number reserved for fiction. */
    public static final String MESSAGE_ID = "00000000-0000-0000-0000-000000000000";
    public static final String PHONE_NUMBER = "+12025550100";

    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);
    /** The CRaC context may hold resources weakly; these must live as long as the handler. */
    private static final List<Priming> REGISTERED = new CopyOnWriteArrayList<>();
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
            run(prime);
            LOG.info("Primed {} in {} ms", handler, (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warn("Priming {} failed; its first request after restore will load what was missed", handler, e);
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to re-create: see the class comment.
    }

    /** Runs {@code work} as priming: the SDK calls it makes close their connections. */
    public static void run(Runnable work) {
        priming = true;
        try {
            work.run();
        } finally {
            priming = false;
        }
    }

    /** Added to every SDK client Kotae builds ({@link AwsClients}). */
    public static ExecutionInterceptor closeConnectionsWhilePriming() {
        return new ExecutionInterceptor() {
            @Override
            public SdkHttpRequest modifyHttpRequest(software.amazon.awssdk.core.interceptor.Context.ModifyHttpRequest request,
                                                    ExecutionAttributes attributes) {
                return priming ? request.httpRequest().toBuilder().putHeader("Connection", "close").build()
                        : request.httpRequest();
            }
        };
    }
}
