package io.brightcounter.readings.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import io.brightcounter.config.BrightCounterProperties.Store;
import io.brightcounter.config.ConditionalOnStore;
import io.brightcounter.readings.AddResult;
import io.brightcounter.readings.CountOverflowException;
import io.brightcounter.readings.DeviceReadingStore;
import io.brightcounter.readings.DeviceTotals;
import io.brightcounter.readings.ReadingBatch;
import io.brightcounter.readings.ReadingPage;
import io.brightcounter.readings.Series;
import io.brightcounter.readings.StoreUnavailableException;
import io.brightcounter.readings.StoredReading;

import org.springframework.core.NestedRuntimeException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Keeps readings in PostgreSQL, so that they survive restarts and several instances can
 * share them.
 *
 * <p>
 * A batch is one statement, one round trip, which also reports how many readings went in
 * and how many repeated a stored instant with another count: the readings go in as
 * arrays, duplicates are dropped by the primary key ({@code ON CONFLICT DO NOTHING}), and
 * the device's totals row and the windows that hold them (the sums a series reads) are
 * updated from exactly the rows that went in. Being one statement it is one transaction:
 * a batch is stored whole or not at all, and readers only ever see committed totals.
 *
 * <p>
 * Concurrent batches for one device are safe without extra locking: an insert that meets
 * a key another transaction is inserting waits for that transaction and then skips the
 * key, and the totals and window rows are updated under their row locks. Readings and
 * windows are written in instant order, so two batches never wait on each other's keys in
 * a cycle.
 *
 * <p>
 * A deletion is linearizable with the device's batches through a transaction-scoped
 * advisory lock on the device: each batch takes it shared (batches do not wait for each
 * other), a deletion exclusive, and the deletion's statements run after it holds the
 * lock, so they see every batch committed before and none lands half way through.
 */
@Component
@ConditionalOnStore(Store.POSTGRES)
public class PostgresDeviceReadingStore implements DeviceReadingStore {

    /**
     * PostgreSQL's "numeric value out of range": the bigint sum would pass
     * Long.MAX_VALUE.
     */
    private static final String NUMERIC_VALUE_OUT_OF_RANGE = "22003";

    private static final int ATTEMPTS = 3;

    private static final String ADD_SQL = """
            WITH device_lock AS (
                SELECT pg_advisory_xact_lock_shared(:lockKey)
            ),
            reading AS (
                SELECT reading.* FROM device_lock,
                    unnest(:epochSeconds::bigint[], :offsetSeconds::integer[], :counts::bigint[])
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
                SELECT (SELECT sum(count) FROM inserted)::bigint AS count, (SELECT count(*) FROM inserted) AS readings,
                    latest.epoch_second AS latest_epoch_second, latest.offset_seconds AS latest_offset_seconds,
                    earliest.epoch_second AS earliest_epoch_second, earliest.offset_seconds AS earliest_offset_seconds
                FROM (SELECT epoch_second, offset_seconds FROM inserted ORDER BY epoch_second DESC LIMIT 1) latest,
                    (SELECT epoch_second, offset_seconds FROM inserted ORDER BY epoch_second LIMIT 1) earliest
            ),
            totals AS (
                INSERT INTO device_totals AS totals (device_id, cumulative_count, readings, latest_epoch_second,
                    latest_offset_seconds, earliest_epoch_second, earliest_offset_seconds)
                SELECT :deviceId, count, readings, latest_epoch_second, latest_offset_seconds, earliest_epoch_second,
                    earliest_offset_seconds
                FROM added
                ON CONFLICT (device_id) DO UPDATE SET
                    cumulative_count = totals.cumulative_count + excluded.cumulative_count,
                    readings = totals.readings + excluded.readings,
                    latest_epoch_second = greatest(totals.latest_epoch_second, excluded.latest_epoch_second),
                    latest_offset_seconds = CASE
                        WHEN excluded.latest_epoch_second > totals.latest_epoch_second
                        THEN excluded.latest_offset_seconds
                        ELSE totals.latest_offset_seconds
                    END,
                    earliest_epoch_second = least(totals.earliest_epoch_second, excluded.earliest_epoch_second),
                    earliest_offset_seconds = CASE
                        WHEN excluded.earliest_epoch_second < totals.earliest_epoch_second
                        THEN excluded.earliest_offset_seconds
                        ELSE totals.earliest_offset_seconds
                    END
            ),
            windows AS (
                INSERT INTO device_reading_windows AS windows (device_id, window_start, readings, count)
                SELECT :deviceId, epoch_second & -4096, count(*), sum(count)::bigint
                FROM inserted
                GROUP BY epoch_second & -4096
                ORDER BY epoch_second & -4096
                ON CONFLICT (device_id, window_start) DO UPDATE SET
                    readings = windows.readings + excluded.readings,
                    count = windows.count + excluded.count
            )
            SELECT (SELECT count(*) FROM inserted) AS stored,
                (SELECT count(*) FROM reading JOIN device_readings stored_reading
                    ON stored_reading.device_id = :deviceId AND stored_reading.epoch_second = reading.epoch_second
                    WHERE stored_reading.count <> reading.count)
                + (SELECT count(*) FROM reading JOIN batch USING (epoch_second) WHERE reading.count <> batch.count
                    AND NOT EXISTS (SELECT FROM device_readings stored_reading
                        WHERE stored_reading.device_id = :deviceId
                        AND stored_reading.epoch_second = reading.epoch_second))
                    AS conflicts
            """;

