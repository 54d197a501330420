package io.brightcounter.readings.postgres;

import io.brightcounter.RequiresPostgres;
import io.brightcounter.TestDatabase;
import io.brightcounter.readings.AddResult;
import io.brightcounter.readings.DeviceReadingStore;
import io.brightcounter.readings.DeviceReadingStoreContractTests;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

@RequiresPostgres
class PostgresDeviceReadingStoreTests extends DeviceReadingStoreContractTests {

    @Override
    protected DeviceReadingStore createStore() {
        TestDatabase.clear();
        return new PostgresDeviceReadingStore(JdbcClient.create(TestDatabase.dataSource()));
    }

    @Test
    void addCountsDuplicatesWhoseCountDiffersFromTheStoredReading() {
        this.store.add(DEVICE, batch(5, "2021-09-29T16:00:00Z", 6, "2021-09-29T16:01:00Z"));
        AddResult result = this.store.add(DEVICE, batch(5, "2021-09-29T16:00:00Z", 9, "2021-09-29T17:01:00+01:00", 7,
                "2021-09-29T16:02:00Z", 8, "2021-09-29T16:02:00Z"));
        // 16:00 repeats its count; 16:01 comes back with 9 instead of 6; 16:02 twice in
        // the batch, 7 then 8.
        assertThat(result).isEqualTo(new AddResult(1, 3, 2));
    }

    @Override
    protected int modelSteps() {
        return 500;
    }

    @Override
    protected int summaryBatchesPerWriter() {
        return 100;
    }

}
