package io.brightcounter.readings.memory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How much the store may still take, in heap bytes of its structures and, when an
 * operator sets one, in readings. Reservations are exact (compare-and-set on each
 * counter), so a batch that fits exactly is accepted and two batches can never both pass
 * a limit; no device waits for another, they only race on the counters.
 */
final class StorageCapacity {

    /** The value of a limit that is not set. */
    static final long UNLIMITED = Long.MAX_VALUE;

    private final long maxBytes;

    private final long maxReadings;

    private final AtomicLong bytes = new AtomicLong();

    private final AtomicLong readings = new AtomicLong();

    StorageCapacity(long maxBytes, long maxReadings) {
        this.maxBytes = maxBytes;
        this.maxReadings = maxReadings;
    }

    /**
     * Reserves room for a batch, or nothing. {@code bytes} may be negative (a batch that
     * moves a device to a smaller layout); that always fits.
     */
    boolean tryReserve(long bytes, long readings) {
        if (!reserve(this.readings, readings, this.maxReadings)) {
            return false;
        }
        if (!reserve(this.bytes, bytes, this.maxBytes)) {
            this.readings.addAndGet(-readings);
            return false;
        }
        return true;
    }

    /**
     * Takes room whatever the limits: for readings restored at start, which were
     * acknowledged and must never be dropped, even when the capacity has been lowered
     * since.
     */
    void reserveRegardless(long bytes, long readings) {
        this.bytes.addAndGet(bytes);
        this.readings.addAndGet(readings);
    }

    void release(long bytes, long readings) {
        this.bytes.addAndGet(-bytes);
        this.readings.addAndGet(-readings);
    }

    /**
     * Counts heap the store now holds beyond (or short of) what was reserved for it, such
     * as a table grown for a batch that then failed. Never refused: the heap is taken
     * already.
     */
    void adjustBytes(long bytes) {
        if (bytes != 0) {
            this.bytes.addAndGet(bytes);
        }
    }

    private static boolean reserve(AtomicLong used, long amount, long limit) {
        long current;
        do {
            current = used.get();
            if (amount > 0 && amount > limit - current) {
                return false;
            }
        }
        while (!used.compareAndSet(current, current + amount));
        return true;
    }

    long usedBytes() {
        return this.bytes.get();
    }

    long usedReadings() {
        return this.readings.get();
    }

    long maxBytes() {
        return this.maxBytes;
    }

    /** The readings limit, {@link #UNLIMITED} when none is set. */
    long maxReadings() {
        return this.maxReadings;
    }

    /** The fuller of the two limits, from 0 (empty) to 1 (full). */
    double fillRatio() {
        double byBytes = (double) usedBytes() / this.maxBytes;
        double byReadings = (this.maxReadings != UNLIMITED) ? (double) usedReadings() / this.maxReadings : 0;
        return Math.max(byBytes, byReadings);
    }

}
