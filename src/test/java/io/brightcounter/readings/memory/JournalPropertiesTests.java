package io.brightcounter.readings.memory;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JournalPropertiesTests {

    @ParameterizedTest
    @ValueSource(strings = { "snapshot-after", "segment-size" })
    void aSizeBelowOneByteStopsTheStartNamingTheProperty(String property) {
        assertThatExceptionOfType(BindException.class)
            .isThrownBy(() -> bind(Map.of("bright-counter.journal." + property, "0B")))
            .havingRootCause()
            .withMessage("bright-counter.journal." + property + " must be positive");
    }

    @ParameterizedTest
    @ValueSource(strings = { "snapshot-after", "segment-size" })
    void aSizeOfOneByteIsTaken(String property) {
        JournalProperties properties = bind(Map.of("bright-counter.journal." + property, "1B"));
        assertThat(property.equals("segment-size") ? properties.segmentSize() : properties.snapshotAfter())
            .isEqualTo(DataSize.ofBytes(1));
    }

    private static JournalProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("bright-counter.journal",
                JournalProperties.class);
    }

}
