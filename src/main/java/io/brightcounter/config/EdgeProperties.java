package io.brightcounter.config;

import java.time.Duration;
import java.util.List;

import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings under {@code bright-counter.*} for the service's edges: connections, browsers,
 * the management port and shutdown. Kept apart from {@link BrightCounterProperties},
 * which is about requests and storage.
 *
 * @param maxRequestHeadTime longest the request line and headers together may take to
 * arrive; the connection is closed past it, however steadily the bytes trickle in
 * @param shutdownDrain after shutdown begins, how long the service keeps answering (each
 * response with {@code Connection: close}) so that load balancers see readiness DOWN and
 * stop sending
 * @param managementRequiresApiKey {@code true}: every endpoint of the management port
 * ({@code prometheus}, {@code info}, {@code sbom}, the index) asks for an API key too,
 * when keys are configured; health probes never do
 * @param cors the browser policy
 */
@Validated
@ConfigurationProperties("bright-counter")
public record EdgeProperties(
        @DefaultValue("20s") @DurationMin(nanos = 0, inclusive = false) Duration maxRequestHeadTime,
        @DefaultValue("5s") @DurationMin(nanos = 0) Duration shutdownDrain,
        @DefaultValue("false") boolean managementRequiresApiKey, @DefaultValue Cors cors) {

    /**
     * The browser policy.
     *
     * @param allowedOrigins origins ({@code scheme://host[:port]}) whose pages may call
     * the API from a browser; none by default, so a page elsewhere cannot make a
     * visitor's browser write readings
     */
    public record Cors(@DefaultValue List<String> allowedOrigins) {

        public Cors {
            allowedOrigins = Settings.trimmed(allowedOrigins);
        }

    }

}
