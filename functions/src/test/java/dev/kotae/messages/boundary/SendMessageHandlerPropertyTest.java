package dev.kotae.messages.boundary;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.kotae.LocalStandIns;
import dev.kotae.Wiring;
import dev.kotae.settings.FunctionVariable;
import dev.kotae.settings.KotaeSettings;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.Text;
import dev.kotae.standins.LocalLambdaContext;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import static dev.kotae.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployed handler against DynamoDB Local and the SMS simulator, fed hostile bodies as API Gateway
 * hands them over (bytes, base64-encoded): the answer is 202 or a documented 4xx, never a 500, and a
 * refused request writes nothing and sends nothing. Bounded, since each try is a real round trip.
 */
class SendMessageHandlerPropertyTest {

    private static LocalStandIns standIns;
    private static String table;
    private static SendMessageHandler handler;

    @BeforeContainer
    static void wire() {
        standIns = LocalStandIns.start();
        var environment = standIns.deployment(Map.of(KotaeSettings.DEFAULT_COUNTRY, "JP"));
        table = environment.get(FunctionVariable.TABLE_NAME.name());
        var wiring = Wiring.from(environment, Clock.systemUTC());
        handler = new SendMessageHandler(wiring);
    }

    @Property(tries = 200)
    void answersAcceptedOrADocumentedRefusalThatLeavesNoTrace(@ForAll(supplier = HostileInput.Bodies.class) String body) {
        var items = itemCount();
        var sent = standIns.simulator.outbox().size();

        var response = handler.handleRequest(event(body.getBytes(StandardCharsets.UTF_8)), LocalLambdaContext.invoking("send"));

        assertThat(response.getStatusCode()).as(response.getBody()).isIn(202, 400, 409, 422);
        assertThat(Text.isWellFormed(response.getBody())).as("the answer is well-formed text").isTrue();
        if (response.getStatusCode() != 202) {
            var code = json(response).get("error").get("code").asText();
            assertThat(Arrays.stream(ErrorCode.values()).map(Enum::name)).contains(code);
            assertThat(ErrorCode.valueOf(code).httpStatus()).isEqualTo(response.getStatusCode());
            assertThat(itemCount()).as("items after a refusal").isEqualTo(items);
            assertThat(standIns.simulator.outbox()).as("messages after a refusal").hasSize(sent);
        }
    }

    @Property(tries = 100)
    void bytesThatAreNotUtf8AreRefusedAndLeaveNoTrace(@ForAll(supplier = HostileInput.Bytes.class) byte[] bytes) {
        var items = itemCount();

        var response = handler.handleRequest(event(bytes), LocalLambdaContext.invoking("send"));

        assertThat(response.getStatusCode()).as(response.getBody()).isIn(202, 400, 409, 422);
        if (response.getStatusCode() != 202) {
            assertThat(itemCount()).isEqualTo(items);
        }
    }

    private static APIGatewayProxyRequestEvent event(byte[] body) {
        return EventLoader.loadApiGatewayRestEvent("events/send-message.json")
                .withBody(Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(true);
    }

    private static int itemCount() {
        return standIns.dynamo.scan(scan -> scan.tableName(table)).count();
    }
}
