package io.brightcounter.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code bright-counter.*}.
 *
 * @param maxRequestBytes largest accepted request body in bytes; larger bodies get 413
 */
@ConfigurationProperties("bright-counter")
public record BrightCounterProperties(@DefaultValue("4194304") int maxRequestBytes) {

    public BrightCounterProperties {
        if (maxRequestBytes < 1) {
            throw new IllegalArgumentException("bright-counter.max-request-bytes must be positive");
        }
    }

}
