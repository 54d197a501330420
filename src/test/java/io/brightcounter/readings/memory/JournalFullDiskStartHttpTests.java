package io.brightcounter.readings.memory;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.UUID;

import io.brightcounter.readings.memory.journal.FaultyJournalFileSystem;
import io.brightcounter.testsupport.JournalHttpClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A start on a journal disk that is already full (issue 22, finding 5): the service
 * recovers and serves reads, refuses creates with 503 and {@code Retry-After} with
 * readiness DOWN, as a running instance does when its disk fills, and takes creates once
 * the disk has room again, without a restart.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "bright-counter.journal.mode=fsync")
class JournalFullDiskStartHttpTests {

    @Autowired
    private FaultyJournalFileSystem disk;

    @LocalServerPort
    private int port;

    @LocalManagementPort
    private int managementPort;

    private final JournalHttpClient client = new JournalHttpClient();

    @Test
    void aStartOnAFullDiskServesReadsRefusesCreatesAndTakesThemOnceTheDiskHasRoom() throws Exception {
        String device = UUID.randomUUID().toString();
        try {
            HttpResponse<String> refused = create(device, 7);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(get(this.port, "/api/ping").statusCode()).isEqualTo(200);
            assertThat(get(this.port, "/api/device-readings/" + device + "/cumulative-count").statusCode())
                .as("reads are served")
                .isEqualTo(404);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (get(this.managementPort, "/actuator/health/readiness").statusCode() != 503
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(get(this.managementPort, "/actuator/health/readiness").statusCode()).isEqualTo(503);
            assertThat(create(device, 7).statusCode()).as("still refused while the disk is full").isEqualTo(503);
        }
        finally {
            this.disk.diskFull(false);
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (get(this.managementPort, "/actuator/health/readiness").statusCode() != 200
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(get(this.managementPort, "/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(create(device, 7).statusCode()).isEqualTo(201);
    }

    private HttpResponse<String> create(String device, long count) throws IOException, InterruptedException {
        return this.client.create(this.port, device, count, "2021-09-29T16:01:00Z");
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return this.client.get(port, path);
    }

    @TestConfiguration
    static class FullDisk {

        @Bean
        FaultyJournalFileSystem faultyJournalFileSystem() {
            FaultyJournalFileSystem disk = new FaultyJournalFileSystem();
            disk.diskFull(true);
            return disk;
        }

    }

}