    private static final String TOTALS_COLUMNS = """
            cumulative_count, readings, latest_epoch_second, latest_offset_seconds, earliest_epoch_second,
                earliest_offset_seconds""";

    private static final String TOTALS_SQL = "SELECT " + TOTALS_COLUMNS
            + " FROM device_totals WHERE device_id = :deviceId";

    /**
     * Many devices, one round trip: the primary key index answers {@code = ANY} with one
     * probe per id.
     */
    private static final String MANY_TOTALS_SQL = "SELECT device_id, " + TOTALS_COLUMNS
            + " FROM device_totals WHERE device_id = ANY(:deviceIds)";

    /**
     * A page of history and whether the device exists, from one statement (one snapshot):
     * no row for an unknown device, one row of nulls for a known one with nothing in the
     * range. The range is read on the primary key.
     */
    private static final String READINGS_SQL = """
            SELECT reading.epoch_second, reading.offset_seconds, reading.count
            FROM device_totals
            LEFT JOIN LATERAL (
                SELECT epoch_second, offset_seconds, count FROM device_readings
                WHERE device_id = :deviceId AND epoch_second >= :from AND epoch_second < :to
                ORDER BY epoch_second
                LIMIT :limit
            ) reading ON true
            WHERE device_totals.device_id = :deviceId
            ORDER BY reading.epoch_second
            """;

    /**
     * A series, and whether the device exists (the row whose bucket is null), in one
     * statement: one snapshot, one round trip, a row per bucket that holds readings.
     * Windows of {@code device_reading_windows} that lie whole inside one bucket give
     * their sums; only the readings of the windows a bucket bound cuts (at most one per
     * bound) are read from {@code device_readings}, each window by one range scan of the
     * primary key. A 1,000-bucket series over a million readings reads tens of thousands
     * of rows instead of every reading. {@code OFFSET 0} keeps that scan inside the loop
     * over the cut windows: without it the planner may flatten the subquery and, short of
     * statistics or with a plan made for any parameters (PostgreSQL's choice after five
     * executions of a prepared statement), read every reading of the range once and
     * compare it with every cut window: 100 million comparisons and 11 to 39 s for a
     * series the loop answers in milliseconds.
     */
    static final String SERIES_SQL = """
            SELECT NULL::bigint AS bucket, 0::numeric AS count, 0::numeric AS readings
            FROM device_totals WHERE device_id = :deviceId
            UNION ALL
            SELECT bucket, sum(count), sum(readings) FROM (
                SELECT (window_start - :from) / :step AS bucket, count, readings
                FROM device_reading_windows
                WHERE device_id = :deviceId AND window_start >= :from AND window_start <= :to - 4096
                    AND (window_start - :from) / :step = (window_start + 4095 - :from) / :step
                UNION ALL
                SELECT (reading.epoch_second - :from) / :step, reading.count, 1
                FROM (
                    SELECT DISTINCT bound & -4096 AS window_start
                    FROM (
                        SELECT :from + k * :step AS bound FROM generate_series(0, :buckets - 1) AS k
                        UNION ALL
                        SELECT :to
                    ) bounds
                    WHERE bound & 4095 <> 0
                ) cut
                CROSS JOIN LATERAL (
                    SELECT epoch_second, count FROM device_readings
                    WHERE device_id = :deviceId
                        AND epoch_second >= cut.window_start AND epoch_second < cut.window_start + 4096
                    OFFSET 0
                ) reading
                WHERE reading.epoch_second >= :from AND reading.epoch_second < :to
            ) part
            GROUP BY bucket
            """;

