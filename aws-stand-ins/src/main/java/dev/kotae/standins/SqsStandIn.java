package dev.kotae.standins;

import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import scalikejdbc.ConnectionPool;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * ElasticMQ, the SQS stand-in: in memory, or keeping every queue and message (waiting, in flight with its
 * visibility deadline, its receive count) in an H2 database in a data directory, so that what waits on a
 * queue survives a restart as it survives anything on SQS. ElasticMQ's SQL persistence holds its database
 * connection in one pool for the whole JVM, so one persistent instance runs at a time.
 */
final class SqsStandIn implements AutoCloseable {

    private static final Duration RESTORE_LIMIT = Duration.ofSeconds(30);
    private static final AtomicBoolean PERSISTENT_RUNNING = new AtomicBoolean();

    private final SQSRestServer server;
    private final URI endpoint;
    private final Optional<ActorSystem> persistentSystem;

    private SqsStandIn(SQSRestServer server, URI endpoint, Optional<ActorSystem> persistentSystem) {
        this.server = server;
        this.endpoint = endpoint;
        this.persistentSystem = persistentSystem;
    }

    /**
     * @param dataDirectory where the queues are kept; in memory when empty
     */
    static SqsStandIn start(String host, String region, String account, Optional<Path> dataDirectory) {
        var builder = SQSRestServerBuilder.withInterface(host).withDynamicPort().withAWSRegion(region)
                .withAWSAccountId(account);
        if (dataDirectory.isEmpty()) {
            return started(builder.start(), host, Optional.empty());
        }
        if (!PERSISTENT_RUNNING.compareAndSet(false, true)) {
            throw new IllegalStateException("One SQS stand-in with a data directory runs at a time in a JVM"
                    + " (ElasticMQ keeps one database connection pool for all).");
        }
        try {
            var system = ActorSystem.create("kotae-sqs");
            var manager = restored(system, dataDirectory.get().toAbsolutePath().resolve("sqs"));
            return started(builder.withActorSystem(system).withQueueManagerActor(manager.manager())
                    .withQueueEventListener(manager.persistence()).start(), host, Optional.of(system));
        } catch (RuntimeException e) {
            PERSISTENT_RUNNING.set(false);
            throw e;
        }
    }

    private record Actors(ActorRef manager, ActorRef persistence) {
    }

    /**
     * ElasticMQ's queue manager, told every change to its queues and messages by the SQL persistence, and given
     * back what the database held before any request arrives.
     */
    private static Actors restored(ActorSystem system, Path database) {
        var uri = "jdbc:h2:file:" + database;
        // ElasticMQ opens its pool once per JVM, with the first data directory it is given: this one's is set here.
        ConnectionPool.singleton(uri, "", "", ConnectionPool.singleton$default$4(),
                ConnectionPool.singleton$default$5(uri, "", "", ConnectionPool.singleton$default$4()));
        var config = new SqlQueuePersistenceConfig(true, "org.h2.Driver", uri, "", "", false);
        var persistence = system.actorOf(Props.create(SqlQueuePersistenceActor.class,
                () -> new SqlQueuePersistenceActor(config, scala.collection.immutable.List$.MODULE$.empty())));
        var manager = system.actorOf(Props.create(QueueManagerActor.class,
                () -> new QueueManagerActor(new NowProvider(), StrictSQSLimits$.MODULE$, scala.Option.apply(persistence))));
        try {
            var restoredQueues = Patterns.ask(persistence, new QueueEvent.Restore(manager), RESTORE_LIMIT)
                    .toCompletableFuture().get(RESTORE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            if (restoredQueues instanceof scala.util.Left<?, ?> errors) {
                throw new IllegalStateException("ElasticMQ could not restore the queues kept in " + database + ": "
                        + errors.value());
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("ElasticMQ did not restore the queues kept in " + database, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while ElasticMQ restored its queues", e);
        }
        return new Actors(manager, persistence);
    }

    private static SqsStandIn started(SQSRestServer server, String host, Optional<ActorSystem> persistentSystem) {
        var port = server.waitUntilStarted().localAddress().getPort();
        return new SqsStandIn(server, URI.create("http://" + host + ":" + port), persistentSystem);
    }

    URI endpoint() {
        return endpoint;
    }

    /** Stops serving; a persistent instance also closes its database, so the next one may open it. */
    @Override
    public void close() {
        server.stopAndWait();
        persistentSystem.ifPresent(system -> {
            try {
                system.terminate();
                scala.concurrent.Await.ready(system.whenTerminated(),
                        scala.concurrent.duration.Duration.create(RESTORE_LIMIT.toSeconds(), TimeUnit.SECONDS));
            } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                // Its database may still be open: the next start in this JVM would meet H2's file lock.
                System.err.println("ElasticMQ did not stop within " + RESTORE_LIMIT.toSeconds() + " s: " + e);
            } finally {
                ConnectionPool.closeAll();
                PERSISTENT_RUNNING.set(false);
            }
        });
    }
}
