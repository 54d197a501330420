package io.brightcounter.operations;

import java.io.IOException;
import java.util.List;

import io.brightcounter.testsupport.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;

import static io.brightcounter.testsupport.Envelopes.envelope;
import static io.brightcounter.testsupport.RawHttp.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The management port answers errors with the API's envelope, and, with keys configured
 * and {@code management-requires-api-key} on, asks for a key on everything but the health
 * probes. (The same settings as {@link CrossOriginHttpTests}, so the two share one
 * application context.)
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "bright-counter.api-keys=web-key-3c9f, ops-key-7d2a",
                "bright-counter.management-requires-api-key=true", "management.server.address=127.0.0.1",
                "bright-counter.cors.allowed-origins=https://app.example.com" })
class ManagementPortHttpTests {

    @LocalManagementPort
    private int port;

    @Test
    void aMalformedRequestGetsTheEnvelopeNotHtml() throws IOException {
        RawHttp.Response response = RawHttp.exchange(this.port,
                "GET /actuator/health HTTP/1.1\r\nHost: localhost\r\nno colon here\r\n\r\n");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.body()).isEqualTo(envelope("Bad request.", 400));
    }

    /**
     * Issue 22, finding 8: a matrix parameter or an escaped letter took {@code /error}
     * past the check, and Boot's page answered {@code 200 {"status":999,...}}.
     */
    @ParameterizedTest
    @ValueSource(strings = { "/error", "/error;x=1", "/error;", "/%65rror", "/error/" })
    void theErrorPathIsNotAnEndpointHoweverItIsSpelled(String path) throws IOException {
        RawHttp.Response response = RawHttp.exchange(this.port, get(path));
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEqualTo(envelope("Not found.", 404));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/actuator/health/no-such-group", "/actuator/nothing", "/nothing" })
    void unknownPathsGetTheNotFoundEnvelope(String path) throws IOException {
        RawHttp.Response response = RawHttp.exchange(this.port, get(path));
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.body()).isEqualTo(envelope("Not found.", 404));
    }

    @Test
    void aWrongMethodGetsTheEnvelope() throws IOException {
        RawHttp.Response response = RawHttp.exchange(this.port,
                "DELETE /actuator/health HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(response.status()).isEqualTo(405);
        assertThat(response.body()).isEqualTo(envelope("Method not allowed.", 405));
    }

    /**
     * Issue 22, finding 8: every endpoint but the health probes needs the key, the
     * {@code sbom} endpoint and the index included, however the path is spelled.
     */
    @ParameterizedTest
    @ValueSource(strings = { "/actuator/prometheus", "/actuator/info", "/actuator/sbom", "/actuator/sbom/application",
            "/actuator", "/actuator/prometheus;x=1", "/actuator;x=1" })
    void everythingButTheHealthProbesNeedsAKey(String path) throws IOException {
        RawHttp.Response refused = RawHttp.exchange(this.port, get(path));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(refused.body()).isEqualTo(envelope("Missing or invalid API key.", 401));
        RawHttp.Response answered = RawHttp.exchange(this.port,
                "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ops-key-7d2a\r\n\r\n");
        // The application's SBOM is written when the jar is built: before that it is a
        // 404,
        // but never a refusal for the key.
        assertThat(answered.status())
            .isIn(path.equals("/actuator/sbom/application") ? List.of(200, 404) : List.of(200));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness" })
    void healthProbesStayOpen(String path) throws IOException {
        assertThat(RawHttp.exchange(this.port, get(path)).status()).isEqualTo(200);
    }

}
