package io.brightcounter.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.brightcounter.testsupport.ChildApplication;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 22, finding 3: two dozen creates of about 4 MiB at once against a service with a
 * 128 MiB heap (the room a 256 MiB heap leaves with the store at 86%, as reported), half
 * of them on a spelling of the create path that the router takes to create. Before, those
 * took read permits, and the bodies in flight ran the heap out: 500s from
 * {@code OutOfMemoryError} in the body reader. Now each is a create, bodies are counted
 * against memory, and what does not fit is told to come back (503) or that the store is
 * full (507); never an error of ours.
 */
class RequestBodyMemoryIT {

    private static final int CLIENTS = 24;

    private static final int READINGS = 84_000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void concurrentFourMebibyteCreatesNeverRunTheHeapOut() throws Exception {
        int port = ChildApplication.freePort();
        ChildApplication service = ChildApplication
            .start(port, 0, ChildApplication.logFile("body-memory-test", "service"), List.of("-Xmx128m"),
                    List.of("--bright-counter.journal.mode=off"))
            .awaitReady(Duration.ofSeconds(90));
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < CLIENTS; i++) {
                    String path = (i % 2 == 0) ? "/api/device-readings/create" : "/api/device-readings/create;x=1";
                    byte[] body = body(UUID.randomUUID());
                    answers.add(clients.submit(() -> post(port, path, body)));
                }
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(5, TimeUnit.MINUTES));
            }
            assertThat(statuses).as("answers, see %s", service.log().toAbsolutePath())
                .isSubsetOf(201, 503, 507)
                .contains(201);
            assertThat(service.isAlive()).isTrue();
            assertThat(service.logText()).doesNotContain("OutOfMemoryError");
        }
        finally {
            clients.shutdownNow();
            service.requestStop();
            service.awaitExit(Duration.ofSeconds(30));
        }
    }

    private int post(int port, String path, byte[] body) throws IOException, InterruptedException {
        return this.http
            .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.discarding())
            .statusCode();
    }

    /** A create of {@link #READINGS} readings: just under the 4 MiB limit. */
    private static byte[] body(UUID device) {
        StringBuilder json = new StringBuilder(4 * 1024 * 1024).append("{\"id\":\"")
            .append(device)
            .append("\",\"readings\":[");
        Instant start = Instant.parse("2021-09-29T00:00:00Z");
        for (int i = 0; i < READINGS; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"count\":1,\"timestamp\":\"").append(start.plusSeconds(i)).append("\"}");
        }
        byte[] body = json.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
        assertThat(body.length).isLessThanOrEqualTo(4 * 1024 * 1024);
        return body;
    }

}
