package io.brightcounter.readings.memory.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A snapshot's files: written whole under their final name, and once durable, the files
 * it covers deleted, or set aside when damaged.
 */
class SnapshotFilesTests {

    @TempDir
    Path dir;

    @Test
    void aWrittenSnapshotIsRenamedIntoPlaceAndItsSizeReturned() throws IOException {
        long size = SnapshotFiles.write(this.dir, JournalFileSystem.DEFAULT, 3,
                (output) -> output.startRecord().putVarLong(42));
        Path snapshot = JournalFiles.snapshot(this.dir, 3);
        assertThat(files()).containsExactly(snapshot);
        assertThat(size).isEqualTo(Files.size(snapshot)).isGreaterThan(JournalFiles.SNAPSHOT_MAGIC.length);
    }

    @Test
    void deletingCoveredFilesCountsTheRecordBytesOfTheSegmentsOnly() throws IOException {
        Path first = segment(1, 100);
        Path second = segment(2, 5);
        Path older = Files.write(JournalFiles.snapshot(this.dir, 1), new byte[500]);
        Path current = segment(3, 70);
        Path snapshot = Files.write(JournalFiles.snapshot(this.dir, 3), new byte[50]);
        long deleted = SnapshotFiles.deleteCoveredBy(this.dir, 3, (file) -> false);
        assertThat(deleted).isEqualTo(105);
        assertThat(files()).containsExactlyInAnyOrder(current, snapshot).doesNotContain(first, second, older);
    }

    @Test
    void aDamagedCoveredSegmentIsSetAsideAndNotCounted() throws IOException {
        Path damaged = segment(1, 100);
        segment(2, 5);
        long deleted = SnapshotFiles.deleteCoveredBy(this.dir, 3, damaged::equals);
        assertThat(deleted).isEqualTo(5);
        assertThat(files()).containsExactly(JournalFiles.setAside(damaged));
    }

    private Path segment(long number, int recordBytes) throws IOException {
        return Files.write(JournalFiles.segment(this.dir, number), new byte[JournalFiles.SEGMENT_HEADER + recordBytes]);
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> entries = Files.list(this.dir)) {
            return entries.toList();
        }
    }

}
