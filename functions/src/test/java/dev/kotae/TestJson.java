package dev.kotae;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kotae.platform.encoding.Json;

/** Reads what a handler answered, failing the test with the text when it is not JSON. */
public final class TestJson {

    private TestJson() {
    }

    public static JsonNode json(APIGatewayProxyResponseEvent response) {
        return json(response.getBody());
    }

    public static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
