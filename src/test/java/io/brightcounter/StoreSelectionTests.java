package io.brightcounter;

import javax.sql.DataSource;

import io.brightcounter.readings.DeviceReadingStore;
import io.brightcounter.readings.memory.InMemoryDeviceReadingStore;
import io.brightcounter.readings.postgres.PostgresDeviceReadingStore;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

class StoreSelectionTests {

    @Test
    void defaultStoreIsInMemoryAndNeedsNoDatabase() {
        try (ConfigurableApplicationContext context = start("--server.port=0", "--management.server.port=0")) {
            assertThat(context.getBean(DeviceReadingStore.class)).isInstanceOf(InMemoryDeviceReadingStore.class);
            assertThat(context.getBeansOfType(DataSource.class)).isEmpty();
        }
    }

    @Test
    @RequiresPostgres
    void postgresStoreIsSelectedByProperty() {
        TestDatabase.dataSource();
        try (ConfigurableApplicationContext context = start("--server.port=0", "--management.server.port=0",
                "--bright-counter.store=postgres", "--spring.datasource.url=" + TestDatabase.URL,
                "--spring.datasource.username=" + TestDatabase.USER,
                "--spring.datasource.password=" + TestDatabase.PASSWORD)) {
            assertThat(context.getBean(DeviceReadingStore.class)).isInstanceOf(PostgresDeviceReadingStore.class);
        }
    }

    private static ConfigurableApplicationContext start(String... arguments) {
        return new SpringApplicationBuilder(BrightCounterApplication.class).run(arguments);
    }

}
