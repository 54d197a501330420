package io.brightcounter.readings.memory;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.stereotype.Component;

/**
 * Gauges of the in-memory store: {@code bright_counter_devices},
 * {@code bright_counter_readings_stored}, {@code bright_counter_storage_bytes} and
 * {@code bright_counter_storage_max_bytes} (heap of the store's structures, as counted
 * against {@code max-stored-bytes}), and {@code bright_counter_storage_fill_ratio} (the
 * fuller of bytes and, when set, readings against their limits; alert well before 1: at 1
 * creates get 507).
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
        Gauge.builder("bright_counter.devices", this.store, InMemoryDeviceReadingStore::deviceCount)
            .description("Devices with stored readings")
            .register(registry);
        Gauge.builder("bright_counter.readings.stored", this.store, InMemoryDeviceReadingStore::storedReadings)
            .description("Readings stored")
            .register(registry);
        Gauge.builder("bright_counter.storage.bytes", this.store, InMemoryDeviceReadingStore::storedBytes)
            .description("Heap taken by the store's structures, as counted against max-stored-bytes")
            .baseUnit("bytes")
            .register(registry);
        Gauge.builder("bright_counter.storage.max.bytes", this.store, InMemoryDeviceReadingStore::maxStoredBytes)
            .description("Heap the store's structures may take (max-stored-bytes)")
            .baseUnit("bytes")
            .register(registry);
        Gauge.builder("bright_counter.storage.fill.ratio", this.store, InMemoryDeviceReadingStore::fillRatio)
            .description("The fuller of stored bytes and stored readings (when capped) against their limits")
            .register(registry);
    }

}
