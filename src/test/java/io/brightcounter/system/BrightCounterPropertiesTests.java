package io.brightcounter.system;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BrightCounterPropertiesTests {

    private static final Duration READ_TIME = Duration.ofSeconds(30);

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
        assertThat(new BrightCounterProperties(10, BrightCounterProperties.Store.MEMORY, null, null,
                Duration.ofNanos(1)).maxBodyReadTime()).isEqualTo(Duration.ofNanos(1));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new BrightCounterProperties(10, BrightCounterProperties.Store.MEMORY, null, null, Duration.ZERO));
        assertThatIllegalArgumentException().isThrownBy(() -> new BrightCounterProperties(10,
                BrightCounterProperties.Store.MEMORY, null, null, Duration.ofSeconds(-1)));
    }

    @Test
    void apiKeysAreTrimmedAndBlankOnesDropped() {
        BrightCounterProperties properties = new BrightCounterProperties(10, BrightCounterProperties.Store.MEMORY, null,
                List.of(" old-key ", "", "  ", "new-key"), READ_TIME);
        assertThat(properties.apiKeys()).containsExactly("old-key", "new-key");
        assertThat(properties(10, null).apiKeys()).isEmpty();
        assertThat(properties.toString()).contains("apiKeys=2 keys").doesNotContain("old-key");
    }

    private static BrightCounterProperties properties(int maxRequestBytes, Long maxStoredReadings) {
        return new BrightCounterProperties(maxRequestBytes, BrightCounterProperties.Store.MEMORY, maxStoredReadings,
                null, READ_TIME);
    }

}
