package io.brightcounter.readings.memory.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotOutputTests {

    @TempDir
    Path dir;

    @Test
    void aHugeDeviceDoesNotLeaveItsBuffersBehindForTheRestOfTheSnapshot() throws IOException {
        try (JournalChannel channel = JournalFileSystem.DEFAULT.create(this.dir.resolve("snapshot"))) {
            SnapshotOutput output = new SnapshotOutput(channel);
            long usual = output.retainedBytes();
            RecordOutput huge = output.startRecord();
            byte[] chunk = new byte[1 << 16];
            for (int i = 0; i < 128; i++) {
                huge.putBytes(chunk, 0, chunk.length);
            }
            assertThat(output.retainedBytes()).as("grown by the huge record").isGreaterThan(8L << 20);
            output.endRecord();
            assertThat(output.retainedBytes()).as("once the huge record is out").isEqualTo(usual);
            output.startRecord().putVarLong(1);
            output.endRecord();
            assertThat(output.retainedBytes()).isEqualTo(usual);
            output.finish();
            assertThat(channel.size()).isGreaterThan(8L << 20);
        }
        ByteBuffer head = ByteBuffer.wrap(Files.readAllBytes(this.dir.resolve("snapshot")), 0, 8);
        assertThat(head.array()).startsWith(JournalFiles.SNAPSHOT_MAGIC);
    }

}
