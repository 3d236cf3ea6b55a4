package dev.kotae.shared.entity;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Clients switch on error codes, so every code the API can answer with is documented. */
class ErrorCodeDocumentationTest {

    @Test
    void everyCodeIsInTheOpenApiContractAndTheReadme() throws IOException {
        var openApi = Files.readString(Path.of("../docs/openapi.yaml"));
        var guide = Files.readString(Path.of("../docs/api.md"));

        assertThat(Arrays.stream(ErrorCode.values()).map(Enum::name)).allSatisfy(code -> {
            assertThat(openApi).as("docs/openapi.yaml").contains(code);
            assertThat(guide).as("docs/api.md").contains("`" + code + "`");
        });
    }
}
