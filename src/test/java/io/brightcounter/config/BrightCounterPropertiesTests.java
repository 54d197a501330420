package io.brightcounter.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BrightCounterPropertiesTests {

    private static final Duration READ_TIME = Duration.ofSeconds(30);

    /**
     * Issue 10, finding 10: a key no client can send as it is configured must stop the
     * start, not fail every request.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "cl\u00e9-secr\u00e8te", "key\u2603", "key with space", "tab\tkey", "bell\u0007key",
            "del\u007fkey" })
    void apiKeysOutsideVisibleAsciiAreRefusedAtStart(String key) {
        assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind(Map.of("bright-counter.api-keys", key)))
            .havingRootCause()
            .withMessageContaining("bright-counter.api-keys")
            .withMessageContaining("visible ASCII");
    }

    @Test
    void visibleAsciiKeysAreTakenTrimmed() {
        BrightCounterProperties properties = bind(Map.of("bright-counter.api-keys", " a!~Z09-_.+/= , other "));
        assertThat(properties.apiKeys()).containsExactly("a!~Z09-_.+/=", "other");
    }

    @Test
    void maxRequestBytesAcceptsBothEndsOfItsRange() {
        assertThat(properties(1, null).maxRequestBytes()).isOne();
        assertThat(properties(1 << 30, null).maxRequestBytes()).isEqualTo(1 << 30);
        assertThatIllegalArgumentException().isThrownBy(() -> properties(0, null));
        assertThatIllegalArgumentException().isThrownBy(() -> properties((1 << 30) + 1, null));
    }

    @Test
    void maxStoredReadingsIsUnsetOrPositive() {
        assertThat(properties(10, null).maxStoredReadings()).isNull();
        assertThat(properties(10, 1L).maxStoredReadings()).isOne();
        assertThatIllegalArgumentException().isThrownBy(() -> properties(10, 0L));
    }

    @Test
    void maxBodyReadTimeMustBePositive() {
        assertThat(new BrightCounterProperties(10, BrightCounterProperties.Store.MEMORY, null, null, null,
                Duration.ofNanos(1), null)
            .maxBodyReadTime()).isEqualTo(Duration.ofNanos(1));
        assertThatIllegalArgumentException().isThrownBy(() -> new BrightCounterProperties(10,
                BrightCounterProperties.Store.MEMORY, null, null, null, Duration.ZERO, null));
        assertThatIllegalArgumentException().isThrownBy(() -> new BrightCounterProperties(10,
                BrightCounterProperties.Store.MEMORY, null, null, null, Duration.ofSeconds(-1), null));
    }

    @Test
    void maxBodyMemoryIsUnsetOrPositive() {
        assertThat(new BrightCounterProperties.Overload(null, null, null, null).maxBodyMemory()).isNull();
        assertThat(new BrightCounterProperties.Overload(null, null, null, DataSize.ofBytes(1)).maxBodyMemory())
            .isEqualTo(DataSize.ofBytes(1));
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new BrightCounterProperties.Overload(null, null, null, DataSize.ofBytes(0)));
    }

    @Test
    void apiKeysAreTrimmedAndBlankOnesDropped() {
        BrightCounterProperties properties = new BrightCounterProperties(10, BrightCounterProperties.Store.MEMORY, null,
                null, List.of(" old-key ", "", "  ", "new-key"), READ_TIME, null);
        assertThat(properties.apiKeys()).containsExactly("old-key", "new-key");
        assertThat(properties(10, null).apiKeys()).isEmpty();
        assertThat(properties.toString()).contains("apiKeys=2 keys").doesNotContain("old-key");
    }

    private static BrightCounterProperties properties(int maxRequestBytes, Long maxStoredReadings) {
        return new BrightCounterProperties(maxRequestBytes, BrightCounterProperties.Store.MEMORY, maxStoredReadings,
                null, null, READ_TIME, null);
    }

    private static BrightCounterProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("bright-counter",
                BrightCounterProperties.class);
    }

}
