package io.brightcounter.web;

import io.brightcounter.testsupport.Envelopes;
import io.brightcounter.testsupport.FaultyFilterConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The error page follows Spring Boot 4's {@code spring.web.error.path}: the container
 * forwards faults there, so the envelope must be served there too (the Boot 3 name is
 * ignored in Boot 4).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.web.error.path=/failure")
@AutoConfigureRestTestClient
@Import(FaultyFilterConfiguration.class)
class ErrorPathTests {

    @Autowired
    private RestTestClient client;

    @Test
    void faultOutsideMvcIsAnsweredWithTheEnvelopeAtTheConfiguredErrorPath() {
        this.client.get()
            .uri("/api/ping")
            .header(FaultyFilterConfiguration.HEADER, "boom")
            .exchange()
            .expectStatus()
            .isEqualTo(500)
            .expectHeader()
            .contentType(MediaType.APPLICATION_JSON)
            .expectBody(String.class)
            .isEqualTo(Envelopes.envelope("Internal server error.", 500));
    }

}
