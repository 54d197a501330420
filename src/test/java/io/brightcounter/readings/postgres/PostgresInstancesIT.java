package io.brightcounter.readings.postgres;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.brightcounter.BrightCounterApplication;
import io.brightcounter.testsupport.CreateBodies;
import io.brightcounter.testsupport.RequiresPostgres;
import io.brightcounter.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.brightcounter.testsupport.CreateBodies.create;
import static org.assertj.core.api.Assertions.assertThat;

/** Several application instances, and successive ones, on one PostgreSQL database. */
@RequiresPostgres
class PostgresInstancesIT {

    @Test
    void twoInstancesPostingOverlappingBatchesCountEveryReadingOnce() throws Exception {
        List<String> devices = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        int threads = 6;
        int instants = 300;
        try (ConfigurableApplicationContext first = start(); ConfigurableApplicationContext second = start()) {
            List<Integer> ports = List.of(port(first), port(second));
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        // Every thread sends every instant of every device, in its own
                        // order, in
                        // batches of 20, alternating between the two instances.
                        List<Integer> order = new ArrayList<>();
                        for (int i = 0; i < instants; i++) {
                            order.add(i);
                        }
                        Collections.shuffle(order, new Random(thread));
                        go.await();
                        for (int b = 0; b < instants / 20; b++) {
                            String[] readings = new String[20];
                            for (int r = 0; r < 20; r++) {
                                readings[r] = reading(order.get(b * 20 + r));
                            }
                            for (String device : devices) {
                                int port = ports.get((thread + b) % 2);
                                post(port, create(device, readings));
                            }
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> future : futures) {
                    future.get(120, TimeUnit.SECONDS);
                }
            }
            finally {
                pool.shutdownNow();
            }
            long expected = (long) instants * (instants + 1) / 2;
            for (int port : ports) {
                for (String device : devices) {
                    assertThat(get(port, device, "cumulative-count"))
                        .isEqualTo("{\"cumulative_count\":" + expected + "}");
                    assertThat(get(port, device, "latest-timestamp"))
                        .isEqualTo("{\"timestamp\":\"" + latestOf(instants - 1) + "\"}");
                }
            }
        }
    }

    @Test
    void readingsSurviveARestart() throws Exception {
        String device = UUID.randomUUID().toString();
        try (ConfigurableApplicationContext before = start()) {
            post(port(before), create(device, reading(5), reading(7)));
        }
        try (ConfigurableApplicationContext after = start()) {
            assertThat(get(port(after), device, "cumulative-count")).isEqualTo("{\"cumulative_count\":14}");
            assertThat(get(port(after), device, "latest-timestamp"))
                .isEqualTo("{\"timestamp\":\"" + latestOf(7) + "\"}");
            post(port(after), create(device, reading(5)));
            assertThat(get(port(after), device, "cumulative-count")).isEqualTo("{\"cumulative_count\":14}");
        }
    }

    /**
     * Reading i: count i + 1 at minute i of 2021-09-29, written with an offset that
     * depends on i.
     */
    static String reading(int i) {
        return CreateBodies.reading(i + 1, timestampOf(i));
    }

    private static String timestampOf(int i) {
        return at(i).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx"));
    }

    /** Reading i's timestamp as the API answers it. */
    static String latestOf(int i) {
        return at(i).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx"));
    }

    private static OffsetDateTime at(int i) {
        return OffsetDateTime.parse("2021-09-29T00:00:00Z")
            .plusMinutes(i)
            .withOffsetSameInstant(ZoneOffset.ofHours(i % 3));
    }

    private static ConfigurableApplicationContext start() {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0"));
        TestDatabase.storeProperties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
        return new SpringApplicationBuilder(BrightCounterApplication.class).run(arguments.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static void post(int port, String body) {
        client(port).post()
            .uri("/api/device-readings/create")
            .contentType(MediaType.APPLICATION_JSON)
            .body(body)
            .exchange()
            .expectStatus()
            .isCreated();
    }

    private static String get(int port, String device, String what) {
        return client(port).get()
            .uri("/api/device-readings/{id}/{what}", device, what)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    }

    private static RestTestClient client(int port) {
        return RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

}
