package io.brightcounter.readings.postgres;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.brightcounter.testsupport.ChildApplication;
import io.brightcounter.testsupport.RequiresPostgres;
import io.brightcounter.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.client.ResourceAccessException;

import static io.brightcounter.testsupport.CreateBodies.create;
import static io.brightcounter.testsupport.CreateBodies.reading;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills the service with SIGKILL in the middle of a load and starts it again on the same
 * database: every batch answered 201 must be there in full, and no batch may be there in
 * part. Each batch goes to a device of its own, so "in part" shows as a total that is
 * neither zero nor the batch's full sum.
 */
@RequiresPostgres
class PostgresCrashRecoveryIT {

    private static final int READINGS_PER_BATCH = 50;

    private final List<Integer> refused = new CopyOnWriteArrayList<>();

    @Test
    void afterSigkillEveryAcknowledgedBatchIsWholeAndNoBatchIsPartial() throws Exception {
        int port = ChildApplication.freePort();
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        Map<String, Long> unanswered = new ConcurrentHashMap<>();
        ChildApplication service = startService(port, "before-crash");
        service.killUnderLoad(4,
                (client, running) -> postUntilStopped(port, new Random(client), running, acknowledged, unanswered),
                () -> acknowledged.size() >= 200, Duration.ofSeconds(60));
        assertThat(this.refused).as("statuses other than 201 before the crash").isEmpty();
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(200);

        ChildApplication restarted = startService(port, "after-crash");
        try {
            for (Map.Entry<String, Long> batch : acknowledged.entrySet()) {
                assertThat(count(port, batch.getKey())).as("acknowledged batch %s", batch.getKey())
                    .isEqualTo(batch.getValue());
            }
            for (Map.Entry<String, Long> batch : unanswered.entrySet()) {
                assertThat(count(port, batch.getKey())).as("unanswered batch %s", batch.getKey())
                    .isIn(0L, batch.getValue());
            }
        }
        finally {
            restarted.kill();
        }
    }

    private Void postUntilStopped(int port, Random random, AtomicBoolean running, Map<String, Long> acknowledged,
            Map<String, Long> unanswered) {
        while (running.get()) {
            String device = UUID.randomUUID().toString();
            long sum = 0;
            String[] readings = new String[READINGS_PER_BATCH];
            for (int i = 0; i < READINGS_PER_BATCH; i++) {
                long count = 1 + random.nextInt(1000);
                sum += count;
                readings[i] = reading(count, String.format("2021-09-29T10:%02d:00Z", i));
            }
            try {
                int status = client(port).post()
                    .uri("/api/device-readings/create")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(create(device, readings))
                    .exchange()
                    .returnResult()
                    .getStatus()
                    .value();
                if (status == 201) {
                    acknowledged.put(device, sum);
                }
                else {
                    this.refused.add(status);
                }
            }
            catch (ResourceAccessException ex) {
                unanswered.put(device, sum);
                return null;
            }
        }
        return null;
    }

    private long count(int port, String device) {
        EntityExchangeResult<String> response = client(port).get()
            .uri("/api/device-readings/{id}/cumulative-count", device)
            .exchange()
            .expectBody(String.class)
            .returnResult();
        if (response.getStatus().value() == 404) {
            return 0;
        }
        assertThat(response.getStatus().value()).isEqualTo(200);
        return Long.parseLong(response.getResponseBody().replaceAll("\\D", ""));
    }

    private ChildApplication startService(int port, String name) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>();
        TestDatabase.storeProperties().forEach((key, value) -> arguments.add("--" + key + "=" + value));
        return ChildApplication.start(port, 0, ChildApplication.logFile("crash-test", name), List.of(), arguments)
            .awaitReady(Duration.ofSeconds(90));
    }

    private static RestTestClient client(int port) {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(Duration.ofSeconds(2));
        requests.setReadTimeout(Duration.ofSeconds(10));
        return RestTestClient.bindToServer(requests).baseUrl("http://127.0.0.1:" + port).build();
    }

}
