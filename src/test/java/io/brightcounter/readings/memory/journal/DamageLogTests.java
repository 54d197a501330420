package io.brightcounter.readings.memory.journal;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a damaged or unreadable file is reported as: damage stops the start unless repair
 * is asked for, and then is listed with the file set aside; a file that cannot be read is
 * named in the error once, whatever the file system's message said.
 */
class DamageLogTests {

    private static final Path FILE = Path.of("journal", "segment-0000000000000003.log");

    @Test
    void withoutRepairDamageStopsTheStartNamingTheFileAndOffset() {
        DamageLog damage = new DamageLog(false);
        assertThatExceptionOfType(JournalDamagedException.class)
            .isThrownBy(() -> damage.damaged(FILE, 42, "bad checksum", "the rest of the file"))
            .satisfies((ex) -> {
                assertThat(ex.file()).isEqualTo(FILE);
                assertThat(ex.offset()).isEqualTo(42);
                assertThat(ex.getMessage()).startsWith("Journal file " + FILE.toAbsolutePath())
                    .contains("is damaged at offset 42 (bad checksum)");
            });
        assertThat(damage.contains(FILE)).isFalse();
        assertThat(damage.dropped()).isEmpty();
        assertThat(damage.files()).isEmpty();
    }

    @Test
    void underRepairDamageIsListedWithWhatIsDroppedAndTheFileOnce() {
        DamageLog damage = new DamageLog(true);
        damage.damaged(FILE, 42, "bad checksum", "the rest of the file");
        damage.damaged(FILE, 90, "unknown record type 9", "one record");
        assertThat(damage.contains(FILE)).isTrue();
        assertThat(damage.contains(Path.of("journal", "segment-0000000000000004.log"))).isFalse();
        assertThat(damage.files()).containsExactly(FILE);
        assertThat(damage.dropped()).containsExactly(
                "segment-0000000000000003.log: damaged at offset 42 (bad checksum); the rest of the file is dropped."
                        + " The file is set aside as segment-0000000000000003.log.damaged once a snapshot of what"
                        + " was read is on disk",
                "segment-0000000000000003.log: damaged at offset 90 (unknown record type 9); one record is dropped."
                        + " The file is set aside as segment-0000000000000003.log.damaged once a snapshot of what"
                        + " was read is on disk");
    }

    static Stream<Arguments> failures() {
        return Stream.of(Arguments.of(new BufferUnderflowException(), "the record ends before its contents do"),
                Arguments.of(new IndexOutOfBoundsException("Index 9 out of bounds for length 4"),
                        "the record ends before its contents do"),
                Arguments.of(new IllegalArgumentException("count 0"), "count 0"),
                Arguments.of(new IllegalStateException(), "IllegalStateException"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("failures")
    void aRecordThatCannotBeDecodedIsDescribedByWhatWentWrong(RuntimeException failure, String described) {
        assertThat(DamageLog.describe(failure)).isEqualTo(described);
    }

    @Test
    void anErrorThatNamesTheFileIsKeptAsItIs() {
        IOException ex = new IOException(FILE.toAbsolutePath() + ": Permission denied");
        assertThat(DamageLog.unreadable(FILE, ex)).isSameAs(ex);
    }

    @Test
    void anErrorThatDoesNotNameTheFileIsWrappedInOneThatDoes() {
        IOException ex = new IOException("Input/output error");
        assertThat(DamageLog.unreadable(FILE, ex)).isNotSameAs(ex)
            .hasMessage("Could not read journal file " + FILE.toAbsolutePath() + ": Input/output error")
            .hasCause(ex);
    }

    @Test
    void anErrorWithoutAMessageIsWrappedInOneThatNamesTheFile() {
        IOException ex = new IOException();
        assertThat(DamageLog.unreadable(FILE, ex)).isNotSameAs(ex)
            .hasMessage("Could not read journal file " + FILE.toAbsolutePath() + ": null")
            .hasCause(ex);
    }

}
