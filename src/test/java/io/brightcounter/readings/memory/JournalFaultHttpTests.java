package io.brightcounter.readings.memory;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.brightcounter.readings.memory.journal.FaultyJournalFileSystem;
import io.brightcounter.testsupport.FaultyDiskConfiguration;
import io.brightcounter.testsupport.JournalHttpClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal's disk fills up or fails under a running service: creates get 503 with
 * {@code Retry-After} and store nothing, readiness goes DOWN, reads go on, and all of it
 * comes back by itself once the disk takes writes again. Each failed write counts once in
 * {@code bright_counter_journal_errors_total}, however many creates are refused after it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "bright-counter.journal.mode=fsync")
@Import(FaultyDiskConfiguration.class)
class JournalFaultHttpTests {

    private static final Pattern JOURNAL_ERRORS = Pattern
        .compile("(?m)^bright_counter_journal_errors_total(?:\\{[^}]*})? (\\S+)$");

    @Autowired
    private FaultyJournalFileSystem disk;

    @Autowired
    private HealthEndpoint health;

    @LocalServerPort
    private int port;

    @LocalManagementPort
    private int managementPort;

    private final JournalHttpClient client = new JournalHttpClient();

    @Test
    void aFullDiskRefusesCreatesWithRetryAfterUntilItHasRoomAgain() throws Exception {
        assertFaultIsSurvived(() -> this.disk.diskFull(true), () -> this.disk.diskFull(false));
    }

    @Test
    void aFailingFlushRefusesCreatesUntilTheDeviceWorksAgain() throws Exception {
        assertFaultIsSurvived(() -> this.disk.flushFails(true), () -> this.disk.flushFails(false));
    }

    private void assertFaultIsSurvived(Runnable fault, Runnable repair) throws Exception {
        String device = UUID.randomUUID().toString();
        assertThat(create(device, 5, "2021-09-29T16:00:00Z").statusCode()).isEqualTo(201);
        double errorsBefore = journalErrors();
        fault.run();
        try {
            HttpResponse<String> refused = create(device, 7, "2021-09-29T16:01:00Z");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After"))
                .hasValueSatisfying((seconds) -> assertThat(Integer.parseInt(seconds)).isPositive());
            assertThat(refused.body())
                .isEqualTo("{\"status\":\"error\",\"error_message\":\"Service unavailable.\",\"status_code\":503}");
            assertThat(get(this.port, "/api/device-readings/" + device + "/cumulative-count").body())
                .as("reads go on, and nothing of the refused batch is stored")
                .isEqualTo("{\"cumulative_count\":5}");
            assertThat(get(this.managementPort, "/actuator/health/readiness").statusCode()).isEqualTo(503);
            assertThat(journalHealth()).as("the journal's own health, in the readiness group").isEqualTo(Status.DOWN);
            assertThat(create(UUID.randomUUID().toString(), 1, "2021-09-29T16:02:00Z").statusCode())
                .as("every create is refused while the disk fails")
                .isEqualTo(503);
            assertThat(journalErrors() - errorsBefore)
                .as("the failed write counts once; the create refused after it, while the journal refuses, does not")
                .isEqualTo(1.0);
        }
        finally {
            repair.run();
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (get(this.managementPort, "/actuator/health/readiness").statusCode() != 200
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(get(this.managementPort, "/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(journalHealth()).isEqualTo(Status.UP);
        assertThat(create(device, 7, "2021-09-29T16:01:00Z").statusCode()).isEqualTo(201);
        assertThat(get(this.port, "/api/device-readings/" + device + "/cumulative-count").body())
            .isEqualTo("{\"cumulative_count\":12}");
        assertThat(journalErrors() - errorsBefore).as("writes that succeed again count nothing").isEqualTo(1.0);
    }

    /** The readiness group's {@code journal} member, as its probe would read it. */
    private @Nullable Status journalHealth() {
        HealthDescriptor journal = this.health.healthForPath("readiness", "journal");
        return (journal != null) ? journal.getStatus() : null;
    }

    /** The counter as Prometheus scrapes it. */
    private double journalErrors() throws IOException, InterruptedException {
        Matcher sample = JOURNAL_ERRORS.matcher(get(this.managementPort, "/actuator/prometheus").body());
        assertThat(sample.find()).as("bright_counter_journal_errors_total is exported").isTrue();
        return Double.parseDouble(sample.group(1));
    }

    private HttpResponse<String> create(String device, long count, String timestamp)
            throws IOException, InterruptedException {
        return this.client.create(this.port, device, count, timestamp);
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return this.client.get(port, path);
    }

}
