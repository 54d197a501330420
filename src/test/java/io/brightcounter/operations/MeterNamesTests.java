package io.brightcounter.operations;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's own meters all carry one prefix, {@code bright_counter.}: Prometheus
 * names come out the same from {@code bright_counter.} and {@code bright.counter.}, but
 * one spelling in the code is what a reader greps for.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class MeterNamesTests {

    @Autowired
    private MeterRegistry registry;

    @Test
    void everyMeterOfTheServiceHasTheOnePrefix() {
        assertThat(this.registry.getMeters()
            .stream()
            .map(Meter::getId)
            .map(Meter.Id::getName)
            .filter((name) -> name.startsWith("bright"))
            .distinct()).isNotEmpty().allMatch((name) -> name.startsWith("bright_counter."));
    }

}
