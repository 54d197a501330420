package io.brightcounter.readings.postgres;

import java.util.UUID;

import io.brightcounter.readings.ReadingBatch;
import io.brightcounter.readings.StoreUnavailableException;
import io.brightcounter.readings.Timestamp;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * With no database to connect to, every operation of the store, those that open a
 * transaction of their own included, fails with {@link StoreUnavailableException} (a 503
 * with {@code Retry-After}), never with an exception the contract does not know.
 */
class PostgresStoreUnavailableTests {

    private static final UUID DEVICE = UUID.fromString("063c5957-8905-45f9-bfe3-960713788919");

    /** Nothing listens on port 1: every connection attempt is refused at once. */
    private final DriverManagerDataSource nowhere = new DriverManagerDataSource(
            "jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=2", "postgres", "");

    private final PostgresDeviceReadingStore store = new PostgresDeviceReadingStore(JdbcClient.create(this.nowhere),
            new TransactionTemplate(new DataSourceTransactionManager(this.nowhere)));

    @Test
    void addFailsAsUnavailable() {
        ReadingBatch readings = new ReadingBatch();
        readings.add(1, new Timestamp(1_600_000_000L, 0));
        assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> this.store.add(DEVICE, readings));
    }

    @Test
    void readsFailAsUnavailable() {
        assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> this.store.totals(DEVICE));
        assertThatExceptionOfType(StoreUnavailableException.class)
            .isThrownBy(() -> this.store.readings(DEVICE, 0, 10, 10));
    }

    @Test
    void seriesFailsAsUnavailable() {
        assertThatExceptionOfType(StoreUnavailableException.class)
            .isThrownBy(() -> this.store.series(DEVICE, 0, 8192, 4096, 2));
    }

    @Test
    void deleteFailsAsUnavailable() {
        assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> this.store.delete(DEVICE));
    }

}
