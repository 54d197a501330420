package io.brightcounter.readings.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.brightcounter.readings.ReadingBatch;
import io.brightcounter.readings.Series;
import io.brightcounter.readings.Timestamp;
import io.brightcounter.testsupport.RequiresPostgres;
import io.brightcounter.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-window sums a series reads: kept exact by concurrent batches of one device and
 * removed with the device, and series cut at every kind of window bound agree with the
 * readings themselves.
 */
@RequiresPostgres
class PostgresReadingWindowsTests {

    private static final UUID DEVICE = UUID.fromString("063c5957-8905-45f9-bfe3-960713788919");

    private static final UUID OTHER_DEVICE = UUID.fromString("163c5957-8905-45f9-bfe3-960713788919");

    /** The sums as the windows table holds them, device and window start first. */
    private static final String WINDOWS_SQL = """
            SELECT device_id, window_start, readings, count FROM device_reading_windows
            ORDER BY device_id, window_start
            """;

    /** The same sums computed from the readings. */
    private static final String WINDOWS_FROM_READINGS_SQL = """
            SELECT device_id, epoch_second & -4096, count(*), sum(count)::bigint FROM device_readings
            GROUP BY device_id, epoch_second & -4096
            ORDER BY 1, 2
            """;

    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.dataSource());

    private final PostgresDeviceReadingStore store = newStore();

    @BeforeEach
    void emptyTables() {
        TestDatabase.clear();
    }

    /**
     * Writers released together send overlapping batches of one device: each instant has
     * one count, so the totals are known exactly whoever stores it first, and every
     * window must hold exactly the readings that went in.
     */
    @Test
    void concurrentBatchesOfOneDeviceKeepTheWindowsExact() throws Exception {
        int writers = 4;
        int batchesPerWriter = 60;
        long base = 1_600_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Long>> stored = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                Random random = new Random(w);
                stored.add(pool.submit(() -> {
                    start.await();
                    long readings = 0;
                    for (int b = 0; b < batchesPerWriter; b++) {
                        ReadingBatch batch = new ReadingBatch();
                        long first = base + 60L * random.nextInt(2000);
                        for (int r = 0; r < 40; r++) {
                            long instant = first + 60L * r;
                            batch.add(countAt(instant), new Timestamp(instant, 0));
                        }
                        readings += this.store.add(DEVICE, batch).stored();
                    }
                    return readings;
                }));
            }
            start.countDown();
            long storedReadings = 0;
            for (Future<Long> future : stored) {
                storedReadings += future.get(60, TimeUnit.SECONDS);
            }
            List<Long> instants = this.jdbc.sql("SELECT epoch_second FROM device_readings").query(Long.class).list();
            assertThat(storedReadings).isEqualTo(instants.size());
            long expectedSum = instants.stream().mapToLong(PostgresReadingWindowsTests::countAt).sum();
            assertThat(this.jdbc.sql("SELECT sum(readings), sum(count) FROM device_reading_windows")
                .query((row, n) -> List.of(row.getLong(1), row.getLong(2)))
                .single()).containsExactly((long) instants.size(), expectedSum);
            assertWindowsMatchReadings();
            assertThat(this.store.totals(DEVICE).orElseThrow().cumulativeCount()).isEqualTo(expectedSum);
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void duplicatesAddNothingToTheWindowsAndDeletionRemovesThem() {
        ReadingBatch batch = new ReadingBatch();
        batch.add(5, new Timestamp(4096, 0));
        batch.add(7, new Timestamp(4096 + 4095, 0));
        batch.add(11, new Timestamp(-1, 0));
        this.store.add(DEVICE, batch);
        this.store.add(OTHER_DEVICE, batch);
        ReadingBatch again = new ReadingBatch();
        again.add(100, new Timestamp(4096, 3600));
        again.add(13, new Timestamp(8192, 0));
        this.store.add(DEVICE, again);

        assertThat(windows()).containsExactly(List.of(DEVICE, -4096L, 1L, 11L), List.of(DEVICE, 4096L, 2L, 12L),
                List.of(DEVICE, 8192L, 1L, 13L), List.of(OTHER_DEVICE, -4096L, 1L, 11L),
                List.of(OTHER_DEVICE, 4096L, 2L, 12L));
        assertWindowsMatchReadings();

        this.store.delete(DEVICE);
        assertThat(windows()).containsExactly(List.of(OTHER_DEVICE, -4096L, 1L, 11L),
                List.of(OTHER_DEVICE, 4096L, 2L, 12L));
    }

    /**
     * Readings every 7 seconds across several windows, before and after 1970, and series
     * whose bounds fall on window starts, inside windows, and with buckets both shorter
     * and longer than a window: each agrees with the buckets summed from the readings.
     */
    @Test
    void seriesAgreeWithTheReadingsWhereverBucketBoundsCutTheWindows() {
        TreeMap<Long, Long> readings = new TreeMap<>();
        ReadingBatch batch = new ReadingBatch();
        for (long instant = -20_000; instant < 20_000; instant += 7) {
            readings.put(instant, countAt(instant));
            batch.add(countAt(instant), new Timestamp(instant, 0));
        }
        this.store.add(DEVICE, batch);
        Random random = new Random(20261204);
        long[][] fixed = { { -8192, 8192, 4096 }, { -8192, 8192, 2048 }, { -8191, 8193, 4096 }, { 0, 12288, 8192 },
                { -20_000, 20_000, 1 << 14 }, { 100, 101, 1 }, { 4095, 4097, 1 } };
        for (int i = 0; i < 60; i++) {
            long from;
            long to;
            long step;
            if (i < fixed.length) {
                from = fixed[i][0];
                to = fixed[i][1];
                step = fixed[i][2];
            }
            else {
                from = -25_000 + random.nextInt(50_000);
                to = from + 1 + random.nextInt(30_000);
                step = 1 + random.nextInt((i % 2 == 0) ? 2000 : 20_000);
            }
            int buckets = (int) ((to - from + step - 1) / step);
            if (buckets > 10_000) {
                continue;
            }
            long[] sums = new long[buckets];
            long[] counts = new long[buckets];
            for (Map.Entry<Long, Long> reading : readings.subMap(from, to).entrySet()) {
                int bucket = (int) ((reading.getKey() - from) / step);
                sums[bucket] += reading.getValue();
                counts[bucket]++;
            }
            Series series = this.store.series(DEVICE, from, to, step, buckets).orElseThrow();
            String range = from + ".." + to + " by " + step;
            assertThat(series.sums()).as(range).containsExactly(sums);
            assertThat(series.readings()).as(range).containsExactly(counts);
        }
    }

    /**
     * The readings of a series are read window by window, one range scan of the primary
     * key for each window a bucket bound cuts. Planned from the query alone (no
     * statistics yet, as after a bulk load, or a plan made for any parameters),
     * PostgreSQL read every reading of the range once and compared it with every cut
     * window: 100 million comparisons and 11 to 39 s for a series of a device with half a
     * million readings.
     */
    @Test
    void aSeriesReadsTheReadingsOfEachCutWindowByItsOwnRangeScan() {
        long base = 1_700_000_000L;
        for (int hour = 0; hour < 3; hour++) {
            ReadingBatch batch = new ReadingBatch();
            for (int second = 0; second < 3600; second++) {
                batch.add(1, new Timestamp(base + hour * 3600L + second, 0));
            }
            this.store.add(DEVICE, batch);
        }
        List<String> plan = this.jdbc.sql("EXPLAIN " + PostgresDeviceReadingStore.SERIES_SQL)
            .param("deviceId", DEVICE)
            .param("from", 946_684_800L)
            .param("to", 1_798_761_600L)
            .param("step", 86_400L)
            .param("buckets", 9_862)
            .query(String.class)
            .list();
        int scan = indexOf(plan, "on device_readings ");
        assertThat(scan).as("the readings are read by an index scan:%n%s", String.join("\n", plan)).isNotNegative();
        assertThat(plan.get(scan + 1))
            .as("bounded by a cut window (a bucket bound & -4096), not by the range alone:%n%s",
                    String.join("\n", plan))
            .contains("Index Cond")
            .contains("-4096");
    }

    private static int indexOf(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }

    private void assertWindowsMatchReadings() {
        assertWindowsMatchReadings(this.jdbc);
    }

    /**
     * Every window row holds exactly the readings of its window, and no window is
     * missing.
     */
    static void assertWindowsMatchReadings(JdbcClient jdbc) {
        assertThat(windows(jdbc))
            .isEqualTo(jdbc.sql(WINDOWS_FROM_READINGS_SQL).query(PostgresReadingWindowsTests::row).list());
    }

    private List<List<Object>> windows() {
        return windows(this.jdbc);
    }

    private static List<List<Object>> windows(JdbcClient jdbc) {
        return jdbc.sql(WINDOWS_SQL).query(PostgresReadingWindowsTests::row).list();
    }

    private static List<Object> row(java.sql.ResultSet row, int rowNumber) throws java.sql.SQLException {
        return List.of(row.getObject(1, UUID.class), row.getLong(2), row.getLong(3), row.getLong(4));
    }

    /** The one count every writer sends for an instant. */
    private static long countAt(long instant) {
        return 1 + Math.floorMod(instant * 31, 997);
    }

    private static PostgresDeviceReadingStore newStore() {
        return new PostgresDeviceReadingStore(JdbcClient.create(TestDatabase.dataSource()),
                new TransactionTemplate(new DataSourceTransactionManager(TestDatabase.dataSource())));
    }

}
