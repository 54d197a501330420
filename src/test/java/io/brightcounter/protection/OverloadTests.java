package io.brightcounter.protection;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.brightcounter.testsupport.RawHttp;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.brightcounter.testsupport.Envelopes.envelope;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, finding 12: with every create permit taken, the next create waits at most the
 * configured time and is then refused with 503 and {@code Retry-After}; reads and ping
 * keep answering.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "bright-counter.overload.max-creates=1", "bright-counter.overload.max-wait=300ms" })
class OverloadTests {

    @LocalServerPort
    private int port;

    @Autowired
    private MeterRegistry registry;

    /**
     * A fresh context's first requests load classes for seconds on a loaded machine: one
     * create, sent until it is answered, warms the path up, so that the slow create below
     * reaches its handler promptly.
     */
    @BeforeEach
    void warmUp() throws IOException {
        assertThat(createOnceAPermitIsFree("/api/device-readings/create", UUID.randomUUID().toString())).isEqualTo(201);
    }

    @Test
    void aCreateThatCannotStartInTimeGets503WhileReadsGoOn() throws Exception {
        double before = rejected("overloaded");
        Shed shed;
        try (Socket slow = holdTheCreatePermit()) {
            shed = createWhileThePermitIsHeld("/api/device-readings/create");
            assertThat(shed.response().header("Retry-After")).isEqualTo("1");
            assertThat(shed.response().body()).isEqualTo(envelope("Service unavailable.", 503));
            assertThat(shed.waitedMillis()).isBetween(250L, 5_000L);
            assertThat(rejected("overloaded")).isEqualTo(before + 1);
            assertThat(get("/api/ping").status()).isEqualTo(200);
            assertThat(get("/api/device-readings/" + shed.id() + "/cumulative-count").status()).isEqualTo(404);
        }
        // The permit is back once the slow create is gone, and the shed batch was never
        // stored.
        assertThat(get("/api/device-readings/" + shed.id() + "/cumulative-count").status()).isEqualTo(404);
        assertThat(createOnceAPermitIsFree("/api/device-readings/create", shed.id())).isEqualTo(201);
        assertThat(get("/api/device-readings/" + shed.id() + "/cumulative-count").body())
            .isEqualTo("{\"cumulative_count\":2}");
    }

    /**
     * Issue 22, finding 3: spellings the router takes to the create handler were shed by
     * their raw path, as reads: while the create permits were taken they got 201 from the
     * read pool (and 20 slow bodies on them turned every read into 503).
     */
    @ParameterizedTest
    @ValueSource(strings = { "/api/device-readings/create;x=1", "/api/device-readings/create;",
            "/api;a=b/device-readings/create", "/api/device-readings/%63reate", "/api/device-readings/create" })
    void everySpellingOfCreateTakesACreatePermit(String path) throws Exception {
        Shed shed;
        try (Socket slow = holdTheCreatePermit()) {
            shed = createWhileThePermitIsHeld(path);
        }
        // The same spelling is a create once the slow one has let its permit go.
        assertThat(createOnceAPermitIsFree(path, shed.id())).isEqualTo(201);
    }

    /**
     * A create whose body is still arriving: once it reaches its handler it holds the
     * only create permit until the socket closes.
     */
    private Socket holdTheCreatePermit() throws IOException, InterruptedException {
        Socket slow = new Socket("127.0.0.1", this.port);
        String body = body(UUID.randomUUID().toString());
        slow.getOutputStream()
            .write((head("/api/device-readings/create", body) + "{\"id\"").getBytes(StandardCharsets.ISO_8859_1));
        slow.getOutputStream().flush();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (writesInProgress() < 1) {
            assertThat(System.nanoTime()).as("the slow create took its permit").isLessThan(deadline);
            Thread.sleep(10);
        }
        return slow;
    }

    private double writesInProgress() {
        return this.registry.get("bright_counter.requests.in_progress").tag("pool", "writes").gauge().value();
    }

    /**
     * Sends creates of new devices until one is shed; those sent before the slow create
     * has taken its permit are stored, which is fine. Waiting for the event rather than a
     * fixed time keeps this right on a loaded machine.
     */
    private Shed createWhileThePermitIsHeld(String path) throws IOException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            String id = UUID.randomUUID().toString();
            String body = body(id);
            long start = System.nanoTime();
            RawHttp.Response response = RawHttp.exchange(this.port, head(path, body) + body);
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            if (response.status() == 503) {
                return new Shed(id, response, waitedMillis);
            }
            assertThat(response.status()).as("a create before the permit was taken").isEqualTo(201);
        }
        throw new AssertionError("no create on " + path + " was shed while the create permit was held");
    }

    private int createOnceAPermitIsFree(String path, String id) throws IOException {
        String body = body(id);
        long deadline = System.nanoTime() + 30_000_000_000L;
        int status = 503;
        while (status == 503 && System.nanoTime() < deadline) {
            status = RawHttp.exchange(this.port, head(path, body) + body).status();
        }
        return status;
    }

    private static String body(String id) {
        return "{\"id\": \"" + id + "\", \"readings\": [{\"count\": 2, \"timestamp\": \"2021-09-29T15:09:15Z\"}]}";
    }

    private static String head(String path, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + body.length() + "\r\n\r\n";
    }

    private record Shed(String id, RawHttp.Response response, long waitedMillis) {
    }

    private RawHttp.Response get(String path) throws IOException {
        return RawHttp.exchange(this.port, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
    }

    private double rejected(String reason) {
        var counter = this.registry.find("bright_counter.requests.rejected").tag("reason", reason).counter();
        return (counter != null) ? counter.count() : 0;
    }

}
