package io.brightcounter.readings.memory.journal;

/**
 * Told of every group of records the journal writes: how many records shared the write
 * (and, in {@code fsync} mode, the flush) and how long it took; and of every appender
 * that is done with the processor and waits for the device. It runs on the appending or
 * writing thread, outside the journal's lock, and must be quick (a meter, a permit given
 * back).
 */
@FunctionalInterface
public interface FlushListener {

    /** Listens to nothing. */
    FlushListener NONE = (records, nanos) -> {
    };

    void flushed(int records, long nanos);

    /**
     * Called on an appender's thread once its record is in a group, before it waits for
     * that group's write (and, in {@code fsync} mode, flush) or makes it itself: from
     * here until the append returns, the thread waits for the device, not for the
     * processor.
     */
    default void awaitingFlush() {
    }

}
