package io.brightcounter.readings.memory.journal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The few file operations the journal writes with. It is an interface, not a
 * {@code FileChannel}, so that tests can make a disk fill up or fail on demand
 * ({@link JournalFileSystem}).
 */
public interface JournalChannel extends Closeable {

    /** Writes all of the buffer's remaining bytes at the end of the file. */
    void write(ByteBuffer bytes) throws IOException;

    /**
     * Flushes what was written to the device (fdatasync: file metadata other than the
     * size may wait).
     */
    void force() throws IOException;

    /** Cuts the file to the given size. */
    void truncate(long size) throws IOException;

    long size() throws IOException;

}
