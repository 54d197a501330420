package io.brightcounter.operations;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Makes tracing opt-in for real. With {@code management.tracing.export.enabled=false}
 * (our default) Spring Boot still builds an OpenTelemetry tracer that starts a span,
 * propagates context and fills the logging context on every request, and only skips the
 * export. Unless that property is {@code true}, this filter leaves out the tracing
 * auto-configurations, so Boot falls back to its no-op tracer and requests pay nothing
 * for tracing.
 */
class TracingAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

    private static final String TRACING = "org.springframework.boot.micrometer.tracing.";

    private static final String NOOP_TRACER = TRACING + "autoconfigure.NoopTracerAutoConfiguration";

    private boolean tracing;

    @Override
    public void setEnvironment(Environment environment) {
        this.tracing = environment.getProperty("management.tracing.export.enabled", Boolean.class, false);
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean[] matches = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < matches.length; i++) {
            String candidate = autoConfigurationClasses[i];
            matches[i] = this.tracing || candidate == null || !candidate.startsWith(TRACING)
                    || NOOP_TRACER.equals(candidate);
        }
        return matches;
    }

}
