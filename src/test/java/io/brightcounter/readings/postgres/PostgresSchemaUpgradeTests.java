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
import io.brightcounter.readings.Series;
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
 * A database filled under an earlier schema, then migrated to the current one: every
 * device's summary and series must come out as if its readings had been stored under the
 * current schema, and stay right as batches keep coming. Runs in a schema of its own, so
 * the shared test tables are left alone.
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

        assertThat(flyway().load().migrate().migrationsExecuted).isEqualTo(2);

        assertCompleteThroughFurtherBatches(v1);
    }

    /**
     * Version 2 kept no window sums: the migration must compute them from the readings
     * stored so far, so that series read them right.
     */
    @Test
    void seriesOfADatabaseFilledUnderVersion2AreCompleteAfterMigrating() {
        flyway().target("2").load().migrate();
        JdbcClient v2 = JdbcClient.create(this.dataSource);
        for (int step = 0; step < 400; step++) {
            UUID device = this.devices.get(this.random.nextInt(this.devices.size()));
            randomBatch(device);
        }
        // The rows version 2 held for what the model was sent.
        this.model.forEach((device, readings) -> {
            v2.sql("""
                    INSERT INTO device_readings (device_id, epoch_second, offset_seconds, count)
                    SELECT :deviceId, * FROM unnest(:epochSeconds::bigint[], :offsetSeconds::integer[],
                        :counts::bigint[])
                    """)
                .param("deviceId", device)
                .param("epochSeconds", readings.keySet().stream().mapToLong(Long::longValue).toArray())
                .param("offsetSeconds", readings.values().stream().mapToInt((reading) -> (int) reading[0]).toArray())
                .param("counts", readings.values().stream().mapToLong((reading) -> reading[1]).toArray())
                .update();
            DeviceTotals totals = expectedTotals(readings);
            v2.sql("""
                    INSERT INTO device_totals (device_id, cumulative_count, readings, latest_epoch_second,
                        latest_offset_seconds, earliest_epoch_second, earliest_offset_seconds)
                    VALUES (:deviceId, :count, :readings, :latest, :latestOffset, :earliest, :earliestOffset)
                    """)
                .param("deviceId", device)
                .param("count", totals.cumulativeCount())
                .param("readings", totals.readings())
                .param("latest", totals.latestEpochSecond())
                .param("latestOffset", totals.latestOffsetSeconds())
                .param("earliest", totals.earliestEpochSecond())
                .param("earliestOffset", totals.earliestOffsetSeconds())
                .update();
        });

        assertThat(flyway().load().migrate().migrationsExecuted).isEqualTo(1);

        assertCompleteThroughFurtherBatches(v2);
    }

    private void assertCompleteThroughFurtherBatches(JdbcClient jdbc) {
        PostgresDeviceReadingStore store = new PostgresDeviceReadingStore(jdbc,
                TransactionOperations.withoutTransaction());
        assertEveryDevice(store);
        assertEverySeries(store);
        PostgresReadingWindowsTests.assertWindowsMatchReadings(jdbc);
        for (int step = 0; step < 200; step++) {
            UUID device = this.devices.get(this.random.nextInt(this.devices.size()));
            store.add(device, randomBatch(device));
        }
        assertEveryDevice(store);
        assertEverySeries(store);
        PostgresReadingWindowsTests.assertWindowsMatchReadings(jdbc);
    }

    /**
     * A series of each device over all its readings, in buckets of a random step, against
     * the buckets summed from the model.
     */
    private void assertEverySeries(PostgresDeviceReadingStore store) {
        this.model.forEach((device, readings) -> {
            long from = readings.firstKey() - this.random.nextInt(5000);
            long to = readings.lastKey() + 1 + this.random.nextInt(5000);
            long step = 1 + this.random.nextInt(30_000);
            int buckets = (int) ((to - from + step - 1) / step);
            long[] sums = new long[buckets];
            long[] counts = new long[buckets];
            readings.forEach((instant, reading) -> {
                int bucket = (int) ((instant - from) / step);
                sums[bucket] += reading[1];
                counts[bucket]++;
            });
            Series series = store.series(device, from, to, step, buckets).orElseThrow();
            assertThat(series.sums()).as("device %s", device).containsExactly(sums);
            assertThat(series.readings()).as("device %s", device).containsExactly(counts);
        });
    }

    private void assertEveryDevice(PostgresDeviceReadingStore store) {
        Map<UUID, DeviceTotals> expected = new HashMap<>();
        for (UUID device : this.devices) {
            TreeMap<Long, long[]> readings = this.model.get(device);
            if (readings == null) {
                assertThat(store.totals(device)).isEmpty();
                continue;
            }
            DeviceTotals totals = expectedTotals(readings);
            assertThat(store.totals(device)).as("device %s", device).contains(totals);
            expected.put(device, totals);
        }
        assertThat(expected).hasSizeGreaterThan(30);
        assertThat(store.totals(this.devices)).isEqualTo(expected);
    }

    private static DeviceTotals expectedTotals(TreeMap<Long, long[]> readings) {
        long sum = readings.values().stream().mapToLong((reading) -> reading[1]).sum();
        return new DeviceTotals(sum, readings.size(), readings.lastKey(), (int) readings.lastEntry().getValue()[0],
                readings.firstKey(), (int) readings.firstEntry().getValue()[0]);
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
