package io.brightcounter.operations.errortracking;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.brightcounter.readings.memory.InMemoryDeviceReadingStore;
import io.brightcounter.readings.memory.journal.FaultyJournalFileSystem;
import io.brightcounter.testsupport.FaultyDiskConfiguration;
import io.brightcounter.testsupport.FaultyFilterConfiguration;
import io.brightcounter.testsupport.SentryReceiver;
import io.sentry.Sentry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.info.GitProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.willThrow;

/**
 * Error tracking on, sending to a stand-in for Sentry on loopback: a 500 and a failed
 * journal write are one event each, with the request id, trace id, route template,
 * release, environment and store, and none of what must never leave the service (the
 * device id, the API key, the query string, the body) is anywhere in what is sent.
 * Contract errors send nothing. Sentry sends from a queue of its own: each test flushes
 * it before looking, so what was logged has arrived.
 *
 * <p>
 * Sentry and its appender are process-wide: this context is closed after the class, which
 * takes both down before another test class runs.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "bright-counter.journal.mode=fsync", "bright-counter.api-keys=" + ErrorTrackingHttpTests.API_KEY,
                "sentry.environment=staging-eu", "management.tracing.export.enabled=true" })
@Import({ FaultyFilterConfiguration.class, FaultyDiskConfiguration.class })
@DirtiesContext
class ErrorTrackingHttpTests {

    static final String API_KEY = "k3y-Never-Sent-7f41";

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

    private static final String QUERY_SECRET = "q-secret-5521";

    private static final String COUNT = "987654321";

    private static final String TIMESTAMP = "2021-09-29T16:09:15+01:00";

    private static final SentryReceiver receiver = SentryReceiver.start();

    @MockitoSpyBean
    private InMemoryDeviceReadingStore store;

    @Autowired
    private FaultyJournalFileSystem disk;

    @Autowired
    private GitProperties git;

    @LocalServerPort
    private int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void sentryDsn(DynamicPropertyRegistry registry) {
        registry.add("sentry.dsn", receiver::dsn);
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Test
    void aFaultInAnEndpointIsOneEventWithItsRequestTraceRouteReleaseEnvironmentAndStore() throws Exception {
        String device = UUID.randomUUID().toString();
        willThrow(new IllegalStateException("Store failed for device " + device.toUpperCase(Locale.ROOT)))
            .given(this.store)
            .add(eq(UUID.fromString(device)), any());
        int before = receiver.events().size();

        HttpResponse<String> response = send(request("/api/device-readings/create?session=" + QUERY_SECRET, "fault-500")
            .POST(HttpRequest.BodyPublishers.ofString(body(device))));

        assertThat(response.statusCode()).isEqualTo(500);
        JsonNode event = onlyEventSince(before);
        assertThat(tags(event)).containsEntry("requestId", "fault-500")
            .containsEntry("traceId", TRACE_ID)
            .containsEntry("route", "/api/device-readings/create")
            .containsEntry("store", "memory");
        assertThat(event.get("transaction").asString()).isEqualTo("POST /api/device-readings/create");
        assertThat(event.get("contexts").get("trace").get("trace_id").asString()).as("Sentry's trace is the request's")
            .isEqualTo(TRACE_ID);
        assertThat(event.get("release").asString()).isEqualTo(this.git.getCommitId()).isNotBlank();
        assertThat(event.get("environment").asString()).isEqualTo("staging-eu");
        assertThat(event.get("level").asString()).isEqualTo("error");
        JsonNode exception = event.get("exception").get("values").get(0);
        assertThat(exception.get("type").asString()).isEqualTo("IllegalStateException");
        assertThat(exception.get("value").asString()).as("the device id as its hash")
            .matches("Store failed for device uuid#[0-9a-f]{12}");
        assertNothingForbiddenIsSent(device);
    }

    @Test
    void aFaultBeforeRoutingIsOneEventThoughTomcatLogsItToo() throws Exception {
        String device = UUID.randomUUID().toString();
        int before = receiver.events().size();

        HttpResponse<String> response = send(
                request("/api/device-readings/" + device + "/latest-timestamp?session=" + QUERY_SECRET,
                        "fault-in-filter")
                    .header(FaultyFilterConfiguration.HEADER, "boom"));

        assertThat(response.statusCode()).isEqualTo(500);
        JsonNode event = onlyEventSince(before);
        assertThat(tags(event)).containsEntry("requestId", "fault-in-filter")
            .containsEntry("store", "memory")
            .as("no route was matched yet")
            .doesNotContainKey("route");
        assertThat(event.get("exception").get("values").get(0).get("value").asString())
            .isEqualTo("Simulated fault in a filter");
        assertNothingForbiddenIsSent(device);
    }

    @Test
    void aFailedJournalWriteIsOneEventAndTheCreatesItRefusesSendNoOther() throws Exception {
        String device = UUID.randomUUID().toString();
        int before = receiver.events().size();
        this.disk.diskFull(true);
        try {
            assertThat(send(request("/api/device-readings/create", "journal-write")
                .POST(HttpRequest.BodyPublishers.ofString(body(device)))).statusCode()).isEqualTo(503);
            assertThat(send(request("/api/device-readings/create", "refused-while-down")
                .POST(HttpRequest.BodyPublishers.ofString(body(UUID.randomUUID().toString())))).statusCode())
                .as("refused without a write")
                .isEqualTo(503);
        }
        finally {
            this.disk.diskFull(false);
        }
        JsonNode event = onlyEventSince(before);
        assertThat(tags(event)).containsEntry("requestId", "journal-write")
            .containsEntry("traceId", TRACE_ID)
            .containsEntry("route", "/api/device-readings/create")
            .containsEntry("store", "memory");
        assertThat(event.get("release").asString()).isEqualTo(this.git.getCommitId());
        assertThat(event.get("environment").asString()).isEqualTo("staging-eu");
        assertThat(event.get("exception").get("values").get(0).get("value").asString())
            .isEqualTo("No space left on device");
        assertNothingForbiddenIsSent(device);
        awaitCreatesAccepted();
    }

    @Test
    void contractErrorsSendNothing() throws Exception {
        int before = receiver.events().size();
        String unknown = UUID.randomUUID().toString();
        Map<String, Integer> statuses = Map.of("/api/device-readings/" + unknown + "/cumulative-count", 404,
                "/api/no-such-path", 404, "/api/device-readings/not-a-uuid/cumulative-count", 400);
        for (Map.Entry<String, Integer> path : statuses.entrySet()) {
            assertThat(send(request(path.getKey(), "contract")).statusCode()).as(path.getKey())
                .isEqualTo(path.getValue());
        }
        assertThat(send(request("/api/device-readings/create", "contract")
            .POST(HttpRequest.BodyPublishers.ofString("{\"id\": "))).statusCode()).isEqualTo(400);
        assertThat(send(request("/api/ping", "contract").DELETE()).statusCode()).isEqualTo(405);
        assertThat(send(HttpRequest.newBuilder(uri("/api/device-readings/" + unknown + "/cumulative-count"))
            .header("Authorization", "Bearer wrong-key")).statusCode()).isEqualTo(401);
        Sentry.flush(30_000);
        assertThat(receiver.events().subList(before, receiver.events().size())).isEmpty();
    }

    /**
     * The one event received since {@code before}, once Sentry's queue is flushed; the
     * flush waits for every queued event to be sent, the loop only guards against a
     * machine too slow for it.
     */
    private static JsonNode onlyEventSince(int before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Sentry.flush(30_000);
        while (receiver.events().size() == before && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Sentry.flush(30_000);
        List<JsonNode> events = receiver.events();
        assertThat(events.subList(before, events.size())).hasSize(1);
        return events.get(before);
    }

    private static Map<String, String> tags(JsonNode event) {
        Map<String, String> tags = new HashMap<>();
        event.get("tags").properties().forEach((tag) -> tags.put(tag.getKey(), tag.getValue().asString()));
        return tags;
    }

    /** Nowhere in any envelope sent: not in the events, not in their headers. */
    private static void assertNothingForbiddenIsSent(String device) {
        for (SentryReceiver.Envelope envelope : receiver.envelopes()) {
            assertThat(envelope.text()).doesNotContainIgnoringCase(device)
                .doesNotContain(API_KEY, "Bearer", QUERY_SECRET, COUNT, TIMESTAMP)
                .doesNotContainIgnoringCase("authorization");
        }
    }

    private static String body(String device) {
        return "{\"id\": \"" + device + "\", \"readings\": [{\"count\": " + COUNT + ", \"timestamp\": \"" + TIMESTAMP
                + "\"}]}";
    }

    /** A request with the API key, a request id and a trace context. */
    private HttpRequest.Builder request(String path, String requestId) {
        return HttpRequest.newBuilder(uri(path))
            .header("Authorization", "Bearer " + API_KEY)
            .header("X-Request-Id", requestId)
            .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The journal takes writes again by itself (a background check); wait for it. */
    private void awaitCreatesAccepted() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int status;
        do {
            Thread.sleep(100);
            status = send(request("/api/device-readings/create", "after-journal-fault")
                .POST(HttpRequest.BodyPublishers.ofString(body(UUID.randomUUID().toString())))).statusCode();
        }
        while (status != 201 && System.nanoTime() < deadline);
        assertThat(status).isEqualTo(201);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + this.port + path);
    }

}
