package io.brightcounter;

import java.io.IOException;
import java.nio.file.Files;

import io.brightcounter.testsupport.OpenApiValidation;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/openapi.json} is the document the service serves: clients and reviewers
 * read the committed file, so it must not drift from the code. After changing the API,
 * regenerate it with {@code ./mvnw test -Dtest=OpenApiDocumentTests -Dopenapi.write=true}
 * and commit the result.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class OpenApiDocumentTests {

    private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Autowired
    private RestTestClient client;

    @Test
    void committedDocumentIsTheServedOne() throws IOException {
        JsonNode served = this.json.readTree(this.client.get()
            .uri("/v3/api-docs")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody());
        if (Boolean.getBoolean("openapi.write")) {
            Files.writeString(OpenApiValidation.DOCUMENT, this.json.writeValueAsString(served) + "\n");
        }
        JsonNode committed = this.json.readTree(Files.readString(OpenApiValidation.DOCUMENT));
        assertThat(committed)
            .as(OpenApiValidation.DOCUMENT + " differs from /v3/api-docs; regenerate it with "
                    + "./mvnw test -Dtest=OpenApiDocumentTests -Dopenapi.write=true")
            .isEqualTo(served);
    }

}
