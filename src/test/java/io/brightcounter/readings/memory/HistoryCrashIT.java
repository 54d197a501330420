package io.brightcounter.readings.memory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.brightcounter.testsupport.ChildApplication;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading history across a SIGKILL under load with deletions in the mix: clients create
 * readings (re-sending instants with other counts) and delete devices, each client owning
 * its devices so that the order of its acknowledged operations is the order they took
 * effect. After the restart every device's history (each reading's count) and totals
 * equal a model built from the acknowledged operations; the one operation a client had in
 * flight at the kill took effect whole or not at all. With snapshots rare and with a
 * snapshot taken every few batches, so that deletions are read back from the journal and
 * from snapshots.
 */
class HistoryCrashIT {

    private static final String ADMIN_KEY = "admin-key";

    private static final int CLIENTS = 4;

    private static final int DEVICES_PER_CLIENT = 3;

    private static final int MINUTES = 120;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final JsonMapper json = JsonMapper.builder().build();

    private final List<String> unexpected = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "snapshot-after={0}")
    @ValueSource(strings = { "256MB", "4KB" })
    void afterSigkillWithDeletesHistoryAndTotalsMatchTheAcknowledgedOperations(String snapshotAfter) throws Exception {
        int port = ChildApplication.freePort();
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < CLIENTS * DEVICES_PER_CLIENT; i++) {
            devices.add(new Device(UUID.randomUUID().toString()));
        }
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger deletes = new AtomicInteger();
        ChildApplication service = start(port, "kill-" + snapshotAfter, snapshotAfter);
        service.killUnderLoad(CLIENTS,
                (client, running) -> operateUntilStopped(port,
                        devices.subList(client * DEVICES_PER_CLIENT, (client + 1) * DEVICES_PER_CLIENT),
                        new Random(client), running, acknowledged, deletes),
                () -> acknowledged.get() >= 400 && deletes.get() >= 20, Duration.ofSeconds(120));
        assertThat(this.unexpected).as("answers before the kill, see %s", service.log()).isEmpty();
        assertThat(acknowledged.get()).isGreaterThanOrEqualTo(400);
        assertThat(deletes.get()).isGreaterThanOrEqualTo(20);

        ChildApplication restarted = start(port, "after-kill-" + snapshotAfter, snapshotAfter);
        try {
            for (Device device : devices) {
                List<String> history = history(port, device.id);
                long total = cumulativeCount(port, device.id);
                List<String> acked = Device.listed(device.acknowledged);
                if (device.inFlight == null) {
                    assertThat(history).as("history of %s", device.id).isEqualTo(acked);
                }
                else {
                    assertThat(history).as("history of %s (one operation in flight)", device.id)
                        .isIn(acked, Device.listed(device.inFlight));
                }
                assertThat(total).as("cumulative count of %s", device.id)
                    .isEqualTo(history.stream().mapToLong((reading) -> Long.parseLong(reading.split("=")[1])).sum());
            }
        }
        finally {
            restarted.kill();
        }
    }

    /**
     * Creates readings on, and now and then deletes, the client's own devices until
     * stopped or the service is gone.
     */
    private Void operateUntilStopped(int port, List<Device> own, Random random, AtomicBoolean running,
            AtomicInteger acknowledged, AtomicInteger deletes) {
        while (running.get()) {
            Device device = own.get(random.nextInt(own.size()));
            try {
                if (random.nextInt(6) == 0) {
                    device.inFlight = new TreeMap<>();
                    HttpResponse<String> response = delete(port, device.id);
                    int expected = device.acknowledged.isEmpty() ? 404 : 200;
                    if (response.statusCode() != expected || (expected == 200
                            && !response.body().contains("\"deleted_readings\":" + device.acknowledged.size()))) {
                        this.unexpected.add("delete " + device.id + ": " + response.statusCode() + " " + response.body()
                                + ", expected " + expected);
                    }
                    if (expected == 200) {
                        deletes.incrementAndGet();
                    }
                }
                else {
                    Map<Integer, Long> batch = new TreeMap<>();
                    while (batch.size() < 10) {
                        batch.put(random.nextInt(MINUTES), 1L + random.nextInt(1000));
                    }
                    device.inFlight = new TreeMap<>(device.acknowledged);
                    batch.forEach(device.inFlight::putIfAbsent);
                    int status = create(port, device.id, batch);
                    if (status != 201) {
                        this.unexpected.add("create " + device.id + ": " + status);
                    }
                }
                device.acknowledged = device.inFlight;
                device.inFlight = null;
                acknowledged.incrementAndGet();
            }
            catch (IOException ex) {
                // The kill: the operation in flight may or may not have taken effect.
                return null;
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private int create(int port, String device, Map<Integer, Long> readings) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder("{\"id\": \"").append(device).append("\", \"readings\": [");
        readings.forEach((minute, count) -> body.append("{\"count\": ")
            .append(count)
            .append(", \"timestamp\": \"")
            .append(Device.timestamp(minute).replace("+0100", "+01:00"))
            .append("\"},"));
        body.setLength(body.length() - 1);
        body.append("]}");
        HttpRequest request = HttpRequest.newBuilder(uri(port, "/api/device-readings/create"))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
        return this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpResponse<String> delete(int port, String device) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(port, "/api/devices/" + device))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + ADMIN_KEY)
            .DELETE()
            .build();
        return this.http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The device's whole history as {@code timestamp=count}; empty when it is unknown.
     */
    private List<String> history(int port, String device) throws IOException, InterruptedException {
        HttpResponse<String> response = get(port, "/api/devices/" + device + "/readings?limit=10000");
        if (response.statusCode() == 404) {
            return List.of();
        }
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode page = this.json.readTree(response.body());
        assertThat(page.get("next").isNull()).isTrue();
        List<String> readings = new ArrayList<>();
        for (JsonNode reading : page.get("readings")) {
            readings.add(reading.get("timestamp").asString() + "=" + reading.get("count").asLong());
        }
        return readings;
    }

    private long cumulativeCount(int port, String device) throws IOException, InterruptedException {
        HttpResponse<String> response = get(port, "/api/device-readings/" + device + "/cumulative-count");
        if (response.statusCode() == 404) {
            return 0;
        }
        assertThat(response.statusCode()).isEqualTo(200);
        return this.json.readTree(response.body()).get("cumulative_count").asLong();
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return this.http.send(HttpRequest.newBuilder(uri(port, path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private ChildApplication start(int port, String name, String snapshotAfter)
            throws IOException, InterruptedException {
        List<String> arguments = List.of("--bright-counter.store=memory",
                "--bright-counter.journal.dir=" + this.dir.toAbsolutePath(),
                "--bright-counter.journal.snapshot-after=" + snapshotAfter,
                "--bright-counter.admin-api-keys=" + ADMIN_KEY);
        return ChildApplication
            .start(port, 0, ChildApplication.logFile("history-crash-test", name), List.of("-Xmx256m"), arguments)
            .awaitReady(Duration.ofSeconds(120));
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /**
     * A device and its model: its readings by minute after the acknowledged operations,
     * and after the operation in flight as well.
     */
    private static final class Device {

        final String id;

        volatile TreeMap<Integer, Long> acknowledged = new TreeMap<>();

        volatile TreeMap<Integer, Long> inFlight;

        Device(String id) {
            this.id = id;
        }

        static String timestamp(int minute) {
            return String.format("2021-09-29T%02d:%02d:00+0100", 10 + minute / 60, minute % 60);
        }

        static List<String> listed(TreeMap<Integer, Long> readings) {
            return readings.entrySet()
                .stream()
                .map((reading) -> timestamp(reading.getKey()) + "=" + reading.getValue())
                .toList();
        }

    }

}
