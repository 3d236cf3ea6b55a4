package dev.kotae.messages.boundary;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import dev.kotae.LocalStandIns;
import dev.kotae.messages.control.MessageStore;
import dev.kotae.messages.entity.MessageRecord;
import dev.kotae.messages.entity.SendRequest;
import dev.kotae.standins.LocalLambdaContext;
import dev.kotae.store.DynamoMessageStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import static dev.kotae.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;

class GetMessageHandlerTest {

    private static final String EVENT = "events/get-message.json";
    private static final String MESSAGE_ID = "0d9b6c1e-5a4f-4b7e-9c2d-3f8a1e6b7c90";

    private DynamoMessageStore store;

    @BeforeEach
    void freshTable() {
        var standIns = LocalStandIns.start();
        store = new DynamoMessageStore(standIns.dynamo, standIns.newTable(), Duration.ofDays(90));
    }

    @ParameterizedTest
    @Event(value = EVENT, type = APIGatewayProxyRequestEvent.class)
    void answersTheStoredRecord(APIGatewayProxyRequestEvent event) {
        var createdAt = Instant.parse("2026-11-22T03:15:00Z");
        store.admit(MessageRecord.accepted(MESSAGE_ID, SendRequest.of("+819012345678", "code 1234"), "arn:caller",
                createdAt), Optional.empty(), Optional.empty(), MessageStore.Listing.NONE);

        var moments = Clock.fixed(createdAt.plusSeconds(5), ZoneOffset.UTC);
        var response = new GetMessageHandler(store, moments).handleRequest(event, LocalLambdaContext.invoking("get"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        var record = json(response);
        assertThat(record.get("messageId").asText()).isEqualTo(MESSAGE_ID);
        assertThat(record.get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(record.get("caller").asText()).isEqualTo("arn:caller");
        assertThat(record.get("createdAt").asText()).isEqualTo("2026-11-22T03:15:00Z");
        assertThat(record.has("body")).isFalse();
    }

    @Test
    void answers404ForAnUnknownId() {
        var response = new GetMessageHandler(store, Clock.systemUTC()).handleRequest(EventLoader.loadApiGatewayRestEvent(EVENT),
                LocalLambdaContext.invoking("get"));

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("MESSAGE_NOT_FOUND");
    }

    @Test
    void answers404ForAnIdThatCannotExist() {
        var event = EventLoader.loadApiGatewayRestEvent(EVENT).withPathParameters(Map.of("messageId", "../../etc"));

        var response = new GetMessageHandler(store, Clock.systemUTC()).handleRequest(event, LocalLambdaContext.invoking("get"));

        assertThat(response.getStatusCode()).isEqualTo(404);
    }

    @Test
    void answersABare500WhenSomethingUnexpectedFails() {
        // Only a stand-in can fail in a way no real dependency is known to: that is what a bug looks like.
        var broken = (MessageStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {MessageStore.class}, (proxy, method, args) -> {
                    throw new IllegalStateException("secret internal detail");
                });

        var response = new GetMessageHandler(broken, Clock.systemUTC()).handleRequest(EventLoader.loadApiGatewayRestEvent(EVENT),
                LocalLambdaContext.invoking("get"));

        assertThat(response.getStatusCode()).isEqualTo(500);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("INTERNAL_ERROR");
        assertThat(response.getBody()).doesNotContain("secret internal detail").doesNotContain("IllegalStateException");
    }
}
