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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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
    void apiKeysAreTrimmedAndBlankOnesDropped() {
        BrightCounterProperties properties = new BrightCounterProperties(10, BrightCounterProperties.Store.MEMORY, null,
                null, List.of(" old-key ", "", "  ", "new-key"), READ_TIME, null);
        assertThat(properties.apiKeys()).containsExactly("old-key", "new-key");
        assertThat(
                new BrightCounterProperties(10, BrightCounterProperties.Store.MEMORY, null, null, null, READ_TIME, null)
                    .apiKeys())
            .isEmpty();
        assertThat(properties.toString()).contains("apiKeys=2 keys").doesNotContain("old-key");
    }

    private static BrightCounterProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("bright-counter",
                BrightCounterProperties.class);
    }

}
