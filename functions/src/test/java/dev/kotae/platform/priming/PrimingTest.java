package dev.kotae.platform.priming;

import com.sun.net.httpserver.HttpServer;
import dev.kotae.LocalStandIns;
import dev.kotae.aws.AwsClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * A connection opened while priming would be in the SnapStart snapshot, shared by every restored
 * environment and dead in all of them: priming calls must not leave one open.
 */
class PrimingTest {

    private HttpServer server;
    private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    /** Whether each request was signed when the SDK handed it on, transmitted or not. */
    private final List<Boolean> signed = new CopyOnWriteArrayList<>();
    private DynamoDbClient dynamo;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            requests.add(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            var body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        dynamo = DynamoDbClient.builder()
                .httpClient(new PrimingTransport(AwsClients.httpClient()))
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.AP_NORTHEAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .overrideConfiguration(o -> o.addExecutionInterceptor(Priming.interceptor())
                        .addExecutionInterceptor(new ExecutionInterceptor() {
                            @Override
                            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                                signed.add(context.httpRequest().firstMatchingHeader("Authorization").isPresent());
                            }
                        }))
                .build();
    }

    @AfterEach
    void stop() {
        dynamo.close();
        server.stop(0);
    }

    @Test
    void callsWhilePrimingLeaveNoConnectionOpen() {
        Priming.run(() -> {
            dynamo.listTables();
            dynamo.listTables();
        });

        assertThat(clientPorts).hasSize(2).doesNotHaveDuplicates();
    }

    /** Only calls that write nothing leave the process while priming; a write is signed, then answered from memory. */
    @Test
    void aWriteWhilePrimingNeverReachesTheServiceAndAReadDoes() {
        var calls = Priming.run(() -> {
            dynamo.putItem(r -> r.tableName("t").item(Map.of("pk", AttributeValue.fromS("x"))));
            dynamo.listTables();
        });
        dynamo.putItem(r -> r.tableName("t").item(Map.of("pk", AttributeValue.fromS("x"))));

        assertThat(calls).containsExactly("DynamoDb.PutItem", "DynamoDb.ListTables");
        assertThat(signed).containsExactly(true, true, true);
        assertThat(requests).containsExactly("DynamoDB_20120810.ListTables", "DynamoDB_20120810.PutItem");
    }

    /**
     * A transaction of condition checks alone writes nothing, so it leaves the process (a function that may not read
     * reaches the table so); one with a write among its checks is answered from memory like any write.
     */
    @Test
    void aTransactionOfChecksAloneReachesTheServiceAndOneWithAWriteDoesNot() {
        var key = Map.of("pk", AttributeValue.fromS("x"), "sk", AttributeValue.fromS("y"));
        Priming.run(() -> {
            dynamo.transactWriteItems(r -> r.transactItems(
                    i -> i.conditionCheck(c -> c.tableName("t").key(key).conditionExpression("attribute_exists(pk)"))));
            dynamo.transactWriteItems(r -> r.transactItems(
                    i -> i.conditionCheck(c -> c.tableName("t").key(key).conditionExpression("attribute_exists(pk)")),
                    i -> i.put(p -> p.tableName("t").item(Map.of("pk", AttributeValue.fromS("z"), "sk", AttributeValue.fromS("y"))))));
        });

        assertThat(requests).containsExactly("DynamoDB_20120810.TransactWriteItems");
        assertThat(clientPorts).hasSize(1);
    }

    @Test
    void callsAfterPrimingKeepTheirConnection() {
        dynamo.listTables();
        dynamo.listTables();

        assertThat(clientPorts).hasSize(2);
        assertThat(clientPorts.get(1)).isEqualTo(clientPorts.get(0));
    }

    @Test
    void theSnapshotHookRunsThePrimingAndAFailureNeverFailsTheDeploy() {
        var primed = new AtomicInteger();
        new Priming(PrimingTest.class, primed::incrementAndGet).beforeCheckpoint(null);
        var failing = new Priming(PrimingTest.class, () -> {
            throw new IllegalStateException("store unreachable");
        });

        assertThat(primed).hasValue(1);
        assertThatCode(() -> failing.beforeCheckpoint(null)).doesNotThrowAnyException();
    }

    @Test
    void everyClientKotaeBuildsClosesConnectionsWhilePriming() {
        var standIns = LocalStandIns.start();
        var interceptors = List.of(
                standIns.dynamo.serviceClientConfiguration().overrideConfiguration().executionInterceptors(),
                standIns.sms.serviceClientConfiguration().overrideConfiguration().executionInterceptors(),
                AwsClients.eventBridge(standIns.http).serviceClientConfiguration().overrideConfiguration().executionInterceptors());

        assertThat(interceptors).allSatisfy(list -> assertThat(list)
                .anySatisfy(interceptor -> assertThat(interceptor.getClass().getEnclosingClass()).isEqualTo(Priming.class)));
    }
}
