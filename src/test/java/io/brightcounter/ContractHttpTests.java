package io.brightcounter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.brightcounter.CreateBodies.create;
import static io.brightcounter.CreateBodies.createRaw;
import static io.brightcounter.CreateBodies.quoted;
import static io.brightcounter.CreateBodies.reading;
import static io.brightcounter.CreateBodies.readingRaw;
import static io.brightcounter.CreateBodies.readings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The HTTP contract end to end, against the application on a random port. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@Import(FaultyFilterConfiguration.class)
class ContractHttpTests {

    private static final int MAX_REQUEST_BYTES = 4 * 1024 * 1024;

    /** The device every invalid batch names: none of them may ever store anything for it. */
    private static final String BATCH_DEVICE = "6f1c8a2e-3b4d-4e5f-9a6b-7c8d9e0f1a2b";

    @Autowired
    private RestTestClient client;

    @LocalServerPort
    private int port;

    @Test
    void pingReturnsOk() {
        this.client.get()
            .uri("/api/ping")
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentType(MediaType.APPLICATION_JSON)
            .expectBody(String.class)
            .isEqualTo("{\"status\":\"ok\"}");
    }

    @Test
    void createThenReadBackAsTheOriginalsReadmeShows() {
        String id = newDeviceId();
        this.client.post()
            .uri("/api/device-readings/create")
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .body(create(id, reading(9, "2021-09-29T16:09:15+01:00"), reading(14, "2021-09-29T16:08:15+01:00")))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectHeader()
            .contentType(MediaType.APPLICATION_JSON)
            .expectBody(String.class)
            .isEqualTo("{\"status\":\"ok\"}");
        expectJson("/api/device-readings/" + id + "/latest-timestamp", 200,
                "{\"timestamp\":\"2021-09-29T16:09:15+0100\"}");
        expectJson("/api/device-readings/" + id.toUpperCase() + "/cumulative-count", 200, "{\"cumulative_count\":23}");
    }

