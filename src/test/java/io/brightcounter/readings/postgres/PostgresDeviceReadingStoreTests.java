package io.brightcounter.readings.postgres;

import io.brightcounter.TestDatabase;
import io.brightcounter.readings.DeviceReadingStore;
import io.brightcounter.readings.DeviceReadingStoreContractTests;

import org.springframework.jdbc.core.simple.JdbcClient;

class PostgresDeviceReadingStoreTests extends DeviceReadingStoreContractTests {

    @Override
    protected DeviceReadingStore createStore() {
        TestDatabase.clear();
        return new PostgresDeviceReadingStore(JdbcClient.create(TestDatabase.dataSource()));
    }

    @Override
    protected int modelSteps() {
        return 500;
    }

}
