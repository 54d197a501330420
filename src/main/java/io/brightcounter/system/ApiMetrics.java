package io.brightcounter.system;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * {@code bright_counter_requests_rejected_total{reason}}: requests answered with a contract error,
 * one {@code reason} per error ({@link ApiError#reason()}). The counters are made
 * up front, so counting is one lock-free increment.
 */
@Component
public class ApiMetrics {

    private final Map<ApiError, Counter> rejected = new EnumMap<>(ApiError.class);

    ApiMetrics(MeterRegistry registry) {
        for (ApiError error : ApiError.values()) {
            this.rejected.put(error, Counter.builder("bright_counter.requests.rejected")
                .description("Requests answered with a contract error, by reason")
                .tag("reason", error.reason())
                .register(registry));
        }
    }

    public void rejected(ApiError error) {
        this.rejected.get(error).increment();
    }

}