    @Test
    void createWithoutContentTypeIsParsedAsJson() throws IOException {
        String id = newDeviceId();
        String body = create(id, reading(5, "2021-09-29T15:09:15Z"));
        RawHttp.Response response = RawHttp.exchange(this.port, "POST /api/device-readings/create HTTP/1.1\r\n"
                + "Host: localhost\r\nConnection: close\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        assertThat(response.status()).isEqualTo(201);
        expectJson("/api/device-readings/" + id + "/cumulative-count", 200, "{\"cumulative_count\":5}");
    }

    @Test
    void duplicatesAcrossOffsetsAreIgnoredAndTheFirstOffsetIsKept() {
        String id = newDeviceId();
        post(create(id, reading(9, "2021-09-29T16:09:15+01:00")), 201);
        post(create(id, reading(100, "2021-09-29T15:09:15Z"), reading(1, "2021-09-29T10:09:14-0500")), 201);
        post(create(id, reading(100, "2021-09-29T15:09:15z")), 201);
        expectJson("/api/device-readings/" + id + "/latest-timestamp", 200,
                "{\"timestamp\":\"2021-09-29T16:09:15+0100\"}");
        expectJson("/api/device-readings/" + id + "/cumulative-count", 200, "{\"cumulative_count\":10}");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidCreateBodies")
    void createWhenInvalidReturnsTheRowsMessageAndStoresNothing(String message, String body) {
        this.client.post()
            .uri("/api/device-readings/create")
            .contentType(MediaType.APPLICATION_JSON)
            .body(body)
            .exchange()
            .expectStatus()
            .isBadRequest()
            .expectHeader()
            .contentType(MediaType.APPLICATION_JSON)
            .expectBody(String.class)
            .isEqualTo(envelope(message, 400));
        expectJson("/api/device-readings/" + BATCH_DEVICE + "/cumulative-count", 404,
                envelope("Device readings not found.", 404));
    }

    static Stream<Arguments> invalidCreateBodies() {
        String ok = reading(1, "2021-09-29T16:09:15Z");
        String id = quoted(BATCH_DEVICE);
        return Stream.of(arguments("Request body must be valid JSON.", "{\"id\": "),
                arguments("Request body must be valid JSON.", ""),
                arguments("Request body must be a JSON object.", "[" + create(BATCH_DEVICE, ok) + "]"),
                arguments("Field 'id' is required.", "{\"readings\": " + readings(ok) + "}"),
                arguments("Field 'readings' is required.", createRaw(id, "[]")),
                arguments("Device ID must be valid UUID string.", create("123", ok)),
                arguments("Field 'readings' must be an array of reading objects.", createRaw(id, readings(ok, "5"))),
                arguments("Field 'readings' contains invalid 'count' value. Must be positive integer.",
                        create(BATCH_DEVICE, ok, readingRaw("5.0", quoted("2021-09-29T16:09:16Z")))),
                arguments("Field 'readings' contains invalid 'timestamp' value. Must be ISO-8601 timestamp string.",
                        create(BATCH_DEVICE, ok, reading(5, "2021-09-29T16:09:16"))),
                arguments("Cumulative count for device would exceed the supported maximum.",
                        create(BATCH_DEVICE, reading(Long.MAX_VALUE, "2021-09-29T16:09:15Z"),
                                reading(1, "2021-09-29T16:09:16Z"))));
    }

    @Test
    void readsWithInvalidDeviceIdReturn400() {
        expectJson("/api/device-readings/not-a-uuid/latest-timestamp", 400,
                envelope("Device ID must be valid UUID string.", 400));
        expectJson("/api/device-readings/063c5957-8905-15f9-bfe3-960713788919/cumulative-count", 400,
                envelope("Device ID must be valid UUID string.", 400));
    }

    @Test
    void readsNeverCreateADevice() {
        String id = newDeviceId();
        expectJson("/api/device-readings/" + id + "/latest-timestamp", 404, envelope("Device readings not found.", 404));
        expectJson("/api/device-readings/" + id + "/latest-timestamp", 404, envelope("Device readings not found.", 404));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/", "/api", "/api/pong", "/api/ping/", "/actuator/health", "/error",
            "/api/device-readings/063c5957-8905-45f9-bfe3-960713788919", "/api/device-readings/create/x" })
    void unknownPathsReturn404Envelope(String path) {
        expectJson(path, 404, envelope("Not found.", 404));
    }

    @Test
    void wrongMethodReturns405WithAllowHeader() {
        this.client.delete()
            .uri("/api/ping")
            .exchange()
            .expectStatus()
            .isEqualTo(405)
            .expectHeader()
            .valueEquals("Allow", "GET")
            .expectBody(String.class)
            .isEqualTo(envelope("Method not allowed.", 405));
        this.client.put()
            .uri("/api/device-readings/create")
            .exchange()
            .expectStatus()
            .isEqualTo(405)
            .expectHeader()
            .valueEquals("Allow", "POST")
            .expectBody(String.class)
            .isEqualTo(envelope("Method not allowed.", 405));
    }

    @Test
    void headAndOptionsFollowHttp() {
        this.client.head().uri("/api/ping").exchange().expectStatus().isOk().expectBody().isEmpty();
        this.client.options()
            .uri("/api/device-readings/create")
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .valueEquals("Allow", "POST,OPTIONS");
    }

    @Test
    void responsesAreJsonWhateverTheClientAccepts() {
        this.client.get()
            .uri("/api/ping")
            .accept(MediaType.TEXT_HTML)
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentType(MediaType.APPLICATION_JSON);
        this.client.get()
            .uri("/api/nope")
            .accept(MediaType.TEXT_HTML)
            .exchange()
            .expectStatus()
            .isNotFound()
            .expectHeader()
            .contentType(MediaType.APPLICATION_JSON)
            .expectBody(String.class)
            .isEqualTo(envelope("Not found.", 404));
    }

    @Test
    void bodyOfExactlyTheLimitIsAccepted() throws IOException {
        String id = newDeviceId();
        String json = create(id, reading(3, "2021-09-29T16:09:15Z"));
        byte[] body = (json + " ".repeat(MAX_REQUEST_BYTES - json.length())).getBytes(StandardCharsets.UTF_8);
        assertThat(RawHttp.post(this.port, "/api/device-readings/create", body).status()).isEqualTo(201);
        assertThat(RawHttp.postChunked(this.port, "/api/device-readings/create", body, 100_000).status())
            .isEqualTo(201);
        expectJson("/api/device-readings/" + id + "/cumulative-count", 200, "{\"cumulative_count\":3}");
    }

    /** Bodies far over the limit (megabytes of upload) are in {@link LargeBodyIT}. */
    @Test
    void bodyOverTheLimitReturns413EvenWhenSentInFullBeforeReading() throws IOException {
        int excess = 1;
        String id = newDeviceId();
        String json = create(id, reading(3, "2021-09-29T16:09:15Z"));
        byte[] body = (json + " ".repeat(MAX_REQUEST_BYTES + excess - json.length())).getBytes(StandardCharsets.UTF_8);
        RawHttp.Response declared = RawHttp.post(this.port, "/api/device-readings/create", body);
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.header("Content-Type")).isEqualTo("application/json");
        assertThat(declared.header("Connection")).isEqualTo("close");
        assertThat(declared.body()).isEqualTo(envelope("Request body too large.", 413));
        RawHttp.Response chunked = RawHttp.postChunked(this.port, "/api/device-readings/create", body, 64 * 1024);
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.body()).isEqualTo(envelope("Request body too large.", 413));
        expectJson("/api/device-readings/" + id + "/cumulative-count", 404, envelope("Device readings not found.", 404));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "GARBAGE\r\n\r\n", "GET /api/ping HTTP/1.1\r\nHost: localhost\r\nBad Header\r\n\r\n",
            "GET /api/%zz HTTP/1.1\r\nHost: localhost\r\n\r\n", "GET /api/pi{ng HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET /api/ping HTTP/1.1\r\n\r\n",
            "POST /api/device-readings/create HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n\r\n" })
    void requestsTheContainerRejectsGetTheEnvelope(String request) throws IOException {
        RawHttp.Response response = RawHttp.exchange(this.port, request);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body()).isEqualTo(envelope("Bad request.", 400));
    }

    @Test
    void faultInAFilterReturns500Envelope() {
        this.client.get()
            .uri("/api/ping")
            .header(FaultyFilterConfiguration.HEADER, "boom")
            .exchange()
            .expectStatus()
            .isEqualTo(500)
            .expectHeader()
            .contentType(MediaType.APPLICATION_JSON)
            .expectBody(String.class)
            .isEqualTo(envelope("Internal server error.", 500));
    }

    private void post(String body, int status) {
        this.client.post()
            .uri("/api/device-readings/create")
            .contentType(MediaType.APPLICATION_JSON)
            .body(body)
            .exchange()
            .expectStatus()
            .isEqualTo(status);
    }

    private void expectJson(String path, int status, String body) {
        this.client.get()
            .uri(path)
            .exchange()
            .expectStatus()
            .isEqualTo(status)
            .expectHeader()
            .contentType(MediaType.APPLICATION_JSON)
            .expectBody(String.class)
            .isEqualTo(body);
    }

    static String envelope(String message, int status) {
        return "{\"status\":\"error\",\"error_message\":\"" + message + "\",\"status_code\":" + status + "}";
    }

    private static String newDeviceId() {
        return UUID.randomUUID().toString();
    }

}
