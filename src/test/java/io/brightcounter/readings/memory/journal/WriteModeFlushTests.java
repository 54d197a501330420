package io.brightcounter.readings.memory.journal;

import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.brightcounter.readings.ReadingBatch;
import io.brightcounter.readings.Timestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code write} mode promises that a power loss costs at most about the last second: what
 * it wrote reaches the device within a second or so, without any request waiting for it.
 */
class WriteModeFlushTests {

    @TempDir
    Path dir;

    @Test
    void whatWriteModeWroteIsFlushedInTheBackgroundWithoutAnAppendWaitingForIt() throws Exception {
        GatedJournalFileSystem files = new GatedJournalFileSystem();
        try (BatchJournal journal = BatchJournal.open(this.dir, JournalMode.WRITE, false, 64 << 20, files)) {
            journal.recover(new BatchJournal.Replay() {

                @Override
                public void snapshotRecord(RecordInput record) {
                }

                @Override
                public void batch(UUID deviceId, ReadingBatch readings) {
                }

            });
            int before = files.forces();
            ReadingBatch batch = new ReadingBatch();
            batch.add(1, new Timestamp(1_700_000_000L, 0));
            journal.append(UUID.randomUUID(), batch);
            // About a second is the promise; 30 s allows for a loaded machine.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (files.forces() == before && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(files.forces()).as("flushes within 30 s of a write in write mode").isGreaterThan(before);
            assertThat(files.forcingThreads()).as("flushed by the background thread, not the appender")
                .containsExactly("journal-flush");
        }
    }

}
