package io.brightcounter.readings.memory.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The journal directory's file names and the checks of a file's header. */
class JournalFilesTests {

    @TempDir
    Path dir;

    @Test
    void onlyNumberedLogFilesAreSegments() {
        assertThat(JournalFiles.isSegment(JournalFiles.segment(this.dir, 7))).isTrue();
        assertThat(JournalFiles.isSegment(this.dir.resolve("segment-0000000000000007.log"))).isTrue();
        assertThat(JournalFiles.isSegment(this.dir.resolve("segment-7.log"))).isFalse();
        assertThat(JournalFiles.isSegment(this.dir.resolve("segment-0000000000000007.log.damaged"))).isFalse();
        assertThat(JournalFiles.isSegment(JournalFiles.snapshot(this.dir, 7))).isFalse();
    }

    @Test
    void aSegmentWithItsWholeHeaderPassesTheCheck() throws IOException {
        Path file = segmentOf(JournalFiles.SEGMENT_HEADER);
        assertThat(check(file)).isNull();
    }

    @Test
    void aSegmentWithTheMagicButNotTheBaseInstantIsDamageAtOffsetZero() throws IOException {
        Path file = segmentOf(JournalFiles.SEGMENT_HEADER - 1);
        assertThat(check(file))
            .isEqualTo(new DamageLog.Damage(0, "the file holds 15 bytes, less than a journal segment's header of 16"));
    }

    @Test
    void anEmptySegmentIsSaidToBeEmpty() throws IOException {
        Path file = segmentOf(0);
        assertThat(check(file)).isEqualTo(new DamageLog.Damage(0, "the file is empty"));
    }

    @Test
    void aFileWithAnotherMagicIsNotASegment() throws IOException {
        Path file = Files.write(this.dir.resolve("segment-0000000000000001.log"), "BCSNAP01 and more".getBytes());
        assertThat(check(file))
            .isEqualTo(new DamageLog.Damage(0, "not a journal segment file: it does not start with BCJRNL02"));
    }

    @Test
    void aSnapshotsHeaderIsItsMagicAlone() throws IOException {
        Path file = Files.write(this.dir.resolve("snapshot-0000000000000001.snap"), JournalFiles.SNAPSHOT_MAGIC);
        assertThat(JournalFiles.checkHeader(file, Files.size(file), JournalFiles.SNAPSHOT_MAGIC, "snapshot")).isNull();
    }

    private Path segmentOf(int length) throws IOException {
        byte[] bytes = new byte[length];
        System.arraycopy(JournalFiles.SEGMENT_MAGIC, 0, bytes, 0, Math.min(length, JournalFiles.SEGMENT_MAGIC.length));
        return Files.write(JournalFiles.segment(this.dir, 1), bytes);
    }

    private static DamageLog.Damage check(Path file) throws IOException {
        return JournalFiles.checkHeader(file, Files.size(file), JournalFiles.SEGMENT_MAGIC, "journal segment");
    }

}
