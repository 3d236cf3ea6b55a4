package dev.kotae.messages.boundary;

import dev.kotae.messages.control.SendRequestParser;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.kotae.shared.boundary.ApiRequests;
import dev.kotae.shared.entity.KotaeException;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever the body, the parser answers with a request or a documented 400: never another
 * exception, which the handler would turn into a 500, and never a code callers do not know.
 */
class SendRequestParserPropertyTest {

    @Property(tries = 3000)
    void everyBodyIsARequestOrADocumentedRefusal(@ForAll(supplier = HostileInput.Bodies.class) String body) {
        readOrRefuse(body);
    }

    @Property(tries = 1000)
    void everyByteStringIsReadAsUtf8OrRefused(@ForAll(supplier = HostileInput.Bytes.class) byte[] bytes) {
        var event = new APIGatewayProxyRequestEvent()
                .withBody(Base64.getEncoder().encodeToString(bytes)).withIsBase64Encoded(true);
        try {
            readOrRefuse(ApiRequests.body(event));
        } catch (KotaeException e) {
            assertThat(e.code().httpStatus()).isEqualTo(400);
        }
    }

    @Property(tries = 300)
    void aValidRequestIsRead(@ForAll("valid") String body) {
        assertThat(StrictInputTest.PARSER.parse(body).to()).isEqualTo(HostileInput.NUMBER);
    }

    private static void readOrRefuse(String body) {
        try {
            var request = StrictInputTest.PARSER.parse(body);
            assertThat(request.body()).isNotBlank();
        } catch (KotaeException e) {
            assertThat(e.code().httpStatus()).as(e.code() + ": " + e.getMessage()).isEqualTo(400);
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> valid() {
        return HostileInput.validRequests();
    }
}
