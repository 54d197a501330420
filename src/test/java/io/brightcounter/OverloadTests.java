package io.brightcounter;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.brightcounter.ContractHttpTests.envelope;
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

    @Test
    void aCreateThatCannotStartInTimeGets503WhileReadsGoOn() throws Exception {
        String id = UUID.randomUUID().toString();
        String body = "{\"id\": \"" + id
                + "\", \"readings\": [{\"count\": 2, \"timestamp\": \"2021-09-29T15:09:15Z\"}]}";
        String create = "POST /api/device-readings/create HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
                + body.length() + "\r\n\r\n";
        double before = rejected("overloaded");
        try (Socket slow = new Socket("127.0.0.1", this.port)) {
            // A create whose body is still arriving holds the only create permit.
            slow.getOutputStream().write((create + "{\"id\"").getBytes(StandardCharsets.ISO_8859_1));
            slow.getOutputStream().flush();
            Thread.sleep(300);
            long start = System.nanoTime();
            RawHttp.Response shed = RawHttp.exchange(this.port, create + body);
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(shed.status()).isEqualTo(503);
            assertThat(shed.header("Retry-After")).isEqualTo("1");
            assertThat(shed.body()).isEqualTo(envelope("Service unavailable.", 503));
            assertThat(waitedMillis).isBetween(250L, 5_000L);
            assertThat(rejected("overloaded")).isEqualTo(before + 1);
            assertThat(get("/api/ping").status()).isEqualTo(200);
            assertThat(get("/api/device-readings/" + id + "/cumulative-count").status()).isEqualTo(404);
        }
        // The permit is back once the slow create is gone, and the shed batch was never
        // stored.
        Thread.sleep(200);
        assertThat(get("/api/device-readings/" + id + "/cumulative-count").status()).isEqualTo(404);
        assertThat(RawHttp.exchange(this.port, create + body).status()).isEqualTo(201);
        assertThat(get("/api/device-readings/" + id + "/cumulative-count").body())
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
        String id = UUID.randomUUID().toString();
        String body = "{\"id\": \"" + id
                + "\", \"readings\": [{\"count\": 2, \"timestamp\": \"2021-09-29T15:09:15Z\"}]}";
        String head = "POST /api/device-readings/create HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + body.length()
                + "\r\n\r\n";
        String spelled = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + body.length()
                + "\r\n\r\n";
        try (Socket slow = new Socket("127.0.0.1", this.port)) {
            slow.getOutputStream().write((head + "{\"id\"").getBytes(StandardCharsets.ISO_8859_1));
            slow.getOutputStream().flush();
            // Time for the slow create to reach its handler and take the permit.
            Thread.sleep(1000);
            assertThat(RawHttp.exchange(this.port, spelled + body).status()).isEqualTo(503);
        }
        // The same spelling is a create once the slow one has let its permit go.
        long deadline = System.nanoTime() + 10_000_000_000L;
        int status = 503;
        while (status == 503 && System.nanoTime() < deadline) {
            status = RawHttp.exchange(this.port, spelled + body).status();
        }
        assertThat(status).isEqualTo(201);
    }

    private RawHttp.Response get(String path) throws IOException {
        return RawHttp.exchange(this.port, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
    }

    private double rejected(String reason) {
        var counter = this.registry.find("bright_counter.requests.rejected").tag("reason", reason).counter();
        return (counter != null) ? counter.count() : 0;
    }

}
