package io.brightcounter.config;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code bright-counter.*}.
 *
 * @param maxRequestBytes largest accepted request body in bytes; larger bodies get 413
 * @param store where readings are kept
 * @param maxStoredReadings how many readings the in-memory store holds at most; no limit
 * but the bytes' when unset
 * @param maxStoredBytes heap the in-memory store's structures may take; half the maximum
 * heap when unset
 * @param apiKeys keys accepted as {@code Authorization: Bearer <key>}; none means no key
 * is asked for
 * @param maxBodyReadTime longest a request body may take to arrive; a slower one gets 408
 * @param overload how many requests may be in progress at once, and how long one may wait
 * to start
 */
@ConfigurationProperties("bright-counter")
public record BrightCounterProperties(@DefaultValue("4194304") int maxRequestBytes, @DefaultValue("memory") Store store,
        @Nullable Long maxStoredReadings, @Nullable DataSize maxStoredBytes, @DefaultValue List<String> apiKeys,
        @DefaultValue("30s") Duration maxBodyReadTime, @DefaultValue Overload overload) {

    /**
     * Bodies are held in one array while parsed; 1 GiB keeps that far from the JVM's
     * array limit.
     */
    static final int MAX_REQUEST_BYTES_LIMIT = 1 << 30;

    public BrightCounterProperties {
        if (maxRequestBytes < 1 || maxRequestBytes > MAX_REQUEST_BYTES_LIMIT) {
            throw new IllegalArgumentException(
                    "bright-counter.max-request-bytes must be between 1 and " + MAX_REQUEST_BYTES_LIMIT);
        }
        if (maxStoredReadings != null && maxStoredReadings < 1) {
            throw new IllegalArgumentException("bright-counter.max-stored-readings must be positive");
        }
        if (maxStoredBytes != null && maxStoredBytes.toBytes() < 1) {
            throw new IllegalArgumentException("bright-counter.max-stored-bytes must be positive");
        }
        if (maxBodyReadTime == null || maxBodyReadTime.isNegative() || maxBodyReadTime.isZero()) {
            throw new IllegalArgumentException("bright-counter.max-body-read-time must be positive");
        }
        apiKeys = keys(apiKeys, "bright-counter.api-keys");
        overload = (overload != null) ? overload : new Overload(null, null, null, null);
    }

    /**
     * The keys of a list setting, trimmed, blanks left out; refuses a key that is not
     * visible ASCII.
     */
    static List<String> keys(List<String> configured, String property) {
        List<String> keys = (configured != null)
                ? configured.stream().map(String::trim).filter((key) -> !key.isEmpty()).toList() : List.of();
        for (String key : keys) {
            if (!isVisibleAscii(key)) {
                // Tomcat reads header bytes as ISO-8859-1 and clients encode non-ASCII
                // headers every which way: such a key could never be matched reliably,
                // so it is refused here, not at every request.
                throw new IllegalArgumentException(
                        property + ": every key must be visible ASCII (characters ! to ~, no spaces); one key is not");
            }
        }
        return keys;
    }

    private static boolean isVisibleAscii(String key) {
        return key.chars().allMatch((c) -> c >= '!' && c <= '~');
    }

    /** Keys are secrets: never printed, whatever logs this record. */
    @Override
    public String toString() {
        return "BrightCounterProperties[maxRequestBytes=" + this.maxRequestBytes + ", store=" + this.store
                + ", maxStoredReadings=" + this.maxStoredReadings + ", maxStoredBytes=" + this.maxStoredBytes
                + ", apiKeys=" + this.apiKeys.size() + " keys" + ", maxBodyReadTime=" + this.maxBodyReadTime
                + ", overload=" + this.overload + "]";
    }

    /**
     * Load shedding: creates and reads each have their own permits, so reads and pings
     * keep answering while creates are refused. A request that cannot get a permit within
     * {@code maxWait} gets 503 with {@code Retry-After}.
     *
     * @param maxCreates creates in progress at once; by default four per core, at least 8
     * @param maxReads other requests (reads, ping, errors) in progress at once; by
     * default eight per core, at least 16
     * @param maxWait longest a request waits for a permit before it is refused
     * @param maxBodyMemory heap that request bodies being read and parsed may take at
     * once, counted at twice each body's size (the bytes and what parsing builds from
     * them); a body that finds no room within {@code maxWait} gets 503. By default an
     * eighth of the maximum heap, and never less than one body of the largest size
     */
    public record Overload(Integer maxCreates, Integer maxReads, @DefaultValue("1s") Duration maxWait,
            @Nullable DataSize maxBodyMemory) {

        public Overload {
            int cores = Runtime.getRuntime().availableProcessors();
            maxCreates = (maxCreates != null) ? maxCreates : Math.max(8, 4 * cores);
            maxReads = (maxReads != null) ? maxReads : Math.max(16, 8 * cores);
            maxWait = (maxWait != null) ? maxWait : Duration.ofSeconds(1);
            if (maxCreates < 1 || maxReads < 1) {
                throw new IllegalArgumentException(
                        "bright-counter.overload.max-creates and max-reads must be positive");
            }
            if (maxWait.isNegative()) {
                throw new IllegalArgumentException("bright-counter.overload.max-wait must not be negative");
            }
            if (maxBodyMemory != null && maxBodyMemory.toBytes() < 1) {
                throw new IllegalArgumentException("bright-counter.overload.max-body-memory must be positive");
            }
        }

    }

    /** The store implementations, chosen by {@code bright-counter.store}. */
    public enum Store {

        /** In this process's heap; lost on restart. */
        MEMORY,

        /** In PostgreSQL, through {@code spring.datasource.*}. */
        POSTGRES

    }

}
