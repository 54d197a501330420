package io.brightcounter.readings;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * {@code bright_counter_device_summaries_total}, by {@code result} ({@code found},
 * {@code not_found}): devices answered by the summary endpoints. Requests per endpoint
 * come from Spring's {@code http_server_requests}, but one lookup may name a thousand
 * devices, so request rates alone do not show the read load.
 */
@Component
class DeviceSummaryMetrics {

    private final Counter found;

    private final Counter notFound;

    DeviceSummaryMetrics(MeterRegistry registry) {
        this.found = counter(registry, "found");
        this.notFound = counter(registry, "not_found");
    }

    void record(int found, int notFound) {
        this.found.increment(found);
        if (notFound > 0) {
            this.notFound.increment(notFound);
        }
    }

    private static Counter counter(MeterRegistry registry, String result) {
        return Counter.builder("bright_counter.device.summaries")
            .description("Devices answered by the summary endpoints")
            .tag("result", result)
            .register(registry);
    }

}
