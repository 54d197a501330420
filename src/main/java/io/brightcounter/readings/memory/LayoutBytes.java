package io.brightcounter.readings.memory;

import java.util.Arrays;

import it.unimi.dsi.fastutil.longs.Long2LongRBTreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link InstantSet}'s parts take on the heap, as JOL measures them with
 * compressed references and 8-byte alignment (the default below 32 GiB of heap), and a
 * model of Roaring's containers: the set knows its size without walking itself, and
 * {@code StoreBytesTests} keeps the sums within a few percent of JOL.
 */
final class LayoutBytes {

    /**
     * A tree map of large counts, and each entry of it, as JOL measures them
     * (StoreBytesTests).
     */
    static final long BIG_COUNTS_BYTES = 56;

    static final long BIG_COUNT_ENTRY_BYTES = 40;

    /** An {@code InstantSet} object. */
    static final long SET_BYTES = 48;

    /** The hash set object, without its table. */
    static final long HASH_SET_BYTES = 56;

    /** The bitmap layout with no instants: its object and two empty arrays. */
    static final long BITMAP_BYTES = 48;

    /**
     * A 32-bit Roaring bitmap with its first index arrays, and its slots in the span
     * arrays.
     */
    static final long SPAN_BYTES = 104;

    /**
     * A window's share of a Roaring bitmap's index (a key and a reference, with the
     * arrays' spare room).
     */
    static final long WINDOW_INDEX_BYTES = 8;

    /** A Roaring container object, without its array. */
    static final long CONTAINER_BYTES = 24;

    /**
     * Above this many instants a Roaring container is a fixed 8 KiB bitmap rather than an
     * array.
     */
    private static final int ARRAY_CONTAINER_MAX = 4096;

    private LayoutBytes() {
    }

    /**
     * The heap of the bitmap layout holding instants in {@code sortedWindows} (one per
     * instant).
     */
    static long bitmapModel(long[] sortedWindows) {
        long bytes = BITMAP_BYTES;
        for (int i = 0; i < sortedWindows.length;) {
            long window = sortedWindows[i];
            int j = i;
            while (j < sortedWindows.length && sortedWindows[j] == window) {
                j++;
            }
            if (i == 0 || (window >> 16) != (sortedWindows[i - 1] >> 16)) {
                bytes += SPAN_BYTES;
            }
            bytes += windowBytes(j - i);
            i = j;
        }
        return bytes;
    }

    /**
     * A window's container holding {@code instants}: an array that Roaring grows by steps
     * (x2 up to 64, x1.5 up to 1,067, x1.25 beyond, 4,096 at most), or past 4,096
     * instants an 8 KiB bitmap.
     */
    static long windowBytes(long instants) {
        if (instants > ARRAY_CONTAINER_MAX) {
            return WINDOW_INDEX_BYTES + CONTAINER_BYTES + longArrayBytes(1024);
        }
        long capacity = 4;
        while (capacity < instants) {
            capacity = (capacity < 64) ? capacity * 2 : (capacity < 1067) ? capacity * 3 / 2 : capacity * 5 / 4;
            if (capacity > ARRAY_CONTAINER_MAX - ARRAY_CONTAINER_MAX / 16) {
                capacity = ARRAY_CONTAINER_MAX;
            }
        }
        return WINDOW_INDEX_BYTES + CONTAINER_BYTES + align(16 + 2 * capacity);
    }

    static long longArrayBytes(long length) {
        return align(16 + 8 * length);
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }

    /**
     * What the bitmap layout's heap grows by when the windows {@code added} (one per
     * instant) go in; sorts {@code added}.
     */
    static long bitmapGrowth(InstantBitmap bitmap, long[] added) {
        sort(added);
        long growth = 0;
        long previousSpan = 0;
        for (int i = 0; i < added.length;) {
            long window = added[i];
            int j = i;
            while (j < added.length && added[j] == window) {
                j++;
            }
            long held = bitmap.windowCardinality(window);
            growth += LayoutBytes.windowBytes(held + (j - i)) - ((held > 0) ? LayoutBytes.windowBytes(held) : 0);
            long span = window >> 16;
            if ((i == 0 || span != previousSpan) && !bitmap.hasSpan(window)) {
                growth += LayoutBytes.SPAN_BYTES;
            }
            previousSpan = span;
            i = j;
        }
        return growth;
    }

    /**
     * What the values of the readings in {@code added} (their windows, one per reading)
     * add, their counts taken to be a byte each: the windows the values do not hold yet,
     * and the room the count arrays grow to as the readings go in (see
     * {@link WindowValues#growth}). {@code added} is left as it is; sorted (as
     * {@link #bitmapGrowth} leaves it), it is not copied.
     */
    static long valuesGrowth(@Nullable WindowValues values, long[] added) {
        long[] sorted = isSorted(added) ? added : sort(added.clone());
        long growth = 0;
        for (int i = 0; i < sorted.length;) {
            long window = sorted[i];
            int j = i;
            while (j < sorted.length && sorted[j] == window) {
                j++;
            }
            growth += (values != null) ? values.growth(window, j - i) : WindowValues.newWindowBytes(j - i);
            i = j;
        }
        return growth;
    }

    /** Heap of the tree of counts too large for a hashed slot, when there is one. */
    static long bigCountsBytes(@Nullable Long2LongRBTreeMap bigCounts) {
        return (bigCounts != null) ? BIG_COUNTS_BYTES + BIG_COUNT_ENTRY_BYTES * bigCounts.size() : 0;
    }

    /**
     * How many distinct windows of {@code added} (sorted in place) {@code values} holds
     * no reading in.
     */
    static long windowsNotHeld(WindowValues values, long[] added) {
        sort(added);
        long notHeld = 0;
        for (int i = 0; i < added.length; i++) {
            if ((i == 0 || added[i] != added[i - 1]) && values.find(added[i]) < 0) {
                notHeld++;
            }
        }
        return notHeld;
    }

    /**
     * Sorts {@code values} in place; a batch in time order, the usual case, is found
     * sorted in one pass and left as it is.
     */
    static long[] sort(long[] values) {
        if (!isSorted(values)) {
            Arrays.sort(values);
        }
        return values;
    }

    private static boolean isSorted(long[] values) {
        for (int i = 1; i < values.length; i++) {
            if (values[i] < values[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /** Each instant's window. */
    static long[] windowsOf(long[] instants) {
        long[] windows = new long[instants.length];
        for (int i = 0; i < instants.length; i++) {
            windows[i] = instants[i] >> InstantSet.WINDOW_BITS;
        }
        return windows;
    }

    static long[] concat(long[] first, long[] second) {
        long[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** Distinct values of a sorted array. */
    static long distinct(long[] sorted) {
        long distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                distinct++;
            }
        }
        return distinct;
    }

}
