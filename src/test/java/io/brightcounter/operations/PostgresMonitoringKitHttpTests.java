package io.brightcounter.operations;

import java.util.Set;

import io.brightcounter.testsupport.FaultyFilterConfiguration;
import io.brightcounter.testsupport.RequiresPostgres;
import io.brightcounter.testsupport.TestDatabase;

import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The monitoring kit's metric names on the PostgreSQL store (connection pool metrics
 * included).
 */
@RequiresPostgres
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@Import(FaultyFilterConfiguration.class)
class PostgresMonitoringKitHttpTests extends MonitoringKitHttpTests {

    @DynamicPropertySource
    static void postgresStore(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    @Override
    Set<String> notExportedByThisStore() {
        return Set.of("bright_counter_storage_fill_ratio", "bright_counter_devices", "bright_counter_readings_stored",
                "bright_counter_journal_errors_total", "bright_counter_journal_flushes_total",
                "bright_counter_journal_flush_records_count", "bright_counter_journal_flush_records_sum",
                "bright_counter_journal_flush_seconds_count", "bright_counter_journal_flush_seconds_sum");
    }

}
