package io.brightcounter.readings.memory.journal;

/**
 * Told of every group of records the journal writes: how many records shared the write
 * (and, in {@code fsync} mode, the flush) and how long it took. It runs on the writing
 * thread, outside the journal's lock, and must be quick (a meter).
 */
@FunctionalInterface
public interface FlushListener {

    /** Listens to nothing. */
    FlushListener NONE = (records, nanos) -> {
    };

    void flushed(int records, long nanos);

}
