package io.brightcounter.readings.memory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import io.brightcounter.testsupport.ChildApplication;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-memory store fills the heap it is given, and no more: a service in a child JVM
 * with a 256 MiB heap (journal off) takes a dense fleet's ten million readings, and a
 * sparse fleet gets its 507 while the JVM still has room
 * ({@code -XX:+ExitOnOutOfMemoryError} makes an out-of-memory error end the process,
 * which the test would see).
 */
class InMemoryCapacityIT {

    private static final long START = 1_600_000_000L;

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
        .withZone(ZoneOffset.UTC);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aDenseFleetOfTenMillionReadingsFitsA256MiBHeap() throws Exception {
        int port = ChildApplication.freePort();
        ChildApplication service = startService(port, "dense");
        try {
            Random random = new Random(1);
            int devices = 10_000;
            int perDevice = 1000;
            for (int d = 0; d < devices; d++) {
                long first = START + random.nextInt(365 * 86_400);
                StringBuilder body = new StringBuilder(perDevice * 56).append("{\"id\": \"")
                    .append(device(d))
                    .append("\", \"readings\": [");
                for (int i = 0; i < perDevice; i++) {
                    reading(body.append((i > 0) ? ", " : ""), 1 + (i % 7), first + 60L * i);
                }
                HttpResponse<String> response = create(port, body.append("]}").toString());
                assertThat(response.statusCode()).as("device %d of %d: %s", d, devices, response.body()).isEqualTo(201);
            }
            assertThat(service.isAlive()).isTrue();
            for (int d = 0; d < devices; d += 997) {
                assertThat(get(port, "/api/device-readings/" + device(d) + "/cumulative-count").body())
                    .isEqualTo("{\"cumulative_count\":" + expectedSum(perDevice) + "}");
            }
        }
        finally {
            service.kill();
        }
    }

    @Test
    void aSparseFleetGetsItsStorageFullBeforeTheHeapRunsOut() throws Exception {
        int port = ChildApplication.freePort();
        ChildApplication service = startService(port, "sparse");
        try {
            Random random = new Random(2);
            long span = 50L * 365 * 86_400;
            int devices = 10_000;
            long accepted = 0;
            int full = 0;
            String lastAccepted = null;
            // Each reading takes some 20 bytes of heap at random instants: half of 256
            // MiB is full
            // after about 6.5 million; 20 million bound the loop.
            for (int request = 0; request < 20_000 && full == 0; request++) {
                StringBuilder body = new StringBuilder(60_000).append("{\"id\": \"")
                    .append(device(request % devices))
                    .append("\", \"readings\": [");
                for (int i = 0; i < 1000; i++) {
                    reading(body.append((i > 0) ? ", " : ""), 1, START - (long) (random.nextDouble() * span));
                }
                String batch = body.append("]}").toString();
                HttpResponse<String> response = create(port, batch);
                if (response.statusCode() == 201) {
                    accepted += 1000;
                    lastAccepted = batch;
                }
                else {
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(507);
                    assertThat(response.body()).contains("Storage capacity reached.");
                    full++;
                }
            }
            System.out.printf("Sparse fleet: %,d readings accepted before the 507%n", accepted);
            assertThat(full).as("a 507 came").isOne();
            assertThat(accepted).as("readings accepted before the 507").isGreaterThan(3_000_000);
            assertThat(service.isAlive()).as("no OutOfMemoryError ended the service").isTrue();
            assertThat(get(port, "/api/ping").statusCode()).isEqualTo(200);
            assertThat(get(port, "/api/device-readings/" + device(0) + "/cumulative-count").statusCode())
                .isEqualTo(200);
            // Readings already stored take no room: sent again they are accepted as
            // duplicates.
            assertThat(create(port, lastAccepted).statusCode()).isEqualTo(201);
            assertThat(service.isAlive()).isTrue();
        }
        finally {
            service.kill();
        }
    }

    private static long expectedSum(int perDevice) {
        long sum = 0;
        for (int i = 0; i < perDevice; i++) {
            sum += 1 + (i % 7);
        }
        return sum;
    }

    private static String device(int index) {
        return new UUID(0x0123456789ab4defL, 0x8000000000000000L | index).toString();
    }

    private static void reading(StringBuilder body, long count, long epochSecond) {
        body.append("{\"count\": ")
            .append(count)
            .append(", \"timestamp\": \"")
            .append(FORMAT.format(Instant.ofEpochSecond(epochSecond)))
            .append("\"}");
    }

    private HttpResponse<String> create(int port, String body) throws IOException, InterruptedException {
        return this.http.send(HttpRequest.newBuilder(uri(port, "/api/device-readings/create"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return this.http.send(HttpRequest.newBuilder(uri(port, path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private ChildApplication startService(int port, String name) throws IOException, InterruptedException {
        return ChildApplication
            .start(port, 0, ChildApplication.logFile("capacity-test", name),
                    List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"), List.of("--bright-counter.journal.mode=off"))
            .awaitReady(Duration.ofSeconds(90));
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

}
