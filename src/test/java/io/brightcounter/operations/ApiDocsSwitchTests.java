package io.brightcounter.operations;

import io.brightcounter.testsupport.Envelopes;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.web.servlet.client.RestTestClient;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "springdoc.api-docs.enabled=false")
@AutoConfigureRestTestClient
class ApiDocsSwitchTests {

    @Autowired
    private RestTestClient client;

    @Test
    void apiDocsAndSwaggerUiCanBeSwitchedOff() {
        this.client.get()
            .uri("/v3/api-docs")
            .exchange()
            .expectStatus()
            .isNotFound()
            .expectBody(String.class)
            .isEqualTo(Envelopes.envelope("Not found.", 404));
        this.client.get().uri("/swagger-ui.html").exchange().expectStatus().isNotFound();
    }

}
