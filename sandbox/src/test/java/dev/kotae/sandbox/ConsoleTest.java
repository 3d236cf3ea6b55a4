package dev.kotae.sandbox;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
            "''                                                                                  | false",
            "none                                                                                | false"})
    void theConsoleGoesToWhoeverRanksHtmlAboveJson(String accept, boolean page) {
        assertThat(Console.prefersPage(accept)).isEqualTo(page);
    }
}
