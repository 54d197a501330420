package io.brightcounter.readings.memory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many readings the store may still take. Reservations are exact (compare-and-set), so a
 * batch that fits exactly is accepted; no device waits for another, they only race on one counter.
 */
final class StorageCapacity {

    private final long limit;

    private final AtomicLong used = new AtomicLong();

    StorageCapacity(long limit) {
        this.limit = limit;
    }

    boolean tryReserve(long readings) {
        long current;
        do {
            current = this.used.get();
            if (readings > this.limit - current) {
                return false;
            }
        }
        while (!this.used.compareAndSet(current, current + readings));
        return true;
    }

    /**
     * Takes room whatever the limit: for readings restored at start, which were acknowledged
     * and must never be dropped, even when the capacity has been lowered since.
     */
    void reserveRegardless(long readings) {
        this.used.addAndGet(readings);
    }

    void release(long readings) {
        this.used.addAndGet(-readings);
    }

    long used() {
        return this.used.get();
    }

    long limit() {
        return this.limit;
    }

}
