package io.brightcounter.readings.memory;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

import it.unimi.dsi.fastutil.Hash;
import it.unimi.dsi.fastutil.HashCommon;
import it.unimi.dsi.fastutil.longs.LongHash;
import it.unimi.dsi.fastutil.longs.LongIterator;
import it.unimi.dsi.fastutil.longs.LongOpenCustomHashSet;

/**
 * fastutil's open-addressing set of longs, hashing with a seed drawn for each set. The
 * plain {@code LongOpenHashSet} places a long by a fixed public mixer: instants chosen to
 * share the mixed hash's bits land in one run of slots, and each insert then walks the
 * whole run (60,000 such instants took 1.9 s in one create, random ones 0.02 s). A client
 * cannot choose instants against a seed it never sees, and a seed per set means that even
 * one learned could only slow one device. The set is its own strategy, which saves every
 * device a separate object.
 */
final class SeededHashSet extends LongOpenCustomHashSet implements LongHash.Strategy {

    /**
     * Mixed into each set's seed so that seeds do not follow from the thread-local
     * generator's state alone.
     */
    private static final long PROCESS_SECRET = new SecureRandom().nextLong();

    private final long seed = PROCESS_SECRET ^ ThreadLocalRandom.current().nextLong();

    /** Bits of a hashed slot below the instant: the offset and the count. */
    private static final int PAYLOAD_BITS = 25;

    private static final int COUNT_BITS = 13;

    /** A count marked so in a slot is kept beside the set (InstantSet's big counts). */
    static final long BIG_COUNT = (1L << COUNT_BITS) - 1;

    /** Offsets are whole minutes from -18:00 to +18:00, kept from 0 up. */
    private static final int OFFSET_BIAS_MINUTES = 18 * 60;

    /**
     * The slot bound of an instant range's end, which may lie past any slot's instant.
     */
    static long slotBound(long epochSecond) {
        if (epochSecond > instantOf(Long.MAX_VALUE)) {
            return Long.MAX_VALUE;
        }
        return (epochSecond < instantOf(Long.MIN_VALUE)) ? Long.MIN_VALUE : slotKey(epochSecond);
    }

    static long slotKey(long epochSecond) {
        return epochSecond << PAYLOAD_BITS;
    }

    static long packed(long epochSecond, long count, int offsetSeconds) {
        long minutes = Math.floorDiv(offsetSeconds, 60) + OFFSET_BIAS_MINUTES;
        return slotKey(epochSecond) | (minutes << COUNT_BITS) | Math.min(count, BIG_COUNT);
    }

    static long instantOf(long slot) {
        return slot >> PAYLOAD_BITS;
    }

    static int offsetOf(long slot) {
        return 60 * ((int) ((slot >>> COUNT_BITS) & ((1 << (PAYLOAD_BITS - COUNT_BITS)) - 1)) - OFFSET_BIAS_MINUTES);
    }

    SeededHashSet(int expected) {
        super(expected, Hash.DEFAULT_LOAD_FACTOR, (LongHash.Strategy) null);
        this.strategy = this;
    }

    @Override
    public int hashCode(long slot) {
        // The MurmurHash3 finalizer lets every bit of the seeded instant change every
        // bit of the hash.
        long mixed = HashCommon.murmurHash3(instantOf(slot) ^ this.seed);
        return (int) (mixed ^ (mixed >>> 32));
    }

    @Override
    public boolean equals(long a, long b) {
        return instantOf(a) == instantOf(b);
    }

    /**
     * Where the set keeps the slot of {@code probe}'s instant, as fastutil probes; -1
     * when it holds none.
     */
    int slotOf(long probe) {
        if (equals(probe, 0)) {
            return this.containsNull ? this.n : -1;
        }
        int pos = HashCommon.mix(hashCode(probe)) & this.mask;
        while (this.key[pos] != 0) {
            if (equals(probe, this.key[pos])) {
                return pos;
            }
            pos = (pos + 1) & this.mask;
        }
        return -1;
    }

    long slot(int position) {
        return this.key[position];
    }

    /** The slots whose key lies from {@code from} (inclusive) to {@code to}. */
    long[] slotsBetween(long from, long to) {
        long[] found = new long[this.size];
        int count = 0;
        for (LongIterator it = iterator(); it.hasNext();) {
            long slot = it.nextLong();
            if (slot >= from && slot < to) {
                found[count++] = slot;
            }
        }
        return Arrays.copyOf(found, count);
    }

    int tableLength() {
        return this.key.length;
    }

    long displacement() {
        long total = 0;
        for (int pos = 0; pos < this.n; pos++) {
            long slot = this.key[pos];
            if (slot != 0) {
                total += (pos - (HashCommon.mix(hashCode(slot)) & this.mask)) & this.mask;
            }
        }
        return total;
    }

}
