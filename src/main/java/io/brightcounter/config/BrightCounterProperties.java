package io.brightcounter.config;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

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
@Validated
@ConfigurationProperties("bright-counter")
public record BrightCounterProperties(
        @DefaultValue("4194304") @Min(1) @Max(MAX_REQUEST_BYTES_LIMIT) int maxRequestBytes,
        @DefaultValue("memory") Store store, @Nullable @Positive Long maxStoredReadings,
        @Nullable DataSize maxStoredBytes, @DefaultValue List<String> apiKeys,
        @DefaultValue("30s") @DurationMin(nanos = 0, inclusive = false) Duration maxBodyReadTime,
        @DefaultValue @Valid Overload overload) {

    /**
     * Bodies are held in one array while parsed; 1 GiB keeps that far from the JVM's
     * array limit.
     */
    static final int MAX_REQUEST_BYTES_LIMIT = 1 << 30;

    /**
     * Bounds that no constraint expresses (sizes) and the keys' trimming, by hand; the
     * rest is checked by the constraints above once the record is built. A key outside
     * visible ASCII is refused here too, by a message that does not repeat it: the
     * start-up failure report prints the rejected value of a constraint, and a key is a
     * secret.
     */
    public BrightCounterProperties {
        Settings.requirePositive("bright-counter.max-stored-bytes", maxStoredBytes);
        apiKeys = keys(apiKeys, "bright-counter.api-keys");
        overload = (overload != null) ? overload : Overload.defaults();
    }

    /**
     * The keys of a list setting, trimmed, blanks left out; refuses a key that is not
     * visible ASCII.
     */
    static List<String> keys(@Nullable List<String> configured, String property) {
        List<String> keys = Settings.trimmed(configured);
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
     * @param maxCreates creates in progress at once, not counting up to four times as
     * many that wait for the journal's flush; by default four per core, at least 8
     * @param maxReads other requests (reads, ping, errors) in progress at once; by
     * default eight per core, at least 16
     * @param maxWait longest a request waits for a permit before it is refused
     * @param maxBodyMemory heap that request bodies being read and parsed may take at
     * once, counted at twice each body's size (the bytes and what parsing builds from
     * them); a body that finds no room within {@code maxWait} gets 503. By default an
     * eighth of the maximum heap, and never less than one body of the largest size
     */
    public record Overload(@Positive Integer maxCreates, @Positive Integer maxReads,
            @DefaultValue("1s") @DurationMin(nanos = 0) Duration maxWait, @Nullable DataSize maxBodyMemory) {

        /**
         * Unset counts and wait take their defaults; the memory's bound is by hand. The
         * binder passes null for an unset count, which nullness analysis cannot see:
         * hence the checks.
         */
        public Overload {
            maxCreates = (maxCreates != null) ? maxCreates : defaultMaxCreates();
            maxReads = (maxReads != null) ? maxReads : defaultMaxReads();
            maxWait = (maxWait != null) ? maxWait : Duration.ofSeconds(1);
            Settings.requirePositive("bright-counter.overload.max-body-memory", maxBodyMemory);
        }

        /** Every setting at its default, as when none of them is set. */
        static Overload defaults() {
            return new Overload(defaultMaxCreates(), defaultMaxReads(), Duration.ofSeconds(1), null);
        }

        private static int defaultMaxCreates() {
            return Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
        }

        private static int defaultMaxReads() {
            return Math.max(16, 8 * Runtime.getRuntime().availableProcessors());
        }

    }

    /**
     * The store implementations, chosen by {@code bright-counter.store}: read here alone,
     * by {@link #chosenIn(Environment)}, for the beans of each store
     * ({@link ConditionalOnStore}) and for whether there is a database at all.
     */
    public enum Store {

        /**
         * In this process's heap, rebuilt at start from its journal
         * ({@code bright-counter.journal.*}) unless the journal's mode is {@code off}.
         */
        MEMORY,

        /** In PostgreSQL, through {@code spring.datasource.*}. */
        POSTGRES;

        static final String PROPERTY = "bright-counter.store";

        /**
         * The store the environment chooses: {@code memory} when the property is unset,
         * else its value in any case but otherwise exact (not trimmed); any other value
         * stops the start with a report naming the property, rather than leaving the
         * service without a store or with one nobody looks in.
         * @param environment the application's environment
         * @return the store chosen
         * @throws InvalidConfigurationPropertyValueException if the value names no store
         */
        public static Store chosenIn(Environment environment) {
            String value = environment.getProperty(PROPERTY);
            if (value == null) {
                return MEMORY;
            }
            for (Store store : values()) {
                if (store.name().equalsIgnoreCase(value)) {
                    return store;
                }
            }
            throw new InvalidConfigurationPropertyValueException(PROPERTY, value, "Must be memory or postgres.");
        }

    }

}
