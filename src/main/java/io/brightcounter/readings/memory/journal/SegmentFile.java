package io.brightcounter.readings.memory.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The segment being written: its file, how much of it was written and how much of that is
 * known to be on the device. Changed only by the holder of the writer role.
 */
final class SegmentFile {

    private final Path directory;

    private final JournalChannel channel;

    private final JournalMode mode;

    private long size = JournalFiles.SEGMENT_HEADER;

    /** The segment's size at the last flush that succeeded. */
    private long forcedTo;

    /**
     * Whether the directory entry of a segment begun in {@code write} mode may not be on
     * the device yet.
     */
    private boolean directoryDirty;

    private SegmentFile(Path directory, JournalChannel channel, JournalMode mode) {
        this.directory = directory;
        this.channel = channel;
        this.mode = mode;
        this.forcedTo = (mode == JournalMode.FSYNC) ? JournalFiles.SEGMENT_HEADER : 0;
        this.directoryDirty = (mode != JournalMode.FSYNC);
    }

    /**
     * Creates segment {@code number} with its header; in {@code fsync} mode the file and
     * its directory entry are on the device before it takes a record.
     */
    static SegmentFile create(Path directory, JournalFileSystem files, long number, long base, JournalMode mode)
            throws IOException {
        Path path = JournalFiles.segment(directory, number);
        JournalChannel channel = files.create(path);
        try {
            channel.write(ByteBuffer.allocate(JournalFiles.SEGMENT_HEADER)
                .put(JournalFiles.SEGMENT_MAGIC)
                .putLong(base)
                .flip());
            if (mode == JournalMode.FSYNC) {
                channel.force();
                JournalFiles.syncDirectory(directory);
            }
        }
        catch (IOException ex) {
            // A segment without its header would read as damage at the next start.
            channel.close();
            Files.deleteIfExists(path);
            throw ex;
        }
        return new SegmentFile(directory, channel, mode);
    }

    long size() {
        return this.size;
    }

    /** What of the segment is on the device: a frame written now records it. */
    long forcedTo() {
        return this.forcedTo;
    }

    boolean unflushed() {
        return this.forcedTo < this.size;
    }

    /** The file, for the writer role's I/O outside the writer's mutex. */
    JournalChannel channel() {
        return this.channel;
    }

    /** Counts bytes written through {@link #channel()}, and the flush that followed. */
    void written(long bytes, boolean flushed) {
        this.size += bytes;
        if (flushed) {
            this.forcedTo = this.size;
        }
    }

    /** Cuts off what a failed write may have left after the last good length. */
    void cutBack() throws IOException {
        this.channel.truncate(this.size);
    }

    /** In {@code write} mode: makes the directory entry durable once. */
    void syncDirectoryEntry() throws IOException {
        if (this.directoryDirty) {
            JournalFiles.syncDirectory(this.directory);
            this.directoryDirty = false;
        }
    }

    /**
     * Closes the file, flushing first what is not on the device yet unless {@code flush}
     * is false: only the newest segment may hold what a power loss can take, since the
     * background flush of {@code write} mode sees the newest segment only.
     */
    void close(boolean flush) throws IOException {
        try {
            if (flush && unflushed()) {
                this.channel.force();
            }
        }
        finally {
            this.channel.close();
        }
    }

}
