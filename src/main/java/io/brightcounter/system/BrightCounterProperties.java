package io.brightcounter.system;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code bright-counter.*}.
 *
 * @param maxRequestBytes largest accepted request body in bytes; larger bodies get 413
 * @param store where readings are kept
 * @param maxStoredReadings how many readings the in-memory store holds at most; derived from the heap when unset
 * @param apiKeys keys accepted as {@code Authorization: Bearer <key>}; none means no key is asked for
 * @param maxBodyReadTime longest a request body may take to arrive; a slower one gets 408
 */
@ConfigurationProperties("bright-counter")
public record BrightCounterProperties(@DefaultValue("4194304") int maxRequestBytes, @DefaultValue("memory") Store store,
        @Nullable Long maxStoredReadings, @DefaultValue List<String> apiKeys, @DefaultValue("30s") Duration maxBodyReadTime) {

    /** Bodies are held in one array while parsed; 1 GiB keeps that far from the JVM's array limit. */
    static final int MAX_REQUEST_BYTES_LIMIT = 1 << 30;

    public BrightCounterProperties {
        if (maxRequestBytes < 1 || maxRequestBytes > MAX_REQUEST_BYTES_LIMIT) {
            throw new IllegalArgumentException(
                    "bright-counter.max-request-bytes must be between 1 and " + MAX_REQUEST_BYTES_LIMIT);
        }
        if (maxStoredReadings != null && maxStoredReadings < 1) {
            throw new IllegalArgumentException("bright-counter.max-stored-readings must be positive");
        }
        if (maxBodyReadTime == null || maxBodyReadTime.isNegative() || maxBodyReadTime.isZero()) {
            throw new IllegalArgumentException("bright-counter.max-body-read-time must be positive");
        }
        apiKeys = (apiKeys != null) ? apiKeys.stream().map(String::trim).filter((key) -> !key.isEmpty()).toList()
                : List.of();
    }

    /** Keys are secrets: never printed, whatever logs this record. */
    @Override
    public String toString() {
        return "BrightCounterProperties[maxRequestBytes=" + this.maxRequestBytes + ", store=" + this.store
                + ", maxStoredReadings=" + this.maxStoredReadings + ", apiKeys=" + this.apiKeys.size() + " keys"
                + ", maxBodyReadTime=" + this.maxBodyReadTime + "]";
    }

    /** The store implementations, chosen by {@code bright-counter.store}. */
    public enum Store {

        /** In this process's heap; lost on restart. */
        MEMORY,

        /** In PostgreSQL, through {@code spring.datasource.*}. */
        POSTGRES

    }

}
