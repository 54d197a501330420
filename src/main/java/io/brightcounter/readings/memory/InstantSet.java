package io.brightcounter.readings.memory;

import it.unimi.dsi.fastutil.longs.LongIterator;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
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
 * hash set and, each time its size doubles, counts the windows its instants occupy: at 8 or more
 * instants a window it moves to the bitmap, below 4 it moves back. The gap between the two
 * thresholds keeps a device near the boundary from flipping at every check, and checking only at
 * doublings keeps the cost of counting at O(1) amortized per instant.
 *
 * <p>Not thread-safe: the owning device state guards it.
 */
final class InstantSet {

    private static final int WINDOW_BITS = 16;

    private static final int FIRST_CHECK = 64;

    private static final int TO_BITMAP_DENSITY = 8;

    private static final int TO_HASH_DENSITY = 4;

    private LongOpenHashSet hashed = new LongOpenHashSet(4);

    private Roaring64NavigableMap bitmap;

    private long size;

    private long nextCheck = FIRST_CHECK;

    /** Adds the instant; returns {@code false} when it was already present. */
    boolean add(long epochSecond) {
        if (this.hashed != null) {
            if (!this.hashed.add(epochSecond)) {
                return false;
            }
        }
        else {
            if (this.bitmap.contains(epochSecond)) {
                return false;
            }
            this.bitmap.addLong(epochSecond);
        }
        if (++this.size == this.nextCheck) {
            this.nextCheck *= 2;
            chooseLayout();
        }
        return true;
    }

    /** Removes an instant this set holds; used to undo a batch that cannot be stored. */
    void remove(long epochSecond) {
        if (this.hashed != null) {
            this.hashed.remove(epochSecond);
        }
        else {
            this.bitmap.removeLong(epochSecond);
        }
        this.size--;
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

    private void chooseLayout() {
        if (this.hashed != null) {
            if (this.size >= TO_BITMAP_DENSITY * windowsOf(this.hashed)) {
                Roaring64NavigableMap moved = new Roaring64NavigableMap();
                for (LongIterator it = this.hashed.iterator(); it.hasNext();) {
                    moved.addLong(it.nextLong());
                }
                this.bitmap = moved;
                this.hashed = null;
            }
        }
        else if (this.size < TO_HASH_DENSITY * windowsOf(this.bitmap)) {
            LongOpenHashSet moved = new LongOpenHashSet((int) Math.min(this.size * 2, Integer.MAX_VALUE - 8));
            this.bitmap.forEach(moved::add);
            this.hashed = moved;
            this.bitmap = null;
        }
    }

    private static long windowsOf(LongOpenHashSet instants) {
        LongOpenHashSet windows = new LongOpenHashSet();
        for (LongIterator it = instants.iterator(); it.hasNext();) {
            windows.add(it.nextLong() >> WINDOW_BITS);
        }
        return windows.size();
    }

    private static long windowsOf(Roaring64NavigableMap instants) {
        // The bitmap iterates in order, so each new window shows as a change of the high bits.
        long windows = 0;
        long previous = 0;
        for (org.roaringbitmap.longlong.LongIterator it = instants.getLongIterator(); it.hasNext();) {
            long window = it.next() >> WINDOW_BITS;
            if (windows == 0 || window != previous) {
                windows++;
                previous = window;
            }
        }
        return windows;
    }

}
