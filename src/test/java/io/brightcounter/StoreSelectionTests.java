package io.brightcounter;

import javax.sql.DataSource;

import io.brightcounter.readings.DeviceReadingStore;
import io.brightcounter.readings.memory.InMemoryDeviceReadingStore;
import io.brightcounter.readings.postgres.PostgresDeviceReadingStore;
import io.brightcounter.testsupport.RequiresPostgres;
import io.brightcounter.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@code bright-counter.store} chooses the store, its journal and whether there is a
 * database at all; its value is read in any case and never trimmed.
 */
@ExtendWith(OutputCaptureExtension.class)
class StoreSelectionTests {

    @Test
    void defaultStoreIsInMemoryAndNeedsNoDatabase() {
        try (ConfigurableApplicationContext context = start("--server.port=0", "--management.server.port=0")) {
            assertInMemory(context);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "memory", "MEMORY", "Memory" })
    void memoryInAnyCaseIsTheInMemoryStore(String value) {
        try (ConfigurableApplicationContext context = start("--server.port=0", "--management.server.port=0",
                "--bright-counter.store=" + value)) {
            assertInMemory(context);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "postgres", "POSTGRES" })
    @RequiresPostgres
    void postgresStoreIsSelectedByProperty(String value) {
        TestDatabase.dataSource();
        try (ConfigurableApplicationContext context = start("--server.port=0", "--management.server.port=0",
                "--bright-counter.store=" + value, "--spring.datasource.url=" + TestDatabase.URL,
                "--spring.datasource.username=" + TestDatabase.USER,
                "--spring.datasource.password=" + TestDatabase.PASSWORD)) {
            assertThat(context.getBean(DeviceReadingStore.class)).isInstanceOf(PostgresDeviceReadingStore.class);
            assertThat(context.getBeansOfType(DataSource.class)).hasSize(1);
            assertThat(context.containsBean("storeJournal")).as("journal of the in-memory store").isFalse();
        }
    }

    /**
     * Anything but the two names stops the start, naming the setting: a store chosen by a
     * typo would keep readings where nobody looks for them.
     */
    @ParameterizedTest
    @ValueSource(strings = { "mongo", "postgresql", " memory", "" })
    void anyOtherValueStopsTheStartNamingTheSetting(String value, CapturedOutput output) {
        assertThatException()
            .isThrownBy(() -> start("--server.port=0", "--management.server.port=0", "--bright-counter.store=" + value)
                .close());
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("'bright-counter.store'")
            .contains("Must be memory or postgres");
    }

    private static void assertInMemory(ConfigurableApplicationContext context) {
        assertThat(context.getBean(DeviceReadingStore.class)).isInstanceOf(InMemoryDeviceReadingStore.class);
        assertThat(context.containsBean("storeJournal")).as("journal of the in-memory store").isTrue();
        assertThat(context.getBeansOfType(DataSource.class)).isEmpty();
    }

    private static ConfigurableApplicationContext start(String... arguments) {
        return new SpringApplicationBuilder(BrightCounterApplication.class).run(arguments);
    }

}
