package io.brightcounter.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * {@code bright_counter_requests_rejected_total{reason}}: refused requests, one
 * {@code reason} per error ({@link ApiError#reason()}), and {@code http_<status>} for a
 * status the servlet container answered with that has no contract error of its own. The
 * contract's counters are made up front, so counting is one lock-free increment.
 */
@Component
public class RejectionMetrics {

    private static final String NAME = "bright_counter.requests.rejected";

    private final MeterRegistry registry;

    private final Counter[] rejected = new Counter[ApiError.values().length];

    private final Map<Integer, Counter> containerStatuses = new ConcurrentHashMap<>();

    RejectionMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (ApiError error : ApiError.values()) {
            this.rejected[error.ordinal()] = counter(error.reason());
        }
    }

    void rejected(ApiError error) {
        this.rejected[error.ordinal()].increment();
    }

    /**
     * A container status without a contract error; statuses are three digits, so these
     * counters are few.
     */
    void rejected(int status) {
        this.containerStatuses.computeIfAbsent(status, (code) -> counter("http_" + code)).increment();
    }

    /** The contract error a status the container sets itself stands for, if any. */
    static @Nullable ApiError forContainerStatus(int status) {
        for (ApiError error : new ApiError[] { ApiError.BAD_REQUEST, ApiError.NOT_FOUND, ApiError.METHOD_NOT_ALLOWED,
                ApiError.REQUEST_TIMEOUT, ApiError.BODY_TOO_LARGE, ApiError.INTERNAL, ApiError.NOT_IMPLEMENTED }) {
            if (error.status().value() == status) {
                return error;
            }
        }
        return null;
    }

    private Counter counter(String reason) {
        return Counter.builder(NAME)
            .description("Requests answered with a contract error, by reason")
            .tag("reason", reason)
            .register(this.registry);
    }

}
