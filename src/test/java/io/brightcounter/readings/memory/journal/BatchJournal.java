package io.brightcounter.readings.memory.journal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;

import io.brightcounter.readings.ReadingBatch;
import io.brightcounter.readings.memory.JournalBatchCodec;

/**
 * A journal of the store's batch records, the codec the service uses, with the batch
 * spelled out in each call: what the journal's tests write and read back.
 */
final class BatchJournal implements Closeable {

    private final Journal<JournalBatchCodec.Batch> journal;

    private BatchJournal(Journal<JournalBatchCodec.Batch> journal) {
        this.journal = journal;
    }

    static BatchJournal open(Path directory, JournalMode mode, boolean repair, long segmentBytes,
            JournalFileSystem files) throws IOException {
        return open(directory, mode, repair, segmentBytes, files, () -> {
        });
    }

    static BatchJournal open(Path directory, JournalMode mode, boolean repair, long segmentBytes,
            JournalFileSystem files, Runnable writeFailed) throws IOException {
        return open(directory, mode, repair, segmentBytes, files, writeFailed, FlushListener.NONE);
    }

    static BatchJournal open(Path directory, JournalMode mode, boolean repair, long segmentBytes,
            JournalFileSystem files, Runnable writeFailed, FlushListener flushed) throws IOException {
        return new BatchJournal(Journal.open(directory, mode, repair, segmentBytes, files, JournalBatchCodec.INSTANCE,
                writeFailed, flushed));
    }

    /** The batches a journal holds, as recovery hands them over. */
    interface Replay {

        void snapshotRecord(RecordInput record);

        void batch(UUID deviceId, ReadingBatch readings);

    }

    void append(UUID deviceId, ReadingBatch readings) throws IOException {
        this.journal.append(new JournalBatchCodec.Batch(deviceId, readings));
    }

    Journal.RecoveryReport recover(Replay replay) throws IOException {
        return this.journal.recover(new Journal.Replay<>() {

            @Override
            public void snapshotRecord(RecordInput record) {
                replay.snapshotRecord(record);
            }

            @Override
            public void entry(JournalBatchCodec.Batch entry) {
                replay.batch(entry.deviceId(), entry.readings());
            }

        });
    }

    long snapshot(Journal.SnapshotContents contents) throws IOException {
        return this.journal.snapshot(contents);
    }

    boolean failed() {
        return this.journal.failed();
    }

    boolean tryRecover() {
        return this.journal.tryRecover();
    }

    long bytesSinceSnapshot() {
        return this.journal.bytesSinceSnapshot();
    }

    int waitingRecords() {
        return this.journal.waitingRecords();
    }

    @Override
    public void close() throws IOException {
        this.journal.close();
    }

}
