package io.brightcounter.readings.memory.journal;

import java.io.IOException;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * The numbered run of segments a journal appends to: the one open now, and how records
 * are encoded for it (its base instant and its key numbering, which restart with each
 * segment). Guarded by the {@link SegmentWriter}'s mutex, but for {@link #base()}, read
 * without it to encode a body before taking the mutex.
 *
 * <p>
 * Encoding moves to the next segment before that segment's file exists: the group that
 * fills a segment is written while records appended meanwhile are already encoded for the
 * next one, which is opened before any of them is written.
 *
 * @param <E> what one record holds
 */
final class SegmentSequence<E> {

    private final Path directory;

    private final JournalFileSystem files;

    private final JournalMode mode;

    private final RecordCodec<E> codec;

    private @Nullable SegmentFile current;

    /** The number of the newest segment started (or found at start). */
    private long number;

    private RecordCodec.KeyEncoder<E> keys;

    private volatile long base;

    SegmentSequence(Path directory, JournalFileSystem files, JournalMode mode, RecordCodec<E> codec) {
        this.directory = directory;
        this.files = files;
        this.mode = mode;
        this.codec = codec;
        this.keys = codec.beginSegment();
    }

    /** At start: segments up to {@code number} exist; the next is numbered after it. */
    void foundUpTo(long number) {
        this.number = number;
    }

    long number() {
        return this.number;
    }

    /** The segment appended to; null while none could be started. */
    @Nullable SegmentFile current() {
        return this.current;
    }

    /** The base instant records are encoded against now. */
    long base() {
        return this.base;
    }

    /** Encodes the keys of records for the segment they go into, in file order. */
    RecordCodec.KeyEncoder<E> keys() {
        return this.keys;
    }

    /**
     * From now on, records are encoded for the next segment, begun now: no key numbered
     * yet.
     */
    void encodeForNext() {
        this.keys = this.codec.beginSegment();
        this.base = System.currentTimeMillis() / 1000;
    }

    /**
     * Closes the current segment, if any, flushing what of it is not on the device yet,
     * and opens the next one with the base records are encoded against. The number is
     * taken once the segment exists: a failed attempt (a full disk) leaves it for the
     * next one.
     */
    void openNext() throws IOException {
        SegmentFile old = detach();
        if (old != null) {
            old.close(true);
        }
        this.current = SegmentFile.create(this.directory, this.files, this.number + 1, this.base, this.mode);
        this.number++;
    }

    /** Takes the current segment away, for its caller to close; none is open after. */
    @Nullable SegmentFile detach() {
        SegmentFile file = this.current;
        this.current = null;
        return file;
    }

    Path nextPath() {
        return JournalFiles.segment(this.directory, this.number + 1);
    }

}
