package io.brightcounter.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.brightcounter.testsupport.ChildApplication;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, finding 1: form bodies of 20 MiB, sent to the ping, to a path that does not
 * exist, without a key though keys are configured, and several at once, against a service
 * with a 256 MiB heap. Each is refused before anything reads it (413, or 401 where a key
 * is needed), the service keeps answering, and its heap stays bounded.
 */
class FormBodyMemoryIT {

    private static final int BODY_BYTES = 20 * 1024 * 1024;

    private static final Pattern HEAP_USED = Pattern
        .compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\} (\\S+)$");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void twentyMebibyteFormsLeaveA256MebibyteHeapServiceAnswering() throws Exception {
        int port = ChildApplication.freePort();
        int managementPort = ChildApplication.freePort();
        ChildApplication service = ChildApplication
            .start(port, managementPort, ChildApplication.logFile("form-body-test", "service"), List.of("-Xmx256m"),
                    List.of("--bright-counter.api-keys=form-test-key"))
            .awaitReady(Duration.ofSeconds(90));
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            byte[] form = form();
            // The key check comes first on /api/** (an unauthenticated body is never
            // read); the ping
            // needs no key, and other paths none either.
            Map<String, Integer> expected = Map.of("/api/ping", 413, "/anything", 413, "/api/device-readings/create",
                    401);
            List<Map.Entry<String, Future<Integer>>> answers = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (String path : List.of("/api/ping", "/anything", "/api/device-readings/create", "/api/ping")) {
                    answers.add(Map.entry(path, clients.submit(() -> put(port, path, form))));
                }
            }
            for (Map.Entry<String, Future<Integer>> answer : answers) {
                assertThat(answer.getValue().get(60, TimeUnit.SECONDS)).as(answer.getKey())
                    .isEqualTo(expected.get(answer.getKey()));
            }
            assertThat(status(port, "/api/ping")).isEqualTo(200);
            assertThat(service.isAlive()).isTrue();
            assertThat(heapUsedBytes(managementPort)).isLessThan(160L * 1024 * 1024);
            assertThat(service.logText()).doesNotContain("OutOfMemoryError");
        }
        finally {
            clients.shutdownNow();
            service.requestStop();
            service.awaitExit(Duration.ofSeconds(30));
        }
    }

    private int put(int port, String path, byte[] form) throws IOException, InterruptedException {
        return this.http
            .send(HttpRequest.newBuilder(uri(port, path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(60))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(form))
                .build(), HttpResponse.BodyHandlers.discarding())
            .statusCode();
    }

    private long heapUsedBytes(int managementPort) throws IOException, InterruptedException {
        String metrics = this.http
            .send(HttpRequest.newBuilder(uri(managementPort, "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString())
            .body();
        Matcher matcher = HEAP_USED.matcher(metrics);
        double sum = 0;
        while (matcher.find()) {
            sum += Double.parseDouble(matcher.group(1));
        }
        assertThat(sum).isPositive();
        return (long) sum;
    }

    private static byte[] form() {
        StringBuilder form = new StringBuilder(BODY_BYTES);
        for (int i = 0; form.length() < BODY_BYTES; i++) {
            form.append("k").append(i).append("=v&");
        }
        return form.substring(0, BODY_BYTES).getBytes(StandardCharsets.US_ASCII);
    }

    private int status(int port, String path) throws IOException, InterruptedException {
        return this.http.send(HttpRequest.newBuilder(uri(port, path)).build(), HttpResponse.BodyHandlers.discarding())
            .statusCode();
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

}