    private final JdbcClient jdbc;

    private final TransactionOperations transactions;

    public PostgresDeviceReadingStore(JdbcClient jdbc, TransactionOperations transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public AddResult add(UUID deviceId, ReadingBatch readings) {
        int size = readings.size();
        long[] epochSeconds = new long[size];
        int[] offsetSeconds = new int[size];
        long[] counts = new long[size];
        for (int i = 0; i < size; i++) {
            epochSeconds[i] = readings.epochSecond(i);
            offsetSeconds[i] = readings.offsetSeconds(i);
            counts[i] = readings.count(i);
        }
        for (int attempt = 1;; attempt++) {
            try {
                return this.jdbc.sql(ADD_SQL)
                    .param("lockKey", lockKey(deviceId))
                    .param("deviceId", deviceId)
                    .param("epochSeconds", epochSeconds)
                    .param("offsetSeconds", offsetSeconds)
                    .param("counts", counts)
                    .query((row, rowNumber) -> {
                        int stored = row.getInt(1);
                        return new AddResult(stored, size - stored, row.getInt(2));
                    })
                    .single();
            }
            catch (PessimisticLockingFailureException ex) {
                // A deadlock or serialization failure rolled the whole statement back:
                // safe to retry.
                if (attempt == ATTEMPTS) {
                    throw ex;
                }
            }
            catch (DataAccessResourceFailureException | TransientDataAccessException ex) {
                throw unavailable(ex);
            }
            catch (DataAccessException ex) {
                if (ex.getMostSpecificCause() instanceof SQLException sql
                        && NUMERIC_VALUE_OUT_OF_RANGE.equals(sql.getSQLState())) {
                    throw new CountOverflowException();
                }
                throw ex;
            }
        }
    }

    @Override
    public Optional<DeviceTotals> totals(UUID deviceId) {
        try {
            return this.jdbc.sql(TOTALS_SQL)
                .param("deviceId", deviceId)
                .query((row, rowNumber) -> totals(row, 1))
                .optional();
        }
        catch (DataAccessResourceFailureException | TransientDataAccessException ex) {
            throw unavailable(ex);
        }
    }

    @Override
    public Map<UUID, DeviceTotals> totals(Collection<UUID> deviceIds) {
        Map<UUID, DeviceTotals> found = new HashMap<>(deviceIds.size() * 4 / 3 + 1);
        // Called once per row (a callback, not an extractor that would have to call next
        // itself).
        RowCallbackHandler collect = (row) -> found.put(row.getObject(1, UUID.class), totals(row, 2));
        try {
            this.jdbc.sql(MANY_TOTALS_SQL).param("deviceIds", deviceIds.toArray(UUID[]::new)).query(collect);
        }
        catch (DataAccessResourceFailureException | TransientDataAccessException ex) {
            throw unavailable(ex);
        }
        return found;
    }

    @Override
    public Optional<ReadingPage> readings(UUID deviceId, long fromEpochSecond, long toEpochSecond, int limit) {
        List<StoredReading> found = new ArrayList<>();
        boolean[] known = { false };
        try {
            this.jdbc.sql(READINGS_SQL)
                .param("deviceId", deviceId)
                .param("from", fromEpochSecond)
                .param("to", toEpochSecond)
                .param("limit", limit + 1)
                .query((RowCallbackHandler) (row) -> {
                    known[0] = true;
                    long epochSecond = row.getLong(1);
                    if (!row.wasNull()) {
                        found.add(new StoredReading(epochSecond, row.getInt(2), row.getLong(3)));
                    }
                });
        }
        catch (DataAccessResourceFailureException | TransientDataAccessException ex) {
            throw unavailable(ex);
        }
        return (known[0]) ? Optional.of(ReadingPage.of(found, limit)) : Optional.empty();
    }

    @Override
    public Optional<Series> series(UUID deviceId, long fromEpochSecond, long toEpochSecond, long stepSeconds,
            int buckets) {
        Series series = Series.empty(buckets);
        boolean[] known = { false };
        try {
            this.transactions.executeWithoutResult((status) -> {
                // The planner cannot tell how few readings each cut window holds; its
                // estimate would compile the statement with JIT, which costs more than
                // the whole statement.
                this.jdbc.sql("SET LOCAL jit = off").update();
                this.jdbc.sql(SERIES_SQL)
                    .param("deviceId", deviceId)
                    .param("from", fromEpochSecond)
                    .param("to", toEpochSecond)
                    .param("step", stepSeconds)
                    .param("buckets", buckets)
                    .query((RowCallbackHandler) (row) -> {
                        long bucket = row.getLong(1);
                        if (row.wasNull()) {
                            known[0] = true;
                        }
                        else {
                            series.sums()[(int) bucket] = row.getLong(2);
                            series.readings()[(int) bucket] = row.getLong(3);
                        }
                    });
            });
        }
        catch (DataAccessResourceFailureException | TransientDataAccessException | CannotCreateTransactionException
                | TransactionSystemException ex) {
            throw unavailable(ex);
        }
        return (known[0]) ? Optional.of(series) : Optional.empty();
    }

    /**
     * Takes the device's lock exclusive, then deletes its totals row, its readings and
     * their windows, in one transaction.
     */
    @Override
    public OptionalLong delete(UUID deviceId) {
        try {
            OptionalLong deleted = this.transactions.execute((status) -> {
                this.jdbc.sql("SELECT pg_advisory_xact_lock(:lockKey)")
                    .param("lockKey", lockKey(deviceId))
                    .query((row, rowNumber) -> 0)
                    .list();
                Optional<Long> readings = this.jdbc
                    .sql("DELETE FROM device_totals WHERE device_id = :deviceId RETURNING readings")
                    .param("deviceId", deviceId)
                    .query(Long.class)
                    .optional();
                this.jdbc.sql("DELETE FROM device_readings WHERE device_id = :deviceId")
                    .param("deviceId", deviceId)
                    .update();
                this.jdbc.sql("DELETE FROM device_reading_windows WHERE device_id = :deviceId")
                    .param("deviceId", deviceId)
                    .update();
                return readings.map(OptionalLong::of).orElse(OptionalLong.empty());
            });
            return (deleted != null) ? deleted : OptionalLong.empty();
        }
        catch (DataAccessResourceFailureException | TransientDataAccessException | CannotCreateTransactionException
                | TransactionSystemException ex) {
            throw unavailable(ex);
        }
    }

    /**
     * The device's advisory lock key; two devices sharing one only ever wait for each
     * other a little.
     */
    private static long lockKey(UUID deviceId) {
        return deviceId.getMostSignificantBits() ^ deviceId.getLeastSignificantBits();
    }

    /**
     * No connection within the pool's connection timeout
     * ({@code spring.datasource.hikari.connection-timeout}), a connection lost
     * mid-statement, a statement timeout: the database may be back in a moment, and a
     * batch that failed this way was rolled back whole. Where the store opens a
     * transaction itself the same failures come as the transaction's exceptions: no
     * connection to begin it, or a commit or rollback on a lost one.
     */
    private static StoreUnavailableException unavailable(NestedRuntimeException ex) {
        Throwable cause = ex.getMostSpecificCause();
        return new StoreUnavailableException("PostgreSQL unavailable: " + cause, cause);
    }

    /**
     * The totals in the row's columns from {@code first} on, in {@link #TOTALS_COLUMNS}
     * order.
     */
    private static DeviceTotals totals(ResultSet row, int first) throws SQLException {
        return new DeviceTotals(row.getLong(first), row.getLong(first + 1), row.getLong(first + 2),
                row.getInt(first + 3), row.getLong(first + 4), row.getInt(first + 5));
    }

}
