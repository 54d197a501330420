package io.brightcounter.readings.memory.journal;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Writes snapshot records through a 1 MiB buffer, framed and checksummed like journal
 * records. The store writes one record per device; the closing record, which proves the
 * file complete, counts them.
 */
public final class SnapshotOutput {

    private static final int BUFFER_BYTES = 1 << 20;

    /** A record buffer grown past this by a huge device is dropped after use. */
    private static final int RECORD_KEEP = 1 << 20;

    private final JournalChannel channel;

    private RecordOutput record = new RecordOutput(4096);

    private RecordOutput buffer = new RecordOutput(BUFFER_BYTES);

    private long records;

    SnapshotOutput(JournalChannel channel) {
        this.channel = channel;
        this.buffer.putBytes(JournalFiles.SNAPSHOT_MAGIC, 0, JournalFiles.SNAPSHOT_MAGIC.length);
    }

    /**
     * Starts a record: the returned output is cleared, ready for the record's contents.
     */
    public RecordOutput startRecord() {
        this.record.clear();
        this.record.putByte(JournalFiles.SNAPSHOT_DATA);
        return this.record;
    }

    /** Ends the record started last. */
    public void endRecord() throws IOException {
        Records.frame(this.record, this.buffer);
        this.records++;
        if (this.buffer.size() >= BUFFER_BYTES) {
            drain();
        }
        if (this.record.size() > RECORD_KEEP) {
            this.record = new RecordOutput(4096);
        }
    }

    /** Bytes the output's two buffers hold on to (for tests). */
    long retainedBytes() {
        return (long) this.record.array().length + this.buffer.array().length;
    }

    void finish() throws IOException {
        this.record.clear();
        this.record.putByte(JournalFiles.SNAPSHOT_END).putVarLong(this.records);
        Records.frame(this.record, this.buffer);
        drain();
    }

    private void drain() throws IOException {
        this.channel.write(ByteBuffer.wrap(this.buffer.array(), 0, this.buffer.size()));
        this.buffer.clear();
        if (this.buffer.array().length > 2 * BUFFER_BYTES) {
            // Grown by one huge device: the rest of the snapshot gets the usual buffer.
            this.buffer = new RecordOutput(BUFFER_BYTES);
        }
    }

}
