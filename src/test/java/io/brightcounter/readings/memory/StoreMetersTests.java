package io.brightcounter.readings.memory;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.brightcounter.readings.ReadingBatch;
import io.brightcounter.readings.Timestamp;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-memory store's gauges and the journal's group-commit meters. */
class StoreMetersTests {

    private final MeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void theStoreGaugesReadItsDevicesReadingsAndBytes() {
        InMemoryDeviceReadingStore store = InMemoryDeviceReadingStore.forTesting(1 << 20, 100, ReadingJournal.NONE,
                InstantSet::new);
        new InMemoryStoreMetrics(store).bindTo(this.registry);
        ReadingBatch readings = new ReadingBatch();
        readings.add(3, new Timestamp(1_632_928_155L, 0));
        readings.add(4, new Timestamp(1_632_928_215L, 0));
        store.add(UUID.randomUUID(), readings);
        store.add(UUID.randomUUID(), readings);
        assertThat(gauge("bright_counter.devices")).isEqualTo(2);
        assertThat(gauge("bright_counter.readings.stored")).isEqualTo(4);
        assertThat(gauge("bright_counter.storage.bytes")).isEqualTo(store.storedBytes()).isPositive();
        assertThat(gauge("bright_counter.storage.max.bytes")).isEqualTo(1 << 20);
        assertThat(gauge("bright_counter.storage.fill.ratio")).isEqualTo(0.04);
    }

    @Test
    void eachGroupCountsOneFlushItsRecordsAndItsTime() {
        JournalFlushMeters meters = new JournalFlushMeters(this.registry);
        meters.flushed(3, 2_000_000);
        meters.flushed(1, 4_000_000);
        assertThat(this.registry.get("bright_counter.journal.flushes").counter().count()).isEqualTo(2);
        assertThat(this.registry.get("bright_counter.journal.flush.records").summary().totalAmount()).isEqualTo(4);
        assertThat(this.registry.get("bright_counter.journal.flush").timer().totalTime(TimeUnit.MILLISECONDS))
            .isEqualTo(6);
    }

    private double gauge(String name) {
        return this.registry.get(name).gauge().value();
    }

}
