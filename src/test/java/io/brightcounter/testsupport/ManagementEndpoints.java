package io.brightcounter.testsupport;

import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Reads Actuator endpoints on the management port, which a test's own client (bound to
 * the API port) does not reach.
 */
public final class ManagementEndpoints {

    private ManagementEndpoints() {
    }

    /** The body of {@code GET path}, failing the test unless the answer is 200. */
    public static String okBody(int managementPort, String path) {
        return RestTestClient.bindToServer()
            .baseUrl("http://localhost:" + managementPort)
            .build()
            .get()
            .uri(path)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    }

}
