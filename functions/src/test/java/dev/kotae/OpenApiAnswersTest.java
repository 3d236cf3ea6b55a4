package dev.kotae;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.kotae.batches.boundary.CancelBatchHandler;
import dev.kotae.batches.boundary.CreateBatchHandler;
import dev.kotae.batches.boundary.GetBatchHandler;
import dev.kotae.conversations.boundary.GetConversationsHandler;
import dev.kotae.messages.boundary.CancelMessageHandler;
import dev.kotae.messages.boundary.GetMessageHandler;
import dev.kotae.messages.boundary.SendMessageHandler;
import dev.kotae.standins.Fault;
import dev.kotae.standins.LocalLambdaContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/openapi.yaml} against what the handlers really take and answer: requests the API
 * accepts are valid by the document's request schema, and every answer, success or refusal, has a
 * status the document lists for its operation and a body its schema describes.
 */
class OpenApiAnswersTest {

    private static final String DOCUMENT = "https://kotae.dev/openapi.yaml";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SEND = "/messages";
    private static final String MESSAGE = "/messages/{messageId}";
    private static final String CONVERSATIONS = "/conversations/{phoneNumber}";
    private static final String BATCHES = "/batches";
    private static final String BATCH = "/batches/{batchId}";

    private static JsonNode contract;
    private static SchemaRegistry schemas;
    private LocalStandIns standIns;
    private SendMessageHandler send;
    private GetMessageHandler message;
    private GetConversationsHandler conversations;
    private Wiring wiring;
    private Map<String, String> environment;

