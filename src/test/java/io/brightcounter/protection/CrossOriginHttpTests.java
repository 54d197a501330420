package io.brightcounter.protection;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

import io.brightcounter.testsupport.RawHttp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.brightcounter.testsupport.Envelopes.envelope;
import static io.brightcounter.testsupport.RawHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser policy with one allowed origin, API keys on. (The same settings as
 * {@link ManagementPortHttpTests}, so the two share one application context.)
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "bright-counter.api-keys=web-key-3c9f, ops-key-7d2a",
                "bright-counter.management-requires-api-key=true", "management.server.address=127.0.0.1",
                "bright-counter.cors.allowed-origins=https://app.example.com" })
class CrossOriginHttpTests {

    private static final String ALLOWED = "https://app.example.com";

    private static final String KEY = "Authorization: Bearer web-key-3c9f\r\n";

    private static final String REFUSED = envelope("Origin not allowed.", 403);

    @LocalServerPort
    private int port;

    @Test
    void anOriginNotAllowedIsRefusedBeforeTheKeyAndNothingIsStored() throws IOException {
        String device = UUID.randomUUID().toString();
        for (String headers : new String[] { "Origin: https://evil.example\r\n",
                "Origin: https://evil.example\r\n" + KEY, "Origin: null\r\n" + KEY,
                "Origin: https://app.example.com.evil.example\r\n" + KEY,
                "Origin: http://app.example.com\r\n" + KEY }) {
            RawHttp.Response response = RawHttp.exchange(this.port,
                    post("/api/device-readings/create", batch(device), headers + "Content-Type: text/plain\r\n"));
            assertThat(response.status()).as(headers).isEqualTo(403);
            assertThat(response.body()).isEqualTo(REFUSED);
        }
        assertThat(read(device, KEY).status()).isEqualTo(404);
    }

    @Test
    void theRefusalDoesNotWaitForTheBody() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", this.port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream()
                .write(("POST /api/device-readings/create HTTP/1.1\r\nHost: localhost\r\n"
                        + "Origin: https://evil.example\r\nContent-Length: 1000\r\n\r\n{\"id\":")
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            assertThat(new String(in.readNBytes(12), StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 403");
        }
    }

    @Test
    void requestsWithoutOriginOrFromTheSameOriginAreUnaffected() throws IOException {
        String device = UUID.randomUUID().toString();
        assertThat(RawHttp.exchange(this.port, post("/api/device-readings/create", batch(device), KEY)).status())
            .isEqualTo(201);
        String sameOrigin = "Origin: http://localhost:" + this.port + "\r\n";
        RawHttp.Response response = RawHttp.exchange(this.port,
                ("POST /api/device-readings/create HTTP/1.1\r\n" + "Host: localhost:" + this.port + "\r\n" + sameOrigin
                        + KEY + "Content-Length: " + batch(device).length() + "\r\n\r\n" + batch(device)));
        assertThat(response.status()).isEqualTo(201);
        assertThat(RawHttp
            .exchange(this.port,
                    "GET /api/ping HTTP/1.1\r\nHost: localhost:" + this.port + "\r\n" + sameOrigin + "\r\n")
            .status()).isEqualTo(200);
    }

    @Test
    void anAllowedOriginIsAnsweredWithItsHeadersAndStillNeedsAKey() throws IOException {
        String device = UUID.randomUUID().toString();
        String origin = "Origin: " + ALLOWED + "\r\n";
        RawHttp.Response created = RawHttp.exchange(this.port, post("/api/device-readings/create", batch(device),
                origin + KEY + "Content-Type: application/json\r\n"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
        assertThat(created.header("Vary")).contains("Origin");
        // A page on the allowed origin reads what a create did, as any other client does.
        assertThat(Arrays.asList(created.header("Access-Control-Expose-Headers").split(",\\s*")))
            .contains("Readings-Stored", "Readings-Duplicate", "Readings-Conflicting", "X-Request-Id", "Retry-After");
        assertThat(RawHttp.exchange(this.port, post("/api/device-readings/create", batch(device), origin)).status())
            .isEqualTo(401);
        assertThat(read(device, origin + KEY).body()).isEqualTo("{\"cumulative_count\":3}");
    }

    @Test
    void aPreflightFromAnAllowedOriginListsOnlyTheRoutesMethods() throws IOException {
        RawHttp.Response create = preflight("/api/device-readings/create", ALLOWED, "POST");
        assertThat(create.status()).isEqualTo(200);
        assertThat(create.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
        assertThat(create.header("Access-Control-Allow-Methods")).isEqualTo("POST");
        assertThat(Arrays.asList(create.header("Access-Control-Allow-Headers").split(",\\s*")))
            .contains("Authorization", "Content-Type");
        assertThat(Integer.parseInt(create.header("Access-Control-Max-Age"))).isPositive();
        assertThat(create.header("Vary")).contains("Origin");
        RawHttp.Response read = preflight("/api/device-readings/" + UUID.randomUUID() + "/cumulative-count", ALLOWED,
                "GET");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("Access-Control-Allow-Methods")).isEqualTo("GET,HEAD");
    }

    @Test
    void aPreflightFromAnOriginNotAllowedIsRefused() throws IOException {
        RawHttp.Response response = preflight("/api/device-readings/create", "https://evil.example", "POST");
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).isEqualTo(REFUSED);
        assertThat(response.headers()).doesNotContainKey("access-control-allow-origin");
    }

    private RawHttp.Response preflight(String path, String origin, String method) throws IOException {
        return RawHttp.exchange(this.port,
                "OPTIONS " + path + " HTTP/1.1\r\nHost: localhost\r\nOrigin: " + origin
                        + "\r\nAccess-Control-Request-Method: " + method
                        + "\r\nAccess-Control-Request-Headers: authorization, content-type\r\n\r\n");
    }

    private RawHttp.Response read(String device, String headers) throws IOException {
        return RawHttp.exchange(this.port, "GET /api/device-readings/" + device + "/cumulative-count HTTP/1.1\r\n"
                + "Host: localhost\r\n" + headers + "\r\n");
    }

    private static String batch(String device) {
        return "{\"id\": \"" + device + "\", \"readings\": [{\"count\": 3, \"timestamp\": \"2021-09-29T16:09:15Z\"}]}";
    }

}
