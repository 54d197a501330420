package io.brightcounter.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * {@code bright_counter_ready}: 1 while the readiness group is UP, 0 otherwise.
 * Prometheus's own {@code up} only says the management port answers; an instance can
 * answer scrapes while it is not ready for traffic (starting, shutting down, or the
 * journal or database failing), and that is what the readiness alert needs. Read at
 * scrape time only, so requests pay nothing for it.
 */
@Component
class ReadinessMetrics implements MeterBinder {

    private final ObjectProvider<HealthEndpoint> health;

    ReadinessMetrics(ObjectProvider<HealthEndpoint> health) {
        this.health = health;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("bright_counter.ready", this, ReadinessMetrics::ready)
            .description("1 while the readiness health group is UP, else 0")
            .register(registry);
    }

    private double ready() {
        HealthEndpoint endpoint = this.health.getIfAvailable();
        HealthDescriptor readiness = (endpoint != null) ? endpoint.healthForPath("readiness") : null;
        return (readiness != null && Status.UP.equals(readiness.getStatus())) ? 1 : 0;
    }

}
