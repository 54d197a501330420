package io.brightcounter;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import io.brightcounter.testsupport.FaultyFilterConfiguration;
import io.brightcounter.testsupport.OpenApiValidation;
import io.brightcounter.testsupport.RawHttp;
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

import static io.brightcounter.testsupport.CreateBodies.create;
import static io.brightcounter.testsupport.CreateBodies.createRaw;
import static io.brightcounter.testsupport.CreateBodies.quoted;
import static io.brightcounter.testsupport.CreateBodies.reading;
import static io.brightcounter.testsupport.CreateBodies.readingRaw;
import static io.brightcounter.testsupport.CreateBodies.readings;
import static io.brightcounter.testsupport.Envelopes.envelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The HTTP contract end to end, against the application on a random port. Every response
 * the client receives is also checked against docs/openapi.json
 * ({@link OpenApiValidation}).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@Import({ FaultyFilterConfiguration.class, OpenApiValidation.class })
class ContractHttpTests {

    private static final int MAX_REQUEST_BYTES = 4 * 1024 * 1024;

    /**
     * The device every invalid batch names: none of them may ever store anything for it.
     */
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
                arguments("Cumulative count for device would exceed the supported maximum.", create(BATCH_DEVICE,
                        reading(Long.MAX_VALUE, "2021-09-29T16:09:15Z"), reading(1, "2021-09-29T16:09:16Z"))));
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
        expectJson("/api/device-readings/" + id + "/latest-timestamp", 404,
                envelope("Device readings not found.", 404));
        expectJson("/api/device-readings/" + id + "/latest-timestamp", 404,
                envelope("Device readings not found.", 404));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/index.html", "/api", "/api/pong", "/api/ping/", "/actuator/health", "/error",
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
        expectJson("/api/device-readings/" + id + "/cumulative-count", 404,
                envelope("Device readings not found.", 404));
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

    @Test
    void createReportsWhatItStoredInHeadersWithTheBodyUnchanged() {
        String id = newDeviceId();
        String readings = "{\"count\": 9, \"timestamp\": \"2021-09-29T16:09:15+01:00\"}, "
                + "{\"count\": 14, \"timestamp\": \"2021-09-29T16:08:15+01:00\"}, "
                + "{\"count\": 5, \"timestamp\": \"2021-09-29T15:09:15Z\"}";
        expectCreateFeedback(id, readings, "2", "1");
        expectCreateFeedback(id, readings + ", {\"count\": 1, \"timestamp\": \"2021-09-29T16:10:15+01:00\"}", "1", "3");
        expectCreateFeedback(id, readings, "0", "3");
    }

    @Test
    void summaryOfOneDeviceHasEveryFigureInContractOrder() {
        String id = newDeviceId();
        post(createRaw(quoted(id), "[" + "{\"count\": 9, \"timestamp\": \"2021-09-29T16:09:15+01:00\"}, "
                + "{\"count\": 14, \"timestamp\": \"2021-09-29T16:08:15+01:00\"}" + "]"), 201);
        post(createRaw(quoted(id), "[" + "{\"count\": 100, \"timestamp\": \"2021-09-29T15:08:15Z\"}" + "]"), 201);
        expectAt("/api/devices/" + id.toUpperCase(), 200, "{\"device_id\":\"" + id
                + "\",\"latest_timestamp\":\"2021-09-29T16:09:15+0100\",\"earliest_timestamp\":\"2021-09-29T16:08:15+0100\","
                + "\"cumulative_count\":23,\"readings\":2}");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("fieldSelections")
    void summaryFieldsChooseKeysWhichKeepContractOrder(String query, String oneDevice, String inLookup) {
        String id = summaryDevice();
        expectAt("/api/devices/" + id + "?" + query, 200, oneDevice.replace("ID", id));
        expectAt("/api/devices?id=" + id + "&" + query, 200,
                "{\"devices\":[" + inLookup.replace("ID", id) + "],\"not_found\":[]}");
    }

    static Stream<Arguments> fieldSelections() {
        String id = "\"device_id\":\"ID\"";
        String latest = "\"latest_timestamp\":\"2021-09-29T16:09:15+0100\"";
        String earliest = "\"earliest_timestamp\":\"2021-09-29T13:08:15-0100\"";
        String count = "\"cumulative_count\":23";
        String readings = "\"readings\":2";
        return Stream.of(
                arguments("fields=latest_timestamp,cumulative_count", "{" + latest + "," + count + "}",
                        "{" + id + "," + latest + "," + count + "}"),
                arguments("fields=readings,cumulative_count,readings,earliest_timestamp",
                        "{" + earliest + "," + count + "," + readings + "}",
                        "{" + id + "," + earliest + "," + count + "," + readings + "}"),
                arguments("fields=readings&fields=device_id", "{" + id + "," + readings + "}",
                        "{" + id + "," + readings + "}"),
                arguments("fields=device_id", "{" + id + "}", "{" + id + "}"),
                arguments("fields=cumulative_count%2Clatest_timestamp&unknown=1", "{" + latest + "," + count + "}",
                        "{" + id + "," + latest + "," + count + "}"),
                arguments("fields=readings,earliest_timestamp,latest_timestamp,device_id,cumulative_count",
                        "{" + id + "," + latest + "," + earliest + "," + count + "," + readings + "}",
                        "{" + id + "," + latest + "," + earliest + "," + count + "," + readings + "}"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = { "fields=", "fields", "fields=,", "fields=timestamp", "fields=readings,",
            "fields=readings,,cumulative_count", "fields=Readings", "fields=%20readings", "fields=readings&fields=",
            "fields=readings&fields=count" })
    void summaryFieldsThatAreEmptyOrUnknownReturn400(String query) {
        String id = summaryDevice();
        String message = envelope("Query parameter 'fields' must list known fields.", 400);
        expectAt("/api/devices/" + id + "?" + query, 400, message);
        expectAt("/api/devices?id=" + id + "&" + query, 400, message);
        // Checked before the store is asked: a device with no readings gets the same
        // answer.
        expectAt("/api/devices/" + newDeviceId() + "?" + query, 400, message);
    }

    @ParameterizedTest
    @ValueSource(
            strings = { "not-a-uuid", "063c5957-8905-15f9-bfe3-960713788919", "063c59578905-45f9-bfe3-960713788919",
                    "%20063c5957-8905-45f9-bfe3-960713788919", "%7B063c5957-8905-45f9-bfe3-960713788919%7D" })
    void summaryWithInvalidDeviceIdReturns400(String id) {
        String message = envelope("Device ID must be valid UUID string.", 400);
        expectAt("/api/devices/" + id, 400, message);
        expectAt("/api/devices/" + id + "?fields=nonsense", 400, message);
        expectAt("/api/devices?id=" + summaryDevice() + "," + id, 400, message);
        expectAt("/api/devices?id=" + id + "&fields=nonsense", 400, message);
    }

    @Test
    void summaryOfADeviceWithoutReadingsReturns404AndCreatesNothing() {
        String id = newDeviceId();
        expectAt("/api/devices/" + id, 404, envelope("Device readings not found.", 404));
        expectAt("/api/devices/" + id + "?fields=readings", 404, envelope("Device readings not found.", 404));
        expectAt("/api/device-readings/" + id + "/cumulative-count", 404, envelope("Device readings not found.", 404));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/devices/", "/api/devices/063c5957-8905-45f9-bfe3-960713788919/history" })
    void pathsBesideTheSummariesReturn404(String path) {
        expectAt(path, 404, envelope("Not found.", 404));
    }

    @Test
    void lookupListsEachDeviceOnceInOrderOfFirstMentionWithTheUnknownOnesApart() {
        String first = summaryDevice();
        String second = newDeviceId();
        post(createRaw(quoted(second), "[" + "{\"count\": 4, \"timestamp\": \"2021-09-29T16:00:00Z\"}" + "]"), 201);
        String unknown = newDeviceId();
        String otherUnknown = newDeviceId();
        String query = "id=" + unknown.toUpperCase() + "," + second + "&id=" + first.toUpperCase() + "&id="
                + second.toUpperCase() + "%2C" + otherUnknown + "," + unknown + "&id=" + first;
        expectAt("/api/devices?" + query + "&fields=cumulative_count", 200,
                "{\"devices\":[{\"device_id\":\"" + second + "\",\"cumulative_count\":4},{\"device_id\":\"" + first
                        + "\",\"cumulative_count\":23}]," + "\"not_found\":[\"" + unknown + "\",\"" + otherUnknown
                        + "\"]}");
        expectAt("/api/devices?id=" + second, 200, "{\"devices\":[{\"device_id\":\"" + second
                + "\",\"latest_timestamp\":\"2021-09-29T16:00:00+0000\",\"earliest_timestamp\":\"2021-09-29T16:00:00+0000\","
                + "\"cumulative_count\":4,\"readings\":1}],\"not_found\":[]}");
        expectAt("/api/devices?id=" + unknown, 200, "{\"devices\":[],\"not_found\":[\"" + unknown + "\"]}");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "?", "?fields=readings", "?ids=063c5957-8905-45f9-bfe3-960713788919", "?id=", "?id",
            "?id=,", "?id=&id=" })
    void lookupWithoutIdsReturns400(String query) {
        expectAt("/api/devices" + query, 400, envelope("Query parameter 'id' is required.", 400));
    }

    @ParameterizedTest
    @ValueSource(strings = { "?id=ID,,ID", "?id=ID,", "?id=,ID", "?id=ID&id=", "?id=ID,%20ID", "?id=ID%20" })
    void lookupWithAnEmptyOrPaddedIdAmongOthersReturns400(String query) {
        expectAt("/api/devices" + query.replace("ID", summaryDevice()), 400,
                envelope("Device ID must be valid UUID string.", 400));
    }

    @Test
    void lookupTakesUpTo1000DistinctDevices() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(newDeviceId());
        }
        String known = summaryDevice();
        ids.set(500, known);
        // Mentioning a device again, in either case, does not count against the limit.
        String commaSeparated = "/api/devices?fields=readings&id=" + String.join(",", ids) + "," + known.toUpperCase();
        String body = this.client.get()
            .uri(absolute(commaSeparated))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
        assertThat(body).startsWith("{\"devices\":[{\"device_id\":\"" + known + "\",\"readings\":2}],\"not_found\":[\""
                + ids.get(0) + "\",");
        assertThat(body.substring(body.indexOf("not_found")).split(",")).hasSize(999);
        String repeated = "/api/devices?id=" + String.join("&id=", ids);
        this.client.get().uri(absolute(repeated)).exchange().expectStatus().isOk();
        String tooMany = envelope("Query parameter 'id' lists more than 1000 devices.", 400);
        expectAt(commaSeparated + "," + newDeviceId(), 400, tooMany);
        expectAt(repeated + "&id=" + newDeviceId(), 400, tooMany);
    }

    @Test
    void summariesAreJsonWhateverTheClientAccepts() {
        String id = summaryDevice();
        this.client.get()
            .uri("/api/devices/" + id)
            .accept(MediaType.TEXT_HTML)
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentType(MediaType.APPLICATION_JSON);
        this.client.post()
            .uri("/api/devices/" + id)
            .exchange()
            .expectStatus()
            .isEqualTo(405)
            .expectHeader()
            .value("Allow", (allow) -> assertThat(allow.split(",")).containsExactlyInAnyOrder("GET", "DELETE"))
            .expectBody(String.class)
            .isEqualTo(envelope("Method not allowed.", 405));
    }

    @Test
    void createCountsDuplicatesWithAnotherCountAsConflicting() {
        String id = newDeviceId();
        post(createRaw(quoted(id), "[{\"count\": 9, \"timestamp\": \"2021-09-29T16:09:15+01:00\"}]"), 201);
        this.client.post()
            .uri("/api/device-readings/create")
            .body(createRaw(quoted(id),
                    "[{\"count\": 10, \"timestamp\": \"2021-09-29T15:09:15Z\"}, "
                            + "{\"count\": 9, \"timestamp\": \"2021-09-29T16:09:15+01:00\"}, "
                            + "{\"count\": 1, \"timestamp\": \"2021-09-29T16:10:00Z\"}, "
                            + "{\"count\": 2, \"timestamp\": \"2021-09-29T16:10:00Z\"}]"))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectHeader()
            .valueEquals("Readings-Stored", "1")
            .expectHeader()
            .valueEquals("Readings-Duplicate", "3")
            .expectHeader()
            .valueEquals("Readings-Conflicting", "2");
    }

    @Test
    void historyListsReadingsInInstantOrderEachWithItsOwnCountAndOffset() {
        String id = summaryDevice();
        String early = "{\"timestamp\":\"2021-09-29T13:08:15-0100\",\"count\":14}";
        String late = "{\"timestamp\":\"2021-09-29T16:09:15+0100\",\"count\":9}";
        String device = "{\"device_id\":\"" + id + "\",\"readings\":[";
        expectAt("/api/devices/" + id.toUpperCase() + "/readings", 200,
                device + early + "," + late + "],\"next\":null}");
        expectAt("/api/devices/" + id + "/readings?limit=1", 200,
                device + early + "],\"next\":\"2021-09-29T16:09:15+0100\"}");
        // An unencoded + arrives as a space, which stands for the offset's sign.
        expectAt("/api/devices/" + id + "/readings?from=2021-09-29T16:09:15+01:00", 200,
                device + late + "],\"next\":null}");
        expectAt("/api/devices/" + id + "/readings?from=2021-09-29T16:09:15%2B0100&to=2021-09-29T15:09:16Z", 200,
                device + late + "],\"next\":null}");
        expectAt("/api/devices/" + id + "/readings?to=2021-09-29T14:08:15Z", 200, device + "],\"next\":null}");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidHistoryQueries")
    void historyChecksItsQueryInContractOrder(String query, String message) {
        String id = summaryDevice();
        expectAt("/api/devices/" + id + "/readings?" + query, 400, envelope(message, 400));
        expectAt("/api/devices/" + newDeviceId() + "/readings?" + query, 400, envelope(message, 400));
        expectAt("/api/devices/not-a-uuid/readings?" + query, 400,
                envelope("Device ID must be valid UUID string.", 400));
    }

    static Stream<Arguments> invalidHistoryQueries() {
        String from = "Query parameter 'from' must be ISO-8601 timestamp string.";
        String to = "Query parameter 'to' must be ISO-8601 timestamp string.";
        String after = "Query parameter 'to' must be after 'from'.";
        String limit = "Query parameter 'limit' must be an integer from 1 to 10000.";
        return Stream.of(arguments("from=2021-09-29&to=x&limit=0", from), arguments("from=", from),
                arguments("from=2021-09-29T16:00:00.5Z", from), arguments("to=yesterday&limit=0", to),
                arguments("from=2021-09-29T16:00:00Z&to=2021-09-29T17:00:00+01:00&limit=0", after),
                arguments("from=2021-09-29T16:00:00Z&to=2021-09-29T15:00:00Z", after), arguments("limit=0", limit),
                arguments("limit=10001", limit), arguments("limit=", limit), arguments("limit=1.0", limit),
                arguments("limit=-1", limit));
    }

    @Test
    void historyAndSeriesOfADeviceWithoutReadingsAre404() {
        String id = newDeviceId();
        expectAt("/api/devices/" + id + "/readings", 404, envelope("Device readings not found.", 404));
        expectAt("/api/devices/" + id + "/series?from=2021-09-29T16:00:00Z&to=2021-09-29T17:00:00Z&step=PT1H", 404,
                envelope("Device readings not found.", 404));
    }

    @Test
    void seriesListsEveryBucketStartingInTheOffsetOfFrom() {
        String id = summaryDevice();
        String bucket = "{\"start\":\"%s\",\"cumulative_count\":%d,\"readings\":%d}";
        expectAt("/api/devices/" + id + "/series?from=2021-09-29T14:00:00Z&to=2021-09-29T16:30:00Z&step=PT1H", 200,
                "{\"device_id\":\"" + id + "\",\"step_seconds\":3600,\"buckets\":["
                        + String.format(bucket, "2021-09-29T14:00:00+0000", 14, 1) + ","
                        + String.format(bucket, "2021-09-29T15:00:00+0000", 9, 1) + ","
                        + String.format(bucket, "2021-09-29T16:00:00+0000", 0, 0) + "]}");
        expectAt("/api/devices/" + id + "/series?from=2021-09-29T15:00:00+01:00&to=2021-09-30T15:00:00+01:00&step=P1D",
                200, "{\"device_id\":\"" + id + "\",\"step_seconds\":86400,\"buckets\":["
                        + String.format(bucket, "2021-09-29T15:00:00+0100", 23, 2) + "]}");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidSeriesQueries")
    void seriesChecksItsQueryInContractOrder(String query, String message) {
        String id = summaryDevice();
        expectAt("/api/devices/" + id + "/series?" + query, 400, envelope(message, 400));
        expectAt("/api/devices/" + newDeviceId() + "/series?" + query, 400, envelope(message, 400));
    }

    static Stream<Arguments> invalidSeriesQueries() {
        String ok = "2021-09-29T16:00:00Z";
        String step = "Query parameter 'step' must be ISO-8601 duration of at least one second.";
        return Stream.of(arguments("to=x&step=x", "Query parameter 'from' is required."),
                arguments("from=x&step=x", "Query parameter 'to' is required."),
                arguments("from=x&to=x", "Query parameter 'step' is required."),
                arguments("from=x&to=x&step=x", "Query parameter 'from' must be ISO-8601 timestamp string."),
                arguments("from=" + ok + "&to=x&step=x", "Query parameter 'to' must be ISO-8601 timestamp string."),
                arguments("from=" + ok + "&to=" + ok + "&step=PT0S", step),
                arguments("from=" + ok + "&to=" + ok + "&step=P1W", step),
                arguments("from=" + ok + "&to=" + ok + "&step=PT1.5S", step),
                arguments("from=" + ok + "&to=" + ok + "&step=1h", step),
                arguments("from=" + ok + "&to=" + ok + "&step=PT1H", "Query parameter 'to' must be after 'from'."),
                arguments("from=" + ok + "&to=2022-12-01T16:00:00Z&step=PT1H",
                        "Query range has more than 10000 buckets."));
    }

    @Test
    void deletingDevicesIsOffByDefault() {
        String id = summaryDevice();
        this.client.delete()
            .uri("/api/devices/" + id)
            .header("Authorization", "Bearer anything")
            .exchange()
            .expectStatus()
            .isForbidden()
            .expectBody(String.class)
            .isEqualTo(envelope("Deleting devices is not enabled.", 403));
        expectAt("/api/devices/" + id + "?fields=readings", 200, "{\"readings\":2}");
    }

    /**
     * A new device with two readings: 9 at 16:09:15+01:00 and 14 at 13:08:15-01:00, the
     * earliest.
     */
    private String summaryDevice() {
        String id = newDeviceId();
        post(createRaw(quoted(id), "[" + "{\"count\": 9, \"timestamp\": \"2021-09-29T16:09:15+01:00\"}, "
                + "{\"count\": 14, \"timestamp\": \"2021-09-29T13:08:15-01:00\"}" + "]"), 201);
        return id;
    }

    /**
     * Like {@link #expectJson}, with the path sent exactly as written (its escapes not
     * escaped again).
     */
    private void expectAt(String path, int status, String body) {
        this.client.get()
            .uri(absolute(path))
            .exchange()
            .expectStatus()
            .isEqualTo(status)
            .expectHeader()
            .contentType(MediaType.APPLICATION_JSON)
            .expectBody(String.class)
            .isEqualTo(body);
    }

    private URI absolute(String path) {
        return URI.create("http://localhost:" + this.port + path);
    }

    private void expectCreateFeedback(String id, String readings, String stored, String duplicates) {
        this.client.post()
            .uri("/api/device-readings/create")
            .contentType(MediaType.APPLICATION_JSON)
            .body(createRaw(quoted(id), "[" + readings + "]"))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectHeader()
            .valueEquals("Readings-Stored", stored)
            .expectHeader()
            .valueEquals("Readings-Duplicate", duplicates)
            .expectBody(String.class)
            .isEqualTo("{\"status\":\"ok\"}");
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

    private static String newDeviceId() {
        return UUID.randomUUID().toString();
    }

}
