package io.brightcounter.web;

import java.io.IOException;
import java.util.UUID;
import java.util.stream.Stream;

import io.brightcounter.testsupport.RawHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.brightcounter.testsupport.Envelopes.envelope;
import static io.brightcounter.testsupport.RawHttp.get;
import static io.brightcounter.testsupport.RawHttp.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Headers every response carries, whoever answers it (a controller, Spring's error
 * handling, the container refusing a malformed request, the management port), the
 * {@code OPTIONS} answer, the 501s and the default browser policy.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ResponseHeadersHttpTests {

    private static final String DEVICE = "0a6f3c1e-2b4d-4c5e-8f9a-0b1c2d3e4f5a";

    private static final String BATCH = "{\"id\": \"" + DEVICE
            + "\", \"readings\": [{\"count\": 3, \"timestamp\": \"2021-09-29T16:09:15+01:00\"}]}";

    @LocalServerPort
    private int port;

    @LocalManagementPort
    private int managementPort;

    @BeforeEach
    void storeOneDevice() throws IOException {
        assertThat(RawHttp.exchange(this.port, post("/api/device-readings/create", BATCH, "")).status()).isEqualTo(201);
    }

    static Stream<Arguments> apiRequests() {
        return Stream.of(arguments("ping", get("/api/ping"), 200),
                arguments("create", post("/api/device-readings/create", BATCH, ""), 201),
                arguments("create, invalid", post("/api/device-readings/create", "{", ""), 400),
                arguments("latest timestamp", get("/api/device-readings/" + DEVICE + "/latest-timestamp"), 200),
                arguments("cumulative count", get("/api/device-readings/" + DEVICE + "/cumulative-count"), 200),
                arguments("unknown device", get("/api/device-readings/" + UUID.randomUUID() + "/cumulative-count"),
                        404),
                arguments("invalid device id", get("/api/device-readings/nope/latest-timestamp"), 400),
                arguments("unknown path", get("/api/nothing-here"), 404),
                arguments("wrong method", "DELETE /api/ping HTTP/1.1\r\nHost: localhost\r\n\r\n", 405),
                arguments("options", "OPTIONS /api/ping HTTP/1.1\r\nHost: localhost\r\n\r\n", 200),
                arguments("error path", get("/error"), 404),
                arguments("malformed header (the container answers)",
                        "GET /api/ping HTTP/1.1\r\nHost: localhost\r\nno colon here\r\n\r\n", 400),
                arguments("unknown transfer coding (the container answers)",
                        "POST /api/device-readings/create HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: xchunked\r\n\r\n",
                        501));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apiRequests")
    void everyApiResponseIsNosniffAndNeverStored(String name, String request, int status) throws IOException {
        RawHttp.Response response = RawHttp.exchange(this.port, request);
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.header("Content-Type")).startsWith("application/json");
    }

    static Stream<Arguments> managementRequests() {
        return Stream.of(arguments("health", get("/actuator/health"), 200),
                arguments("readiness", get("/actuator/health/readiness"), 200),
                arguments("prometheus", get("/actuator/prometheus"), 200),
                arguments("unknown path", get("/actuator/nothing"), 404), arguments("malformed header",
                        "GET /actuator/health HTTP/1.1\r\nHost: localhost\r\nno colon here\r\n\r\n", 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("managementRequests")
    void everyManagementResponseIsNosniff(String name, String request, int status) throws IOException {
        RawHttp.Response response = RawHttp.exchange(this.managementPort, request);
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void optionsListsOnlyTheRoutesMethodsWithAJsonBody() throws IOException {
        RawHttp.Response create = RawHttp.exchange(this.port,
                "OPTIONS /api/device-readings/create HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(create.status()).isEqualTo(200);
        assertThat(create.header("Allow")).isEqualTo("POST,OPTIONS");
        assertThat(create.headers()).doesNotContainKey("accept-patch");
        assertThat(create.header("Content-Type")).startsWith("application/json");
        assertThat(create.body()).isEqualTo("{\"status\":\"ok\"}");
        RawHttp.Response read = RawHttp.exchange(this.port,
                "OPTIONS /api/device-readings/" + DEVICE + "/latest-timestamp HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(read.header("Allow")).isEqualTo("GET,HEAD,OPTIONS");
        assertThat(read.headers()).doesNotContainKey("accept-patch");
        RawHttp.Response unknown = RawHttp.exchange(this.port,
                "OPTIONS /api/nothing HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo(envelope("Not found.", 404));
    }

    @Test
    void unknownTransferCodingsAndConnectAreNotImplemented() throws IOException {
        RawHttp.Response coding = RawHttp.exchange(this.port, "POST /api/device-readings/create HTTP/1.1\r\n"
                + "Host: localhost\r\nTransfer-Encoding: xchunked\r\n\r\n");
        assertThat(coding.status()).isEqualTo(501);
        assertThat(coding.body()).isEqualTo(envelope("Not implemented.", 501));
        RawHttp.Response connect = RawHttp.exchange(this.port,
                "CONNECT localhost:" + this.port + " HTTP/1.1\r\nHost: localhost:" + this.port + "\r\n\r\n");
        assertThat(connect.status()).isEqualTo(501);
        assertThat(connect.body()).isEqualTo(envelope("Not implemented.", 501));
    }

    @Test
    void aCrossSitePostIsRefusedWhenNoOriginIsAllowed() throws IOException {
        String device = UUID.randomUUID().toString();
        String batch = BATCH.replace(DEVICE, device);
        RawHttp.Response response = RawHttp.exchange(this.port, post("/api/device-readings/create", batch,
                "Origin: https://evil.example\r\nContent-Type: text/plain\r\n"));
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).isEqualTo(envelope("Origin not allowed.", 403));
        assertThat(RawHttp.exchange(this.port, get("/api/device-readings/" + device + "/cumulative-count")).status())
            .isEqualTo(404);
    }

}
