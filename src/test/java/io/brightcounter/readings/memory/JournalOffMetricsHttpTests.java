package io.brightcounter.readings.memory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With journal mode {@code off} the in-memory store still exports the journal's series,
 * at 0: an alert on {@code bright_counter_journal_errors_total} then sees a series that
 * stays quiet rather than one that is missing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "bright-counter.journal.mode=off")
class JournalOffMetricsHttpTests {

    @LocalManagementPort
    private int managementPort;

    @Test
    void journalSeriesAreExportedAtZero() throws IOException, InterruptedException {
        String scrape = HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + "/actuator/prometheus"))
                .build(), HttpResponse.BodyHandlers.ofString())
            .body();
        assertThat(scrape).containsPattern("(?m)^bright_counter_journal_errors_total(?:\\{[^}]*})? 0\\.0$")
            .containsPattern("(?m)^bright_counter_journal_bytes(?:\\{[^}]*})? 0\\.0$")
            .containsPattern("(?m)^bright_counter_journal_flushes_total(?:\\{[^}]*})? 0\\.0$")
            .containsPattern("(?m)^bright_counter_journal_flush_records_count(?:\\{[^}]*})? 0$")
            .containsPattern("(?m)^bright_counter_journal_flush_seconds_count(?:\\{[^}]*})? 0$");
    }

}
