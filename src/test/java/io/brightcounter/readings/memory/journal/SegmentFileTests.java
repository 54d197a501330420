package io.brightcounter.readings.memory.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One segment file: its header, what of it is on the device in each mode, and the flush a
 * close owes.
 */
class SegmentFileTests {

    @TempDir
    Path dir;

    private final List<String> calls = new ArrayList<>();

    private final JournalFileSystem files = (path) -> new ForwardingJournalChannel(
            JournalFileSystem.DEFAULT.create(path)) {

        @Override
        public void force() throws IOException {
            SegmentFileTests.this.calls.add("force");
            super.force();
        }

        @Override
        public void close() throws IOException {
            SegmentFileTests.this.calls.add("close");
            super.close();
        }

    };

    @Test
    void aSegmentStartsWithItsMagicAndBaseInstant() throws IOException {
        SegmentFile segment = SegmentFile.create(this.dir, this.files, 5, 1_632_928_155L, JournalMode.WRITE);
        segment.close(false);
        Path file = JournalFiles.segment(this.dir, 5);
        assertThat(Files.size(file)).isEqualTo(JournalFiles.SEGMENT_HEADER);
        assertThat(JournalFiles.segmentMagic(file)).isEqualTo(JournalFiles.SEGMENT_MAGIC);
        assertThat(JournalFiles.segmentBase(file)).isEqualTo(1_632_928_155L);
    }

    @Test
    void inFsyncModeTheHeaderIsOnTheDeviceBeforeAnyRecord() throws IOException {
        SegmentFile segment = SegmentFile.create(this.dir, this.files, 1, 0, JournalMode.FSYNC);
        assertThat(this.calls).containsExactly("force");
        assertThat(segment.size()).isEqualTo(JournalFiles.SEGMENT_HEADER);
        assertThat(segment.forcedTo()).isEqualTo(JournalFiles.SEGMENT_HEADER);
        assertThat(segment.unflushed()).isFalse();
        segment.close(true);
        assertThat(this.calls).as("nothing left to flush").containsExactly("force", "close");
    }

    @Test
    void inWriteModeNothingIsOnTheDeviceUntilAFlush() throws IOException {
        SegmentFile segment = SegmentFile.create(this.dir, this.files, 1, 0, JournalMode.WRITE);
        assertThat(this.calls).isEmpty();
        assertThat(segment.forcedTo()).isZero();
        assertThat(segment.unflushed()).isTrue();
        segment.close(true);
        assertThat(this.calls).containsExactly("force", "close");
    }

    @Test
    void writtenBytesAreUnflushedUntilAWriteIsFlushed() throws IOException {
        SegmentFile segment = SegmentFile.create(this.dir, this.files, 1, 0, JournalMode.FSYNC);
        segment.channel().write(ByteBuffer.wrap(new byte[10]));
        segment.written(10, false);
        assertThat(segment.size()).isEqualTo(JournalFiles.SEGMENT_HEADER + 10);
        assertThat(segment.unflushed()).isTrue();
        segment.channel().write(ByteBuffer.wrap(new byte[5]));
        segment.written(5, true);
        assertThat(segment.forcedTo()).isEqualTo(JournalFiles.SEGMENT_HEADER + 15);
        assertThat(segment.unflushed()).isFalse();
        segment.close(true);
        assertThat(this.calls).containsExactly("force", "close");
    }

    @Test
    void aCloseWithoutFlushLeavesUnflushedBytesToTheSystem() throws IOException {
        SegmentFile segment = SegmentFile.create(this.dir, this.files, 1, 0, JournalMode.WRITE);
        segment.close(false);
        assertThat(this.calls).containsExactly("close");
    }

    @Test
    void aFailedWriteIsCutBackToTheLastGoodLength() throws IOException {
        SegmentFile segment = SegmentFile.create(this.dir, this.files, 1, 0, JournalMode.FSYNC);
        segment.channel().write(ByteBuffer.wrap(new byte[10]));
        segment.written(10, true);
        segment.channel().write(ByteBuffer.wrap(new byte[7]));
        segment.cutBack();
        segment.close(true);
        assertThat(Files.size(JournalFiles.segment(this.dir, 1))).isEqualTo(JournalFiles.SEGMENT_HEADER + 10);
    }

}
