package dev.kotae.sandbox;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static dev.kotae.sandbox.Exchange.JSON;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleTest {

    @ParameterizedTest(name = "{0} -> page: {1}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            // Browsers name HTML and reach JSON only through */* with a lower q.
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8 | true",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8                       | true",
            "text/html                                                                           | true",
            "text/*, application/json;q=0.5                                                      | true",
            // curl, scripts, the SDKs: today's JSON status.
            "*/*                                                                                 | false",
            "application/json                                                                    | false",
            "application/json, text/html                                                         | false",
            "text/html;q=0.5, application/json                                                   | false",
            "text/html;q=0, */*                                                                  | false",
            "text/plain                                                                          | false",
            "text/html;q=oops, application/json                                                  | false",
            "text/html;q=NaN, */*;q=0.5                                                          | false",
            "text/html;q=1e0, */*;q=0.5                                                          | false",
            "text/html;q=2, application/json                                                     | false",
            "text/html;level=1, */*;q=0.8                                                        | false",
            "text/html;q=0.900, application/json;q=0.8                                           | true",
            "''                                                                                  | false",
            "none                                                                                | false"})
    void theConsoleGoesToWhoeverRanksHtmlAboveJson(String accept, boolean page) {
        assertThat(Console.prefersPage(accept)).isEqualTo(page);
    }

    /** As Kotae's delivery status handler reads the events: the furthest status, the first final event winning. */
    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "''                                       | sent      | none",
            "TEXT_SUCCESSFUL                          | sent      | none",
            "TEXT_QUEUED                              | sent      | none",
            "TEXT_SUCCESSFUL TEXT_DELIVERED           | delivered | none",
            "TEXT_DELIVERED TEXT_SUCCESSFUL           | delivered | none",
            "TEXT_SUCCESSFUL TEXT_CARRIER_UNREACHABLE | failed    | TEXT_CARRIER_UNREACHABLE",
            "TEXT_BLOCKED TEXT_DELIVERED              | failed    | TEXT_BLOCKED",
            "TEXT_PENDING TEXT_TTL_EXPIRED            | failed    | TEXT_TTL_EXPIRED"})
    void aMessagesBubbleShowsWhereItsDeliveryEventsPutIt(String events, String status, String failure) {
        var types = events.isBlank() ? List.<String>of() : Arrays.asList(events.trim().split(" "));

        var bubble = ConsoleView.delivery(JSON.createObjectNode(), types);

        assertThat(bubble.get("status").asText()).isEqualTo(status);
        assertThat(bubble.path("failure").asText(null)).isEqualTo(failure);
    }
}
