package io.brightcounter.readings;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Ingest counters: {@code bright_counter_readings_accepted_total},
 * {@code bright_counter_readings_duplicates_total} and
 * {@code bright_counter_reading_conflicts_total} (the contract's name). Micrometer
 * counters are striped adders: exact under concurrency, no lock on the ingest path.
 */
@Component
class ReadingMetrics {

    private final Counter accepted;

    private final Counter duplicates;

    private final Counter conflicts;

    ReadingMetrics(MeterRegistry registry) {
        this.accepted = Counter.builder("bright_counter.readings.accepted")
            .description("Readings stored")
            .register(registry);
        this.duplicates = Counter.builder("bright_counter.readings.duplicates")
            .description("Readings ignored as duplicates of a stored instant")
            .register(registry);
        this.conflicts = Counter.builder("bright_counter.reading.conflicts")
            .description("Duplicates whose count differed from the stored reading's")
            .register(registry);
    }

    void record(AddResult result) {
        this.accepted.increment(result.stored());
        if (result.duplicates() > 0) {
            this.duplicates.increment(result.duplicates());
        }
        if (result.conflicts() > 0) {
            this.conflicts.increment(result.conflicts());
        }
    }

}
