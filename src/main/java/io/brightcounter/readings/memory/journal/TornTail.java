package io.brightcounter.readings.memory.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Tells a torn last write from damage, and cuts it off. PostgreSQL ends WAL replay at the
 * first invalid record; a journal must also tell a write a power loss tore (never
 * acknowledged) from a changed byte in the middle (acknowledged readings lost).
 *
 * <p>
 * A bad frame in the newest segment is a torn last write when no intact frame after it
 * says it had reached the device: in format 2 a frame records how much of the segment was
 * flushed when it was written (in {@code fsync} mode, everything before it), so only
 * damage below that mark stops the start. The frames of {@code write} mode's last second
 * after a torn one are dropped with it, as that mode allows. A torn write cut short is
 * dropped at INFO; one whose length is all there (a changed byte in the last record looks
 * the same) at WARN, with a copy kept beside the file.
 */
final class TornTail {

    private static final Log logger = LogFactory.getLog(Journal.class);

    /**
     * How much candidate data the search for intact records behind a bad one may
     * checksum.
     */
    private static final long RESYNC_BUDGET = 256L << 20;

    /**
     * A run of this many zero bytes in a bad last frame is taken for sectors a power loss
     * kept from the device: a torn write, not a changed byte.
     */
    private static final int TORN_ZEROS = 16;

    private TornTail() {
    }

    /** Whether the bad frame of the newest segment is a torn last write. */
    static boolean isTorn(Path file, Records.BadRecord bad, boolean grouped) throws IOException {
        long offset = bad.offset();
        return !Records.Scanner.intactRecordAfter(file, offset, RESYNC_BUDGET,
                (frame) -> !grouped || durableMark(frame) > offset);
    }

    /**
     * Cuts the torn write off the file, keeping a copy of one that is not visibly cut.
     */
    static void cut(Path file, Records.BadRecord bad, long fileSize) throws IOException {
        long offset = bad.offset();
        long length = fileSize - offset;
        if (bad.cutShort() || holdsZeros(file, offset, fileSize)) {
            // Cut short by a crash while it was written: never acknowledged.
            logger.info("Dropped an incomplete last write of " + length + " bytes at offset " + offset + " of "
                    + file.getFileName() + " (" + bad.reason() + ")");
        }
        else {
            Path kept = file.resolveSibling(file.getFileName() + ".damaged-" + offset);
            try (FileChannel source = FileChannel.open(file, StandardOpenOption.READ);
                    FileChannel copy = FileChannel.open(kept, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING)) {
                long at = 0;
                while (at < length) {
                    at += source.transferTo(offset + at, length - at, copy);
                }
                copy.force(false);
            }
            logger.warn("Dropped the last write of " + file.getFileName() + ", " + length + " bytes at offset " + offset
                    + ": its length is all there but " + bad.reason()
                    + ". A write torn by a power loss, or a changed byte in an acknowledged batch; the bytes are kept in "
                    + kept.getFileName());
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(offset);
            channel.force(false);
        }
    }

    /**
     * Whether the bytes from {@code from} to {@code to} hold a run of zeros as long as a
     * lost sector leaves.
     */
    private static boolean holdsZeros(Path file, long from, long to) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(64 << 10);
        int run = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long at = from;
            while (at < to) {
                chunk.clear().limit((int) Math.min(chunk.capacity(), to - at));
                int read = channel.read(chunk, at);
                if (read <= 0) {
                    return false;
                }
                for (int i = 0; i < read; i++) {
                    run = (chunk.get(i) == 0) ? run + 1 : 0;
                    if (run >= TORN_ZEROS) {
                        return true;
                    }
                }
                at += read;
            }
        }
        return false;
    }

    /**
     * What of its segment a group frame says was on the device; unreadable: all of it.
     */
    private static long durableMark(ByteBuffer frame) {
        try {
            return new RecordInput(frame.duplicate()).getVarLong();
        }
        catch (RuntimeException ex) {
            return Long.MAX_VALUE;
        }
    }

}
