package io.brightcounter.readings;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReadingMetricsTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final ReadingMetrics metrics = new ReadingMetrics(this.registry);

    @Test
    void recordAddsEachOutcomeToItsOwnCounter() {
        this.metrics.record(new AddResult(5, 3, 2));
        this.metrics.record(new AddResult(1, 0, 0));
        this.metrics.record(new AddResult(0, 1, 0));
        assertThat(count("bright_counter.readings.accepted")).isEqualTo(6);
        assertThat(count("bright_counter.readings.duplicates")).isEqualTo(4);
        assertThat(count("bright_counter.reading.conflicts")).isEqualTo(2);
    }

    @Test
    void countersExistBeforeAnythingIsRecorded() {
        assertThat(count("bright_counter.readings.accepted")).isZero();
        assertThat(count("bright_counter.readings.duplicates")).isZero();
        assertThat(count("bright_counter.reading.conflicts")).isZero();
    }

    private double count(String name) {
        return this.registry.get(name).counter().count();
    }

}
