package dev.kotae.shared.boundary;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.kotae.settings.FunctionEnvironment;
import dev.kotae.standins.LocalLambdaContext;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class ApiRequestsTest {

    /** What Powertools' API_GATEWAY_REST path reads, set directly: no JMESPath engine on the first request. */
    @Test
    void anApiRequestIsLoggedUnderApiGatewaysRequestIdUntilItIsAnswered() {
        var event = EventLoader.loadApiGatewayRestEvent("events/send-message.json");
        var duringTheRequest = new AtomicReference<String>();
        var service = new AtomicReference<String>();

        ApiRequests.logged(LocalLambdaContext.invoking("send"), event, () -> {
            duringTheRequest.set(MDC.get("correlation_id"));
            service.set(MDC.get("service"));
            return new APIGatewayProxyResponseEvent().withStatusCode(202);
        });

        assertThat(duringTheRequest).hasValue(event.getRequestContext().getRequestId());
        assertThat(MDC.get("correlation_id")).isNull();
        // As the stack's functions are started (FunctionEnvironment); Maven's runs set it in this module's pom.
        assertThat(service).hasValue(FunctionEnvironment.SERVICE_NAME);
    }
}
