package io.brightcounter;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

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

    private RawHttp.Response get(String path) throws IOException {
        return RawHttp.exchange(this.port, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
    }

    private double rejected(String reason) {
        var counter = this.registry.find("bright_counter.requests.rejected").tag("reason", reason).counter();
        return (counter != null) ? counter.count() : 0;
    }

}
