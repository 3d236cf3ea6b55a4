package dev.kotae.platform.events;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kotae reads its REST API's, the send page's HTTP API's and its queues' events itself, and writes their answers:
 * what it reads must be what Lambda's runtime serializer would have handed a typed handler, and what it writes what
 * that would have written, for every sample event Kotae keeps and for every shape of answer.
 */
class EventJsonTest {

    private static final Path EVENTS = Path.of("../events");
    private static final ObjectMapper TREES = new ObjectMapper();

    /** Every sample of a type {@link EventJson} reads, with that type: REST and HTTP API requests and SQS messages. */
    static List<Arguments> samples() throws IOException {
        try (var files = Files.list(EVENTS)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted()
                    .flatMap(file -> typeOf(tree(read(file))).map(type -> Arguments.of(file.getFileName().toString(), type))
                            .stream())
                    .toList();
        }
    }

    private static Optional<Class<?>> typeOf(JsonNode sample) {
        if (sample.has("httpMethod") && sample.has("resource")) {
            return Optional.of(APIGatewayProxyRequestEvent.class);
        }
        if ("aws:sqs".equals(sample.path("Records").path(0).path("eventSource").asText())) {
            return Optional.of(SQSEvent.class);
        }
        if ("2.0".equals(sample.path("version").asText()) && sample.has("rawPath")) {
            return Optional.of(APIGatewayV2HTTPEvent.class);
        }
        return Optional.empty();
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("samples")
    void readsEachSampleAsTheRuntimeReadsIt(String file, Class<?> type) throws IOException {
        var json = read(EVENTS.resolve(file));

        var runtime = LambdaEventSerializers.serializerFor(type, getClass().getClassLoader())
                .fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));

        assertThat(EventJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), type)).isEqualTo(runtime);
    }

    /**
     * The members of an HTTP API request the samples leave out, as API Gateway sends them (payload format 2.0): cookies,
     * a query string, path and stage variables, a base64 body, JWT scopes and mutual TLS's client certificate.
     */
    @Test
    void readsAnHttpApiRequestWithEveryOptionalMemberAsTheRuntimeReadsIt() throws IOException {
        var json = """
                {"version": "2.0", "routeKey": "GET /api/messages/{messageId}", "rawPath": "/api/messages/m-1",
                 "rawQueryString": "a=1&b=2", "cookies": ["session=abc", "theme=dark"],
                 "headers": {"accept": "application/json"}, "queryStringParameters": {"a": "1", "b": "2"},
                 "pathParameters": {"messageId": "m-1"}, "stageVariables": {"stage": "prod"},
                 "requestContext": {"accountId": "123456789012", "apiId": "k0tae12345",
                   "authentication": {"clientCert": {"clientCertPem": "-----BEGIN CERTIFICATE-----",
                     "subjectDN": "CN=kotae", "issuerDN": "CN=ca", "serialNumber": "1",
                     "validity": {"notBefore": "May 28 12:30:02 2019 GMT", "notAfter": "Aug  5 09:36:04 2021 GMT"}}},
                   "authorizer": {"jwt": {"claims": {"sub": "7d4a9c1e"}, "scopes": ["kotae/send", "openid"]}},
                   "domainName": "k0tae12345.execute-api.ap-northeast-1.amazonaws.com", "domainPrefix": "k0tae12345",
                   "http": {"method": "GET", "path": "/api/messages/m-1", "protocol": "HTTP/1.1",
                            "sourceIp": "203.0.113.24", "userAgent": "curl/8.5.0"},
                   "requestId": "Qx2mBhT4NjMEJ3g=", "routeKey": "GET /api/messages/{messageId}", "stage": "$default",
                   "time": "22/Nov/2026:03:16:10 +0000", "timeEpoch": 1795230970000},
                 "body": "eyJ0byI6ICIwOTAifQ==", "isBase64Encoded": true}
                """;

        var runtime = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, getClass().getClassLoader())
                .fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        var ours = EventJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), APIGatewayV2HTTPEvent.class);

        assertThat(ours).isEqualTo(runtime);
        assertThat(ours.getCookies()).containsExactly("session=abc", "theme=dark");
        assertThat(ours.getIsBase64Encoded()).isTrue();
        assertThat(ours.getRequestContext().getAuthorizer().getJwt().getScopes()).containsExactly("kotae/send", "openid");
    }

    @Test
    void theSamplesCoverEveryKindOfEvent() throws IOException {
        assertThat(samples()).extracting(sample -> sample.get()[1])
                .contains(APIGatewayProxyRequestEvent.class, SQSEvent.class, APIGatewayV2HTTPEvent.class);
        assertThat(samples()).hasSizeGreaterThanOrEqualTo(20);
    }

    static Stream<Object> answers() {
        return Stream.of(
                new APIGatewayProxyResponseEvent().withStatusCode(202)
                        .withHeaders(Map.of("Content-Type", "application/json", "Cache-Control", "no-store"))
                        .withBody("{\"messageId\":\"m-1\"}"),
                new APIGatewayProxyResponseEvent().withStatusCode(400).withIsBase64Encoded(false)
                        .withMultiValueHeaders(Map.of("Set-Cookie", List.of("a=1", "b=2"))).withBody("{}"),
                new APIGatewayProxyResponseEvent().withStatusCode(204),
                new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure("id-1"),
                        new SQSBatchResponse.BatchItemFailure("id-2"))),
                new SQSBatchResponse(List.of()),
                APIGatewayV2HTTPResponse.builder().withStatusCode(202)
                        .withHeaders(Map.of("Content-Type", "application/json", "Cache-Control", "no-store"))
                        .withBody("{\"messageId\":\"m-1\"}").build(),
                APIGatewayV2HTTPResponse.builder().withStatusCode(200).withIsBase64Encoded(false)
                        .withHeaders(Map.of("Content-Type", "text/html; charset=utf-8"))
                        .withCookies(List.of("a=1; Secure")).withBody("<!doctype html>").build(),
                APIGatewayV2HTTPResponse.builder().withStatusCode(204).build());
    }

    @ParameterizedTest
    @MethodSource("answers")
    @SuppressWarnings("unchecked")
    void writesEachAnswerAsTheRuntimeWritesIt(Object answer) throws IOException {
        var runtime = new ByteArrayOutputStream();
        LambdaEventSerializers.serializerFor((Class<Object>) answer.getClass(), getClass().getClassLoader())
                .toJson(answer, runtime);
        var ours = new ByteArrayOutputStream();

        EventJson.write(answer, ours);

        assertThat(tree(ours.toString(StandardCharsets.UTF_8))).isEqualTo(tree(runtime.toString(StandardCharsets.UTF_8)));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode tree(String json) {
        try {
            return TREES.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
