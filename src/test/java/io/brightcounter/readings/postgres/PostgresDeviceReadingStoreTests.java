package io.brightcounter.readings.postgres;

import io.brightcounter.readings.DeviceReadingStore;
import io.brightcounter.readings.DeviceReadingStoreContractTests;
import io.brightcounter.testsupport.RequiresPostgres;
import io.brightcounter.testsupport.TestDatabase;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@RequiresPostgres
class PostgresDeviceReadingStoreTests extends DeviceReadingStoreContractTests {

    @Override
    protected DeviceReadingStore createStore() {
        TestDatabase.clear();
        return new PostgresDeviceReadingStore(JdbcClient.create(TestDatabase.dataSource()),
                new TransactionTemplate(new DataSourceTransactionManager(TestDatabase.dataSource())));
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