    @BeforeAll
    static void readTheDocument() throws IOException {
        var yaml = Files.readString(Path.of("../docs/openapi.yaml"));
        contract = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        var asJson = JSON.writeValueAsString(contract);
        schemas = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30(), builder -> builder.schemas(Map.of(DOCUMENT, asJson)));
    }

    @BeforeEach
    void deploy() {
        standIns = LocalStandIns.start();
        environment = standIns.freshDeployment();
        wiring = Wiring.from(environment, Clock.systemUTC());
        send = new SendMessageHandler(wiring);
        message = new GetMessageHandler(wiring);
        conversations = new GetConversationsHandler(wiring);
    }

    @Test
    void acceptedSendsAreValidRequestsAndTheirReceiptsAreDocumented() throws IOException {
        for (var file : List.of("send-message.json", "send-message-expect-reply.json", "send-message-idempotent.json")) {
            var event = EventLoader.loadApiGatewayRestEvent("../events/" + file);
            assertThat(errors("#/components/schemas/SendRequest", JSON.readTree(event.getBody()))).as(file).isEmpty();

            assertDocumented(SEND, "post", send.handleRequest(event, context()));
        }
    }

    @Test
    void everyRefusalOfASendIsDocumented() {
        var refusals = List.of(
                withBody("{\"to\": \"+819012345678\"}"),
                withBody("{\"to\": \"+819012345678\", \"body\": \"hi\", \"colour\": \"red\"}"),
                withBody("{\"to\": \"12\", \"body\": \"hi\"}"),
                withBody("{\"to\": \"+819012345678\", \"body\": \"hi\"} trailing"),
                EventLoader.loadApiGatewayRestEvent("../events/send-message-invalid-json.json"),
                EventLoader.loadApiGatewayRestEvent("../events/send-message-wrong-content-type.json"));
        refusals.forEach(event -> {
            var response = send.handleRequest(event, context());
            assertThat(response.getStatusCode()).as(event.getBody()).isBetween(400, 499);
            assertDocumented(SEND, "post", response);
        });
    }

    @Test
    void aSendToAnOptedOutNumberAndAnExhaustedRetryAreDocumented() {
        var optedOut = "+81901" + String.format("%07d", Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 10_000_000L));
        wiring.messageStore().recordOptOut(optedOut, Instant.now());
        var refused = send.handleRequest(withBody("{\"to\": \"" + optedOut + "\", \"body\": \"hi\"}"), context());
        assertThat(refused.getStatusCode()).isEqualTo(409);
        assertDocumented(SEND, "post", refused);

        standIns.simulator.injectFault("SendTextMessage", Fault.THROTTLE, 10);
        var throttled = send.handleRequest(withBody("{\"to\": \"+819012345678\", \"body\": \"hi\"}"), context());
        assertThat(throttled.getStatusCode()).isEqualTo(429);
        assertDocumented(SEND, "post", throttled);
    }

    @Test
    void aMessageFoundOrNotIsDocumented() throws IOException {
        var sent = send.handleRequest(EventLoader.loadApiGatewayRestEvent("../events/send-message-expect-reply.json"),
                context());
        var id = JSON.readTree(sent.getBody()).get("messageId").asText();

        for (var messageId : List.of(id, UUID.randomUUID().toString(), "not-a-message-id")) {
            var event = EventLoader.loadApiGatewayRestEvent("../events/get-message.json")
                    .withPathParameters(Map.of("messageId", messageId));
            assertDocumented(MESSAGE, "get", message.handleRequest(event, context()));
        }
    }

    @Test
    void aScheduledSendAndEveryAnswerToItsCancelAreDocumented() throws IOException {
        // A week before the reminder in the event is due, whatever today is.
        var weekBefore = Wiring.from(environment, Clock.fixed(Instant.parse("2026-11-28T00:00:00Z"), ZoneOffset.UTC));
        var booking = EventLoader.loadApiGatewayRestEvent("../events/send-message-scheduled.json");
        assertThat(errors("#/components/schemas/SendRequest", JSON.readTree(booking.getBody()))).isEmpty();
        var booked = new SendMessageHandler(weekBefore).handleRequest(booking, context());
        assertDocumented(SEND, "post", booked);
        var id = JSON.readTree(booked.getBody()).get("messageId").asText();
        var cancel = new CancelMessageHandler(weekBefore);

        var notTheBooker = EventLoader.loadApiGatewayRestEvent("../events/cancel-message.json")
                .withPathParameters(Map.of("messageId", id));
        notTheBooker.getRequestContext().getIdentity().setUserArn("arn:aws:sts::123456789012:assumed-role/other/x");
        var answers = new ArrayList<>(List.of(cancel.handleRequest(notTheBooker, context())));
        for (var messageId : List.of(id, id, UUID.randomUUID().toString(), "not-a-message-id")) {
            answers.add(cancel.handleRequest(EventLoader.loadApiGatewayRestEvent("../events/cancel-message.json")
                    .withPathParameters(Map.of("messageId", messageId)), context()));
        }

        assertThat(answers).extracting(APIGatewayProxyResponseEvent::getStatusCode)
                .containsExactly(403, 200, 409, 404, 404);
        answers.forEach(answer -> assertDocumented(MESSAGE, "delete", answer));
    }

    @Test
    void aNumbersConversationsAndARefusedNumberAreDocumented() {
        send.handleRequest(EventLoader.loadApiGatewayRestEvent("../events/send-message-expect-reply.json"), context());

        for (var number : List.of("%2B819012345678", "090-1234-5678", "%2B81", "%zz")) {
            var event = EventLoader.loadApiGatewayRestEvent("../events/get-conversations.json")
                    .withPathParameters(Map.of("phoneNumber", number));
            assertDocumented(CONVERSATIONS, "get", conversations.handleRequest(event, context()));
        }
    }

    @Test
    void aBatchItsProgressItsCancelAndTheirRefusalsAreDocumented() throws IOException {
        var create = new CreateBatchHandler(wiring);
        var event = EventLoader.loadApiGatewayRestEvent("../events/create-batch.json");
        assertThat(errors("#/components/schemas/BatchRequest", JSON.readTree(event.getBody()))).isEmpty();
        var created = create.handleRequest(event, context());
        assertThat(created.getStatusCode()).isEqualTo(202);
        assertDocumented(BATCHES, "post", created);
        assertDocumented(BATCHES, "post", create.handleRequest(withBody("{\"messages\": []}"), context()));
        var batchId = JSON.readTree(created.getBody()).get("batchId").asText();

        var get = new GetBatchHandler(wiring);
        var cancel = new CancelBatchHandler(wiring);
        for (var id : List.of(batchId, UUID.randomUUID().toString(), "not-a-batch")) {
            assertDocumented(BATCH, "get", get.handleRequest(EventLoader.loadApiGatewayRestEvent("../events/get-batch.json")
                    .withPathParameters(Map.of("batchId", id)), context()));
        }
        var notTheSender = EventLoader.loadApiGatewayRestEvent("../events/cancel-batch.json")
                .withPathParameters(Map.of("batchId", batchId));
        notTheSender.getRequestContext().getIdentity().setUserArn("arn:aws:sts::123456789012:assumed-role/other/x");
        var answers = new ArrayList<>(List.of(cancel.handleRequest(notTheSender, context())));
        for (var id : List.of(batchId, UUID.randomUUID().toString())) {
            answers.add(cancel.handleRequest(EventLoader.loadApiGatewayRestEvent("../events/cancel-batch.json")
                    .withPathParameters(Map.of("batchId", id)), context()));
        }
        assertThat(answers).extracting(APIGatewayProxyResponseEvent::getStatusCode).containsExactly(403, 200, 404);
        answers.forEach(answer -> assertDocumented(BATCH, "delete", answer));
    }

    /** So that a pass above means something: the document's schemas refuse what they do not describe. */
    @Test
    void theDocumentsSchemasRefuseWhatTheyDoNotDescribe() throws IOException {
        assertThat(errors("#/components/schemas/Error", JSON.readTree("{\"error\": {\"code\": 5}}"))).isNotEmpty();
        assertThat(errors("#/components/schemas/SendReceipt", JSON.readTree("{\"to\": \"+819012345678\"}")))
                .isNotEmpty();
        assertThat(errors("#/components/schemas/SendRequest", JSON.readTree("{\"to\": \"+819012345678\", \"body\": \"\"}")))
                .isNotEmpty();
    }

    /** The status is one the operation lists, and the body is what that response's schema describes. */
    private static void assertDocumented(String path, String method, APIGatewayProxyResponseEvent response) {
        var status = Integer.toString(response.getStatusCode());
        var pointer = "/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method + "/responses/" + status;
        var documented = contract.at(pointer);
        assertThat(documented.isMissingNode()).as(method.toUpperCase() + " " + path + " answered " + status + " "
                + response.getBody() + ", which the document does not list").isFalse();
        var schema = documented.has("$ref") ? documented.get("$ref").asText() + "/content/application~1json/schema"
                : "#" + pointer + "/content/application~1json/schema";
        try {
            assertThat(errors(schema, JSON.readTree(response.getBody())))
                    .as(method.toUpperCase() + " " + path + " " + status + " " + response.getBody()).isEmpty();
        } catch (IOException e) {
            throw new AssertionError("the answer is not JSON: " + response.getBody(), e);
        }
    }

    private static List<String> errors(String schemaPointer, JsonNode instance) {
        return schemas.getSchema(SchemaLocation.of(DOCUMENT + schemaPointer)).validate(instance).stream()
                .map(Error::toString).toList();
    }

    private static APIGatewayProxyRequestEvent withBody(String body) {
        var event = EventLoader.loadApiGatewayRestEvent("../events/send-message.json");
        var headers = new HashMap<>(event.getHeaders());
        headers.remove("Idempotency-Key");
        return event.withBody(body).withIsBase64Encoded(false).withHeaders(headers).withMultiValueHeaders(null);
    }

    private static com.amazonaws.services.lambda.runtime.Context context() {
        return LocalLambdaContext.invoking("openapi");
    }
}
