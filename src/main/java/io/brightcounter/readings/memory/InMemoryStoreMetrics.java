package io.brightcounter.readings.memory;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.stereotype.Component;

/**
 * Gauges of the in-memory store: {@code bright_counter_devices}, {@code bright_counter_readings_stored}
 * and {@code bright_counter_storage_fill_ratio} (stored readings over capacity; alert well before 1).
 */
@Component
@ConditionalOnBean(InMemoryDeviceReadingStore.class)
class InMemoryStoreMetrics implements MeterBinder {

    private final InMemoryDeviceReadingStore store;

    InMemoryStoreMetrics(InMemoryDeviceReadingStore store) {
        this.store = store;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("bright_counter.devices", this.store, InMemoryDeviceReadingStore::devices)
            .description("Devices with stored readings")
            .register(registry);
        Gauge.builder("bright_counter.readings.stored", this.store, InMemoryDeviceReadingStore::storedReadings)
            .description("Readings stored")
            .register(registry);
        Gauge.builder("bright_counter.storage.fill.ratio", this.store,
                (store) -> (double) store.storedReadings() / store.maxStoredReadings())
            .description("Stored readings over the store's capacity")
            .register(registry);
    }

}
