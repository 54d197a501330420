package io.brightcounter.readings.memory;

import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;

import it.unimi.dsi.fastutil.Hash;
import it.unimi.dsi.fastutil.HashCommon;
import it.unimi.dsi.fastutil.longs.LongHash;
import it.unimi.dsi.fastutil.longs.LongIterator;
import it.unimi.dsi.fastutil.longs.LongOpenCustomHashSet;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * The set of instants (epoch seconds) stored for one device, in whichever of two library layouts
 * is smaller for how the device's instants are spread.
 *
 * <p>A Roaring bitmap stores instants that share a 65,536-second window in about 2 bytes each,
 * but pays some 60 bytes for every window it touches; an open-addressing hash set of primitive
 * longs (fastutil) pays 11 to 21 bytes for every instant, wherever it lies. Measured with JOL for
 * devices reporting once a minute, the bitmap holds about 3 bytes a reading against 17 for the
 * hash set; for readings at random seconds over decades, 62 against 21. So the set starts as a
 * hash set and, each time its size passes a doubling, counts the windows its instants occupy: at 8
 * or more instants a window it moves to the bitmap, below 4 it moves back. The gap between the two
 * thresholds keeps a device near the boundary from flipping at every check, and checking only at
 * doublings keeps the cost of counting at O(1) amortized per instant.
 *
 * <p>Clients choose the instants, so neither layout may let chosen ones degrade it. The bitmap
 * does not hash. The hash set hashes with a secret seed of its own (see {@link SeededHashSet}),
 * and windows are counted in a bitmap, not a hash set.
 *
 * <p>A batch is added in two steps, so that it goes in whole or not at all: {@link #prepare}
 * picks the layout and allocates the room the batch needs, which may fail but changes no
 * content; {@link #add} then allocates nothing in the hash layout. The bitmap allocates as it
 * goes, so a batch that fails half way is taken out again with {@link #undo}.
 *
 * <p>Not thread-safe: the owning device state guards it.
 */
class InstantSet {

    private static final int WINDOW_BITS = 16;

    private static final int FIRST_CHECK = 64;

    private static final int TO_BITMAP_DENSITY = 8;

    private static final int TO_HASH_DENSITY = 4;

    private SeededHashSet hashed = new SeededHashSet(1);

    private Roaring64NavigableMap bitmap;

    private long size;

    private long nextCheck = FIRST_CHECK;

    boolean contains(long epochSecond) {
        return (this.hashed != null) ? this.hashed.contains(epochSecond) : this.bitmap.contains(epochSecond);
    }

    /**
     * Gets ready to take {@code newInstants}, none of which the set holds: moves to the layout that
     * suits the set with them and, in the hash layout, grows the table to hold them all. The
     * instants held stay the same, whatever this throws.
     */
    void prepare(long[] newInstants) {
        long after = this.size + newInstants.length;
        if (after >= this.nextCheck) {
            while (this.nextCheck <= after) {
                this.nextCheck *= 2;
            }
            chooseLayout(newInstants, after);
        }
        if (this.hashed != null) {
            this.hashed.ensureCapacity((int) Math.min(after, Integer.MAX_VALUE));
        }
    }

    /** Adds an instant the set does not hold, after {@link #prepare}; returns {@code true}. */
    boolean add(long epochSecond) {
        this.size++;
        if (this.hashed != null) {
            this.hashed.add(epochSecond);
        }
        else {
            this.bitmap.addLong(epochSecond);
        }
        return true;
    }

    /**
     * Takes out a batch whose adding failed: every instant of {@code newInstants} the set holds
     * now, so that it holds {@code sizeBefore} again. Where a library shrinks a structure as it
     * removes (fastutil halves a sparse table, Roaring turns a sparse bitmap container into an
     * array), the instant is out before the new structure is allocated, so a failure there still
     * leaves the instant removed: the loop goes on, then rethrows the first failure.
     */
    void undo(long[] newInstants, long sizeBefore) {
        Throwable failure = null;
        for (long instant : newInstants) {
            try {
                if (this.hashed != null) {
                    this.hashed.remove(instant);
                }
                else {
                    this.bitmap.removeLong(instant);
                }
            }
            catch (Throwable ex) {
                // Out of memory while shrinking: that instant is out, the others must go too.
                failure = (failure != null) ? failure : ex;
            }
        }
        this.size = sizeBefore;
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure instanceof RuntimeException ex) {
            throw ex;
        }
    }

    long size() {
        return this.size;
    }

    boolean isBitmap() {
        return this.bitmap != null;
    }

    /** The bitmap, when that is the layout: snapshots serialise it as it is. Read only. */
    Roaring64NavigableMap bitmapOrNull() {
        return this.bitmap;
    }

    /** The instants in ascending order, for the hash set layout's snapshot. */
    long[] toSortedArray() {
        long[] instants;
        if (this.hashed != null) {
            instants = this.hashed.toLongArray();
            java.util.Arrays.sort(instants);
        }
        else {
            instants = this.bitmap.toArray();
        }
        return instants;
    }

    /** A set in the bitmap layout, restored from a snapshot. */
    static InstantSet ofBitmap(Roaring64NavigableMap bitmap) {
        InstantSet set = new InstantSet();
        set.hashed = null;
        set.bitmap = bitmap;
        set.size = bitmap.getLongCardinality();
        while (set.nextCheck <= set.size) {
            set.nextCheck *= 2;
        }
        return set;
    }

    /** Test hook: how far, in slots, the hashed instants lie from where their hashes put them. */
    long displacement() {
        return (this.hashed != null) ? this.hashed.displacement() : 0;
    }

    private void chooseLayout(long[] newInstants, long after) {
        long windows = windowsOf(newInstants);
        if (this.hashed != null) {
            if (after >= TO_BITMAP_DENSITY * windows) {
                Roaring64NavigableMap moved = new Roaring64NavigableMap();
                for (LongIterator it = this.hashed.iterator(); it.hasNext();) {
                    moved.addLong(it.nextLong());
                }
                this.bitmap = moved;
                this.hashed = null;
            }
        }
        else if (after < TO_HASH_DENSITY * windows) {
            SeededHashSet moved = new SeededHashSet((int) Math.min(after, Integer.MAX_VALUE));
            this.bitmap.forEach(moved::add);
            this.hashed = moved;
            this.bitmap = null;
        }
    }

    /** The 65,536-second windows the set's instants and {@code more} occupy. */
    private long windowsOf(long[] more) {
        // Every valid timestamp's window fits an int (years 1 to 9999 span fewer than 2^23 windows).
        RoaringBitmap windows = new RoaringBitmap();
        if (this.hashed != null) {
            for (LongIterator it = this.hashed.iterator(); it.hasNext();) {
                windows.add((int) (it.nextLong() >> WINDOW_BITS));
            }
        }
        else {
            this.bitmap.forEach((instant) -> windows.add((int) (instant >> WINDOW_BITS)));
        }
        for (long instant : more) {
            windows.add((int) (instant >> WINDOW_BITS));
        }
        return windows.getLongCardinality();
    }

    /**
     * fastutil's open-addressing set of longs, hashing with a seed drawn for each set. The plain
     * {@code LongOpenHashSet} places a long by a fixed public mixer: instants chosen to share the
     * mixed hash's bits land in one run of slots, and each insert then walks the whole run (60,000
     * such instants took 1.9 s in one create, random ones 0.02 s). A client cannot choose instants
     * against a seed it never sees, and a seed per set means that even one learned could only slow
     * one device. The set is its own strategy, which saves every device a separate object.
     */
    private static final class SeededHashSet extends LongOpenCustomHashSet implements LongHash.Strategy {

        /** Mixed into each set's seed so that seeds do not follow from the thread-local generator's state alone. */
        private static final long PROCESS_SECRET = new SecureRandom().nextLong();

        private final long seed = PROCESS_SECRET ^ ThreadLocalRandom.current().nextLong();

        SeededHashSet(int expected) {
            super(expected, Hash.DEFAULT_LOAD_FACTOR, (LongHash.Strategy) null);
            this.strategy = this;
        }

        @Override
        public int hashCode(long instant) {
            // The MurmurHash3 finalizer lets every bit of the seeded instant change every bit of the hash.
            long mixed = HashCommon.murmurHash3(instant ^ this.seed);
            return (int) (mixed ^ (mixed >>> 32));
        }

        @Override
        public boolean equals(long a, long b) {
            return a == b;
        }

        long displacement() {
            long total = 0;
            for (int pos = 0; pos < this.n; pos++) {
                long instant = this.key[pos];
                if (instant != 0) {
                    total += (pos - (HashCommon.mix(hashCode(instant)) & this.mask)) & this.mask;
                }
            }
            return total;
        }

    }

}
