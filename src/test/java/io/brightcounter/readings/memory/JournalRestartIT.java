package io.brightcounter.readings.memory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import io.brightcounter.testsupport.ChildApplication;
import io.brightcounter.testsupport.JournalDamage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-memory store's journal across real process ends: SIGKILL under load, a graceful
 * stop, a second process on the same directory, a damaged journal. The service runs as a
 * child JVM.
 */
class JournalRestartIT {

    private static final int READINGS_PER_BATCH = 20;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final List<Integer> refused = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = { "fsync", "write" })
    void afterSigkillUnderLoadEveryAcknowledgedReadingIsCountedExactlyOnce(String mode) throws Exception {
        int port = ChildApplication.freePort();
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        Map<String, Long> unanswered = new ConcurrentHashMap<>();
        ChildApplication service = start(port, "kill-" + mode, "--bright-counter.journal.mode=" + mode);
        service.killUnderLoad(4,
                (client, running) -> postUntilStopped(port, new Random(client), running, acknowledged, unanswered),
                () -> acknowledged.size() >= 300, Duration.ofSeconds(60));
        assertThat(this.refused).as("statuses other than 201 before the kill").isEmpty();
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(300);

        ChildApplication restarted = start(port, "after-kill-" + mode, "--bright-counter.journal.mode=" + mode);
        try {
            for (Map.Entry<String, Long> batch : acknowledged.entrySet()) {
                assertThat(count(port, batch.getKey())).as("acknowledged batch %s", batch.getKey())
                    .isEqualTo(batch.getValue());
            }
            for (Map.Entry<String, Long> batch : unanswered.entrySet()) {
                assertThat(count(port, batch.getKey())).as("unanswered batch %s", batch.getKey())
                    .isIn(0L, batch.getValue());
            }
            // Sent again after the restart, an acknowledged batch is all duplicates.
            String again = acknowledged.keySet().iterator().next();
            assertThat(post(port, again, new Random(again.hashCode())).statusCode()).isEqualTo(201);
            assertThat(count(port, again)).isEqualTo(acknowledged.get(again));
        }
        finally {
            restarted.kill();
        }
    }

    @Test
    void aGracefulStopLeavesOneSnapshotAndARestartReadsItBack() throws Exception {
        int port = ChildApplication.freePort();
        ChildApplication service = start(port, "graceful");
        String device = UUID.randomUUID().toString();
        long sum;
        try {
            HttpResponse<Void> created = post(port, device, new Random(device.hashCode()));
            assertThat(created.statusCode()).isEqualTo(201);
            sum = count(port, device);
        }
        finally {
            service.requestStop();
            assertThat(service.awaitExit(Duration.ofSeconds(60))).isTrue();
        }
        try (Stream<Path> files = Files.list(this.dir)) {
            List<String> names = files.map((file) -> file.getFileName().toString()).sorted().toList();
            assertThat(names.stream().filter((name) -> name.endsWith(".snap"))).hasSize(1);
            assertThat(names.stream().filter((name) -> name.endsWith(".log")))
                .as("segments left: only the empty new one")
                .allSatisfy((name) -> assertThat(Files.size(this.dir.resolve(name))).isEqualTo(16));
        }
        ChildApplication restarted = start(port, "after-graceful");
        try {
            assertThat(count(port, device)).isEqualTo(sum);
        }
        finally {
            restarted.kill();
        }
    }

    @Test
    void aSecondProcessOnTheSameDirectoryRefusesToStartAndSaysWhy() throws Exception {
        int port = ChildApplication.freePort();
        ChildApplication first = start(port, "first");
        try {
            ChildApplication second = launch(ChildApplication.freePort(), "second");
            assertThat(second.awaitExit(Duration.ofSeconds(120))).as("second process exits").isTrue();
            assertThat(second.exitValue()).isNotZero();
            assertThat(second.logText()).contains("is in use by process " + first.pid())
                .contains(this.dir.toAbsolutePath().toString());
            assertThat(get(port, "/api/ping").statusCode()).as("the first goes on").isEqualTo(200);
        }
        finally {
            first.kill();
        }
    }

    @Test
    void aDamagedJournalStopsTheStartNamingFileAndOffsetUnlessRepairIsOn() throws Exception {
        int port = ChildApplication.freePort();
        ChildApplication service = start(port, "before-damage");
        List<String> devices = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                devices.add(UUID.randomUUID().toString());
                assertThat(post(port, devices.get(i), new Random(i)).statusCode()).isEqualTo(201);
            }
        }
        finally {
            service.kill();
        }
        Path segment = JournalDamage.inTheMiddleOfTheFirstSegment(this.dir);
        ChildApplication refusedStart = launch(port, "damaged");
        assertThat(refusedStart.awaitExit(Duration.ofSeconds(120))).isTrue();
        assertThat(refusedStart.exitValue()).isNotZero();
        assertThat(refusedStart.logText()).contains(segment.toAbsolutePath().toString(), "damaged at offset",
                "bright-counter.journal.repair=true");

        ChildApplication repaired = start(port, "repaired", "--bright-counter.journal.repair=true");
        try {
            assertThat(repaired.logText()).contains("Journal repair dropped", segment.getFileName().toString());
            assertThat(count(port, devices.get(0))).as("the record before the damage").isPositive();
        }
        finally {
            repaired.kill();
        }
    }

    /**
     * Issue 22, finding 6, with the heap the image runs with: a record header claiming
     * 300 MB (the file sparse to that length) and a snapshot record with a valid checksum
     * claiming 2^31-1 readings ran the start out of memory. The first is zeros at the end
     * of the newest segment, a torn write; the second is damage, named with its offset.
     */
    @Test
    void sizesReadFromTheJournalCannotRunTheStartOutOfMemory() throws Exception {
        int port = ChildApplication.freePort();
        ChildApplication service = start(port, "before-hostile-sizes");
        String device = UUID.randomUUID().toString();
        try {
            assertThat(post(port, device, new Random(1)).statusCode()).isEqualTo(201);
        }
        finally {
            service.kill();
        }
        JournalDamage.aHugeRecordAtTheEndOfTheNewestSegment(this.dir, 300L << 20);
        Path snapshot = JournalDamage.aSnapshotClaimingReadings(this.dir, 1, Integer.MAX_VALUE);
        ChildApplication refusedStart = launch(port, "hostile-sizes");
        assertThat(refusedStart.awaitExit(Duration.ofSeconds(120))).isTrue();
        assertThat(refusedStart.exitValue()).isNotZero();
        assertThat(refusedStart.logText()).doesNotContain("OutOfMemoryError")
            .contains(snapshot.toAbsolutePath().toString(), "damaged at offset 8", "2147483647 readings");

        ChildApplication repaired = start(port, "hostile-sizes-repaired", "--bright-counter.journal.repair=true");
        try {
            assertThat(repaired.logText()).doesNotContain("OutOfMemoryError");
            assertThat(count(port, device)).as("the batch before the hostile record").isPositive();
        }
        finally {
            repaired.kill();
        }
    }

    private Void postUntilStopped(int port, Random random, AtomicBoolean running, Map<String, Long> acknowledged,
            Map<String, Long> unanswered) {
        while (running.get()) {
            String device = UUID.randomUUID().toString();
            long sum = sumOf(new Random(device.hashCode()));
            try {
                int status = post(port, device, new Random(device.hashCode())).statusCode();
                if (status == 201) {
                    acknowledged.put(device, sum);
                }
                else {
                    this.refused.add(status);
                }
            }
            catch (IOException ex) {
                unanswered.put(device, sum);
                return null;
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private static long sumOf(Random random) {
        long sum = 0;
        for (int i = 0; i < READINGS_PER_BATCH; i++) {
            sum += 1 + random.nextInt(1000);
        }
        return sum;
    }

    /**
     * A batch whose counts come from the random source; a repeated source repeats the
     * batch.
     */
    private HttpResponse<Void> post(int port, String device, Random random) throws IOException, InterruptedException {
        StringBuilder readings = new StringBuilder();
        for (int i = 0; i < READINGS_PER_BATCH; i++) {
            readings.append((i > 0) ? "," : "")
                .append("{\"count\": ")
                .append(1 + random.nextInt(1000))
                .append(", \"timestamp\": \"2021-09-29T10:")
                .append(String.format("%02d", i))
                .append(":00+01:00\"}");
        }
        HttpRequest request = HttpRequest.newBuilder(uri(port, "/api/device-readings/create"))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"" + device + "\", \"readings\": [" + readings + "]}"))
            .build();
        return this.http.send(request, HttpResponse.BodyHandlers.discarding());
    }

    private long count(int port, String device) throws IOException, InterruptedException {
        HttpResponse<String> response = get(port, "/api/device-readings/" + device + "/cumulative-count");
        if (response.statusCode() == 404) {
            return 0;
        }
        assertThat(response.statusCode()).isEqualTo(200);
        return Long.parseLong(response.body().replaceAll("\\D", ""));
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return this.http.send(HttpRequest.newBuilder(uri(port, path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private ChildApplication start(int port, String name, String... arguments)
            throws IOException, InterruptedException {
        return launch(port, name, arguments).awaitReady(Duration.ofSeconds(120));
    }

    /** Starts a service on the test's journal directory without waiting for it. */
    private ChildApplication launch(int port, String name, String... arguments) throws IOException {
        List<String> common = List.of("--bright-counter.store=memory",
                "--bright-counter.journal.dir=" + this.dir.toAbsolutePath());
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of(arguments));
        return ChildApplication.start(port, 0, ChildApplication.logFile("journal-restart-test", name),
                List.of("-Xmx256m"), all);
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

}
