package dev.kotae.conversations.boundary;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import dev.kotae.LocalStandIns;
import dev.kotae.shared.entity.PhoneNumbers;
import dev.kotae.standins.LocalLambdaContext;
import dev.kotae.store.DynamoConversationStore;
import dev.kotae.store.DynamoMessageStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.kotae.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;

class GetConversationsHandlerTest {

    private static final String EVENT = "events/get-conversations.json";

    private LocalStandIns standIns;
    private String table;
    private GetConversationsHandler handler;

    @BeforeEach
    void freshTable() {
        standIns = LocalStandIns.start();
        table = standIns.newTable();
        handler = new GetConversationsHandler(new DynamoConversationStore(standIns.dynamo, table, Duration.ofDays(90)),
                PhoneNumbers.withDefaultCountry("JP"), Clock.systemUTC());
    }

    @ParameterizedTest
    @Event(value = EVENT, type = APIGatewayProxyRequestEvent.class)
    void aNumberNeverSeenIsOptedInWithNoConversations(APIGatewayProxyRequestEvent event) {
        var response = handler.handleRequest(event, LocalLambdaContext.invoking("conversations"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        var body = json(response);
        assertThat(body.get("phoneNumber").asText()).isEqualTo("+819012345678");
        assertThat(body.get("optedOut").asBoolean()).isFalse();
        assertThat(body.get("conversations")).isEmpty();
    }

    @Test
    void anOptedOutNumberSaysSinceWhen() {
        var at = Instant.parse("2026-11-22T03:00:00Z");
        // As the delivery path records an opt-out End User Messaging reported.
        new DynamoMessageStore(standIns.dynamo, table, Duration.ofDays(90)).recordOptOut("+819012345678", at);

        var body = json(handler.handleRequest(EventLoader.loadApiGatewayRestEvent(EVENT), LocalLambdaContext.invoking("c")));

        assertThat(body.get("optedOut").asBoolean()).isTrue();
        assertThat(body.get("optedOutAt").asText()).isEqualTo("2026-11-22T03:00:00Z");
    }

    @Test
    void readsAPercentEncodedOrNationalNumber() {
        for (var form : new String[] {"%2B819012345678", "090-1234-5678"}) {
            var event = EventLoader.loadApiGatewayRestEvent(EVENT).withPathParameters(Map.of("phoneNumber", form));

            var body = json(handler.handleRequest(event, LocalLambdaContext.invoking("c")));

            assertThat(body.get("phoneNumber").asText()).as(form).isEqualTo("+819012345678");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "%zz", "%2B8190%"})
    void refusesSomethingThatIsNotAPhoneNumber(String path) {
        var event = EventLoader.loadApiGatewayRestEvent(EVENT).withPathParameters(Map.of("phoneNumber", path));

        var response = handler.handleRequest(event, LocalLambdaContext.invoking("c"));

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("INVALID_PHONE_NUMBER");
        assertThat(json(response).get("error").get("field").asText()).isEqualTo("phoneNumber");
    }
}
