package io.brightcounter.readings.postgres;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import io.brightcounter.readings.DeviceTotals;
import io.brightcounter.readings.ReadingBatch;
import io.brightcounter.readings.Timestamp;
import io.brightcounter.testsupport.RequiresPostgres;
import io.brightcounter.testsupport.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionOperations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database filled under the first schema, then migrated to the current one: every
 * device's summary must come out as if its readings had been stored under the current
 * schema, and stay right as batches keep coming. Runs in a schema of its own, so the
 * shared test tables are left alone.
 */
@RequiresPostgres
class PostgresSchemaUpgradeTests {

    private static final String SCHEMA = "schema_upgrade_test";

    /**
     * How version 1 stored a batch: the readings, and the totals row with sum and latest
     * only.
     */
    private static final String V1_ADD_SQL = """
            WITH reading AS (
                SELECT * FROM unnest(:epochSeconds::bigint[], :offsetSeconds::integer[], :counts::bigint[])
                    WITH ORDINALITY AS reading(epoch_second, offset_seconds, count, position)
            ),
            batch AS (
                SELECT DISTINCT ON (epoch_second) epoch_second, offset_seconds, count
                FROM reading
                ORDER BY epoch_second, position
            ),
            inserted AS (
                INSERT INTO device_readings (device_id, epoch_second, offset_seconds, count)
                SELECT :deviceId, epoch_second, offset_seconds, count FROM batch ORDER BY epoch_second
                ON CONFLICT DO NOTHING
                RETURNING epoch_second, offset_seconds, count
            ),
            added AS (
                SELECT (SELECT sum(count) FROM inserted)::bigint AS count, epoch_second, offset_seconds
                FROM inserted
                ORDER BY epoch_second DESC
                LIMIT 1
            )
            INSERT INTO device_totals AS totals
                (device_id, cumulative_count, latest_epoch_second, latest_offset_seconds)
            SELECT :deviceId, count, epoch_second, offset_seconds FROM added
            ON CONFLICT (device_id) DO UPDATE SET
                cumulative_count = totals.cumulative_count + excluded.cumulative_count,
                latest_epoch_second = greatest(totals.latest_epoch_second, excluded.latest_epoch_second),
                latest_offset_seconds = CASE
                    WHEN excluded.latest_epoch_second > totals.latest_epoch_second
                    THEN excluded.latest_offset_seconds
                    ELSE totals.latest_offset_seconds
                END
            """;

    private final Random random = new Random(20260930);

    /** What was sent, first reading per instant kept: device, then instant to reading. */
    private final Map<UUID, TreeMap<Long, long[]>> model = new HashMap<>();

    private final List<UUID> devices = new ArrayList<>();

    private DriverManagerDataSource dataSource;

    @BeforeEach
    void emptySchema() {
        dropSchema();
        String separator = TestDatabase.URL.contains("?") ? "&" : "?";
        this.dataSource = new DriverManagerDataSource(TestDatabase.URL + separator + "currentSchema=" + SCHEMA,
                TestDatabase.USER, TestDatabase.PASSWORD);
        for (int i = 0; i < 40; i++) {
            this.devices.add(UUID.randomUUID());
        }
    }

    @AfterEach
    void dropSchema() {
        JdbcClient.create(TestDatabase.dataSource()).sql("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE").update();
    }

    @Test
    void summariesOfADatabaseFilledUnderVersion1AreCompleteAfterMigrating() {
        flyway().target("1").load().migrate();
        JdbcClient v1 = JdbcClient.create(this.dataSource);
        for (int step = 0; step < 400; step++) {
            UUID device = this.devices.get(this.random.nextInt(this.devices.size()));
            ReadingBatch readings = randomBatch(device);
            long[] epochSeconds = new long[readings.size()];
            int[] offsetSeconds = new int[readings.size()];
            long[] counts = new long[readings.size()];
            for (int i = 0; i < readings.size(); i++) {
                epochSeconds[i] = readings.epochSecond(i);
                offsetSeconds[i] = readings.offsetSeconds(i);
                counts[i] = readings.count(i);
            }
            v1.sql(V1_ADD_SQL)
                .param("deviceId", device)
                .param("epochSeconds", epochSeconds)
                .param("offsetSeconds", offsetSeconds)
                .param("counts", counts)
                .update();
        }

        assertThat(flyway().load().migrate().migrationsExecuted).isEqualTo(1);

        PostgresDeviceReadingStore store = new PostgresDeviceReadingStore(v1,
                TransactionOperations.withoutTransaction());
        assertEveryDevice(store);
        for (int step = 0; step < 200; step++) {
            UUID device = this.devices.get(this.random.nextInt(this.devices.size()));
            store.add(device, randomBatch(device));
        }
        assertEveryDevice(store);
    }

    private void assertEveryDevice(PostgresDeviceReadingStore store) {
        Map<UUID, DeviceTotals> expected = new HashMap<>();
        for (UUID device : this.devices) {
            TreeMap<Long, long[]> readings = this.model.get(device);
            if (readings == null) {
                assertThat(store.totals(device)).isEmpty();
                continue;
            }
            long sum = readings.values().stream().mapToLong((reading) -> reading[1]).sum();
            DeviceTotals totals = new DeviceTotals(sum, readings.size(), readings.lastKey(),
                    (int) readings.lastEntry().getValue()[0], readings.firstKey(),
                    (int) readings.firstEntry().getValue()[0]);
            assertThat(store.totals(device)).as("device %s", device).contains(totals);
            expected.put(device, totals);
        }
        assertThat(expected).hasSizeGreaterThan(30);
        assertThat(store.totals(this.devices)).isEqualTo(expected);
    }

    /**
     * Up to 20 readings over a small pool of instants, so that duplicates are common;
     * noted in the model.
     */
    private ReadingBatch randomBatch(UUID device) {
        ReadingBatch readings = new ReadingBatch();
        TreeMap<Long, long[]> stored = this.model.computeIfAbsent(device, (id) -> new TreeMap<>());
        int size = 1 + this.random.nextInt(20);
        for (int r = 0; r < size; r++) {
            long instant = 1_600_000_000L + 3600L * this.random.nextInt(300);
            int offset = 900 * (this.random.nextInt(97) - 48);
            long count = 1 + this.random.nextInt(1000);
            readings.add(count, new Timestamp(instant, offset));
            stored.putIfAbsent(instant, new long[] { offset, count });
        }
        return readings;
    }

    private org.flywaydb.core.api.configuration.FluentConfiguration flyway() {
        return Flyway.configure().dataSource(this.dataSource).schemas(SCHEMA);
    }

}
