package io.brightcounter.readings.memory.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The real file system, with a switch that makes writes and flushes fail as a full disk
 * does ({@code No space left on device}), or fail half-way: the first half of a write
 * reaches the file, then the error, as when a device fills up in the middle of one; and
 * one that makes cutting a file back fail.
 */
public final class FaultyJournalFileSystem implements JournalFileSystem {

    private volatile boolean full;

    private volatile boolean failFlush;

    private volatile boolean failTruncate;

    /** Writes (and new files) fail after writing half of what they were given. */
    public void diskFull(boolean full) {
        this.full = full;
    }

    /** Writes succeed, the flush to the device fails: an I/O error reported by fsync. */
    public void flushFails(boolean fails) {
        this.failFlush = fails;
    }

    /** Cutting a file back fails, as it can on a failing device. */
    public void truncateFails(boolean fails) {
        this.failTruncate = fails;
    }

    @Override
    public JournalChannel create(Path path) throws IOException {
        if (this.full) {
            throw new IOException("No space left on device");
        }
        JournalChannel real = JournalFileSystem.DEFAULT.create(path);
        return new ForwardingJournalChannel(real) {

            @Override
            public void write(ByteBuffer bytes) throws IOException {
                if (FaultyJournalFileSystem.this.full) {
                    ByteBuffer half = bytes.duplicate();
                    half.limit(half.position() + half.remaining() / 2);
                    real.write(half);
                    throw new IOException("No space left on device");
                }
                super.write(bytes);
            }

            @Override
            public void force() throws IOException {
                if (FaultyJournalFileSystem.this.failFlush || FaultyJournalFileSystem.this.full) {
                    throw new IOException("Input/output error");
                }
                super.force();
            }

            @Override
            public void truncate(long size) throws IOException {
                if (FaultyJournalFileSystem.this.failTruncate) {
                    throw new IOException("Input/output error");
                }
                super.truncate(size);
            }

        };
    }

}
