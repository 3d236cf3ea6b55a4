package dev.kotae.standins;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A loopback stand-in for what `kotae preflight` and `kotae smoke` read of an account beyond End User
 * Messaging, each in its own wire protocol, for the one operation read:
 * <ul>
 *   <li>CloudFormation DescribeStacks (query protocol, XML): the deployed stacks and their outputs, and
 *       {@code ValidationError} "does not exist" for another (the CDK bootstrap stack among them);</li>
 *   <li>IAM GetRole (query protocol, XML): the roles the account holds, {@code NoSuchEntity} otherwise;</li>
 *   <li>SNS ListSubscriptionsByTopic (query protocol, XML): a topic's subscriptions;</li>
 *   <li>CloudWatch ListMetrics (query protocol, XML): the series a namespace holds;</li>
 *   <li>STS GetCallerIdentity (query protocol, XML): a session of the {@code local-developer} role in
 *       {@value #ACCOUNT};</li>
 *   <li>API Gateway GetAccount (REST-JSON, {@code GET /account}): the account's CloudWatch Logs role;</li>
 *   <li>Lambda GetAccountSettings (REST-JSON, {@code GET /2016-08-19/account-settings/}): its concurrency.</li>
 * </ul>
 * Point each SDK client here with its {@code AWS_ENDPOINT_URL_…} setting.
 */
public final class AccountStandIn implements AutoCloseable {

    /** The account every stand-in answers for. */
    public static final String ACCOUNT = "000000000000";

    private final LoopbackServer server;
    private final Map<String, Map<String, String>> stacks = new LinkedHashMap<>();
    private final Map<String, String> roles = new HashMap<>();
    private final Map<String, Map<String, Boolean>> subscriptions = new HashMap<>();
    private final Map<String, List<String>> metrics = new HashMap<>();
    private volatile String apiGatewayCloudWatchRole;
    /** Lambda's concurrent executions in the Region, and what is not reserved for particular functions. */
    private volatile int lambdaConcurrency = 1000;
    private volatile int lambdaUnreservedConcurrency = 1000;

    private AccountStandIn(int port) {
        server = new LoopbackServer(port, 2, this::handle);
    }

    public static AccountStandIn start(int port) {
        return new AccountStandIn(port);
    }

    public URI endpoint() {
        return server.endpoint();
    }

    /** A stack in CREATE_COMPLETE with these outputs. */
    public synchronized void stack(String name, Map<String, String> outputs) {
        stacks.put(name, Map.copyOf(outputs));
    }

    /** A role the account holds, by name, with its path. */
    public synchronized void role(String name, String path) {
        roles.put(name, path);
    }

    /** A subscription to {@code topicArn}, confirmed or still PendingConfirmation. */
    public synchronized void subscription(String topicArn, String endpoint, boolean confirmed) {
        subscriptions.computeIfAbsent(topicArn, arn -> new LinkedHashMap<>()).put(endpoint, confirmed);
    }

    /** The metrics CloudWatch holds in {@code namespace} (those with data in the last two weeks, as ListMetrics lists them). */
    public synchronized void metrics(String namespace, List<String> names) {
        metrics.put(namespace, List.copyOf(names));
    }

    /** Lambda's concurrency quota and what of it is unreserved, as GetAccountSettings answers (a new account's may be 10). */
    public void lambdaConcurrency(int total, int unreserved) {
        lambdaConcurrency = total;
        lambdaUnreservedConcurrency = unreserved;
    }

    /** API Gateway's account setting; null for none set. */
    public void apiGatewayCloudWatchRole(String roleArn) {
        apiGatewayCloudWatchRole = roleArn;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestMethod().equals("GET") && exchange.getRequestURI().getPath().equals("/account")) {
                var account = RestJson.object();
                Optional.ofNullable(apiGatewayCloudWatchRole).ifPresent(role -> account.put("cloudwatchRoleArn", role));
                RestJson.answer(exchange, 200, account);
                return;
            }
            if (exchange.getRequestMethod().equals("GET")
                    && exchange.getRequestURI().getPath().startsWith("/2016-08-19/account-settings")) {
                var settings = RestJson.object();
                settings.putObject("AccountLimit").put("TotalCodeSize", 80_530_636_800L).put("CodeSizeUnzipped", 262_144_000)
                        .put("CodeSizeZipped", 52_428_800).put("ConcurrentExecutions", lambdaConcurrency)
                        .put("UnreservedConcurrentExecutions", lambdaUnreservedConcurrency);
                settings.putObject("AccountUsage").put("TotalCodeSize", 0).put("FunctionCount", 0);
                RestJson.answer(exchange, 200, settings);
                return;
            }
            var form = RestJson.parameters(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            var answer = switch (form.getOrDefault("Action", "")) {
                case "DescribeStacks" -> describeStacks(form.get("StackName"));
                case "GetRole" -> getRole(form.get("RoleName"));
                case "ListSubscriptionsByTopic" -> listSubscriptions(form.get("TopicArn"));
                case "GetCallerIdentity" -> callerIdentity();
                case "ListMetrics" -> listMetrics(form.get("Namespace"));
                default -> new Answer(400, error("http://stand-in/", "InvalidAction",
                        "The stand-in does not implement " + form.get("Action") + "."));
            };
            respond(exchange, answer.status(), answer.xml());
        }
    }

    private record Answer(int status, String xml) {
    }

    private synchronized Answer describeStacks(String name) {
        var namespace = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
        var outputs = stacks.get(name);
        if (outputs == null) {
            return new Answer(400, error(namespace, "ValidationError", "Stack with id " + name + " does not exist"));
        }
        var members = new StringBuilder();
        outputs.forEach((key, value) -> members.append("<member><OutputKey>").append(escape(key))
                .append("</OutputKey><OutputValue>").append(escape(value)).append("</OutputValue></member>"));
        return new Answer(200, "<DescribeStacksResponse xmlns=\"" + namespace + "\"><DescribeStacksResult><Stacks><member>"
                + "<StackName>" + escape(name) + "</StackName><StackId>arn:aws:cloudformation:" + StandIns.REGION
                + ":000000000000:stack/" + escape(name) + "/" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8))
                + "</StackId><CreationTime>2026-11-30T00:00:00Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus>"
                + "<Outputs>" + members + "</Outputs></member></Stacks></DescribeStacksResult>" + metadata()
                + "</DescribeStacksResponse>");
    }

    private synchronized Answer getRole(String name) {
        var namespace = "https://iam.amazonaws.com/doc/2010-05-08/";
        var path = roles.get(name);
        if (path == null) {
            return new Answer(404, error(namespace, "NoSuchEntity", "The role with name " + name + " cannot be found."));
        }
        return new Answer(200, "<GetRoleResponse xmlns=\"" + namespace + "\"><GetRoleResult><Role><Path>" + escape(path)
                + "</Path><RoleName>" + escape(name) + "</RoleName><RoleId>AROA" + Math.abs(name.hashCode())
                + "</RoleId><Arn>arn:aws:iam::" + ACCOUNT + ":role" + escape(path) + escape(name) + "</Arn>"
                + "<CreateDate>2026-11-30T00:00:00Z</CreateDate></Role></GetRoleResult>" + metadata() + "</GetRoleResponse>");
    }

    private synchronized Answer listSubscriptions(String topicArn) {
        var namespace = "http://sns.amazonaws.com/doc/2010-03-31/";
        var members = new StringBuilder();
        subscriptions.getOrDefault(topicArn, Map.of()).forEach((endpoint, confirmed) -> members.append("<member>")
                .append("<TopicArn>").append(escape(topicArn)).append("</TopicArn><Protocol>email</Protocol>")
                .append("<SubscriptionArn>").append(confirmed ? escape(topicArn) + ":" + UUID.nameUUIDFromBytes(
                        endpoint.getBytes(StandardCharsets.UTF_8)) : "PendingConfirmation").append("</SubscriptionArn>")
                .append("<Owner>000000000000</Owner><Endpoint>").append(escape(endpoint)).append("</Endpoint></member>"));
        return new Answer(200, "<ListSubscriptionsByTopicResponse xmlns=\"" + namespace + "\"><ListSubscriptionsByTopicResult>"
                + "<Subscriptions>" + members + "</Subscriptions></ListSubscriptionsByTopicResult>" + metadata()
                + "</ListSubscriptionsByTopicResponse>");
    }

    private synchronized Answer listMetrics(String namespace) {
        var members = new StringBuilder();
        metrics.getOrDefault(namespace, List.of()).forEach(name -> members.append("<member><Namespace>")
                .append(escape(namespace)).append("</Namespace><MetricName>").append(escape(name))
                .append("</MetricName><Dimensions/></member>"));
        return new Answer(200, "<ListMetricsResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
                + "<ListMetricsResult><Metrics>" + members + "</Metrics></ListMetricsResult>" + metadata()
                + "</ListMetricsResponse>");
    }

    private static Answer callerIdentity() {
        return new Answer(200, "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                + "<GetCallerIdentityResult><Arn>arn:aws:sts::" + ACCOUNT + ":assumed-role/local-developer/preflight</Arn>"
                + "<UserId>AROALOCALDEVELOPER:preflight</UserId><Account>" + ACCOUNT + "</Account>"
                + "</GetCallerIdentityResult>" + metadata() + "</GetCallerIdentityResponse>");
    }

    private static String error(String namespace, String code, String message) {
        return "<ErrorResponse xmlns=\"" + namespace + "\"><Error><Type>Sender</Type><Code>" + code + "</Code><Message>"
                + escape(message) + "</Message></Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>";
    }

    private static String metadata() {
        return "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A query-protocol answer: XML. */
    private static void respond(HttpExchange exchange, int status, String xml) throws IOException {
        var bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/xml");
        exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.close();
    }
}
