package io.brightcounter.readings.memory;

import java.util.Arrays;
import java.util.Objects;

import io.brightcounter.readings.ReadingBatch;
import it.unimi.dsi.fastutil.Hash;
import it.unimi.dsi.fastutil.HashCommon;
import it.unimi.dsi.fastutil.longs.Long2LongRBTreeMap;
import it.unimi.dsi.fastutil.longs.LongIterator;
import org.jspecify.annotations.Nullable;

/**
 * The set of instants (epoch seconds) stored for one device, in whichever of two library
 * layouts is smaller for how the device's instants are spread.
 *
 * <p>
 * A Roaring bitmap stores instants that share a 65,536-second window in about 2 bytes
 * each, but pays some 60 bytes for every window it touches; an open-addressing hash set
 * of primitive longs (fastutil) pays 11 to 21 bytes for every instant, wherever it lies.
 * Measured with JOL for devices reporting once a minute, the bitmap holds about 3 bytes a
 * reading against 17 for the hash set; for readings at random seconds over decades, 62
 * against 21. So the set starts as a hash set and, each time its size passes a doubling,
 * counts the windows its instants occupy: at 8 or more instants a window it moves to the
 * bitmap, below 4 it moves back. The gap between the two thresholds keeps a device near
 * the boundary from flipping at every check, and checking only at doublings keeps the
 * cost of counting at O(1) amortized per instant.
 *
 * <p>
 * Clients choose the instants, so neither layout may let chosen ones degrade it. The
 * bitmap does not hash. The hash set hashes with a secret seed of its own (see
 * {@link SeededHashSet}), and windows are counted by sorting, not in a hash set.
 *
 * <p>
 * The set knows the heap it takes ({@link #bytes}) without walking itself: the hash
 * layout from its table's length, the bitmap layout from a model of Roaring's containers
 * kept up to date window by window as batches go in ({@link LayoutBytes});
 * {@code StoreBytesTests} holds the sum within a few percent of JOL.
 *
 * <p>
 * A batch is added in two steps, so that it goes in whole or not at all: {@link #prepare}
 * picks the layout and allocates the room the batch needs, which may fail but changes no
 * content; {@link #add} then allocates nothing in the hash layout. The bitmap allocates
 * as it goes, so a batch that fails half way is taken out again with {@link #undo}.
 *
 * <p>
 * Each reading's count and offset are kept beside its instant at no cost in the hash
 * layout: an instant needs 39 of a long's 64 bits, so the slot also holds the offset (12
 * bits, in minutes) and the count (13 bits; a larger count is marked there and kept in a
 * small tree map). The set hashes and compares the instant bits alone. In the bitmap
 * layout they are kept in {@link WindowValues}, aligned with the bitmap's ranks.
 *
 * <p>
 * Not thread-safe: the owning device state guards it.
 */
class InstantSet {

    static final int WINDOW_BITS = 16;

    private static final int FIRST_CHECK = 64;

    private static final int TO_BITMAP_DENSITY = 8;

    private static final int TO_HASH_DENSITY = 4;

    private @Nullable SeededHashSet hashed = new SeededHashSet(1);

    private @Nullable InstantBitmap bitmap;

    private long size;

    private long nextCheck = FIRST_CHECK;

    /**
     * Heap of the bitmap layout for the instants it holds; unused in the hash layout,
     * whose table says it.
     */
    private long bitmapBytes;

    /** The counts and offsets of the bitmap layout's readings. */
    private @Nullable WindowValues values;

    /**
     * Counts too large for a hashed slot, by instant (hash layout); a tree, not a hash
     * map, so that chosen instants cannot slow it.
     */
    private @Nullable Long2LongRBTreeMap bigCounts;

    // The layout's parts, where the layout is known: each is non-null exactly while the
    // set is in its layout (hashed == null means the bitmap layout), which nullness
    // analysis cannot follow from one field to another.

    private InstantBitmap bitmap() {
        return Objects.requireNonNull(this.bitmap, "bitmap layout");
    }

    private WindowValues values() {
        return Objects.requireNonNull(this.values, "bitmap layout");
    }

    private Long2LongRBTreeMap bigCounts() {
        return Objects.requireNonNull(this.bigCounts, "a count too large for its slot");
    }

    boolean contains(long epochSecond) {
        return (this.hashed != null) ? this.hashed.contains(SeededHashSet.slotKey(epochSecond))
                : bitmap().contains(epochSecond);
    }

    /**
     * The count stored with {@code epochSecond}: 0 when the reading's count is not known,
     * -1 when the set does not hold the instant.
     */
    long countOf(long epochSecond) {
        if (this.hashed != null) {
            int slot = this.hashed.slotOf(SeededHashSet.slotKey(epochSecond));
            return (slot < 0) ? -1 : slotCount(this.hashed.slot(slot), epochSecond);
        }
        if (!bitmap().contains(epochSecond)) {
            return -1;
        }
        return values().count(values().find(epochSecond >> WINDOW_BITS), bitmap().rankInWindow(epochSecond));
    }

    /**
     * {@link #countOf} for instants asked for in ascending order, the way a batch in time
     * order asks: a duplicate's count then costs one step of Roaring's rank iterator,
     * where {@link #countOf} searches its window twice (to find it, then to rank it).
     * {@code null} where that does not pay: the hash layout, whose lookup is one probe,
     * and a set of more windows than {@code asked} times {@link #WINDOWS_PER_PROBE},
     * since the cursor walks the windows from the first.
     */
    @Nullable CountCursor countCursor(int asked) {
        if (this.hashed != null || values().windows() > (long) asked * WINDOWS_PER_PROBE) {
            return null;
        }
        return new CountCursor(bitmap().rankCursor(), values());
    }

    /** Windows a {@link CountCursor} may walk past for each instant asked for. */
    static final int WINDOWS_PER_PROBE = 8;

    private long slotCount(long slot, long epochSecond) {
        long count = slot & SeededHashSet.BIG_COUNT;
        return (count == SeededHashSet.BIG_COUNT) ? bigCounts().get(epochSecond) : count;
    }

    /**
     * The heap this set takes: this object, and the hash set with its table or the
     * bitmaps with their containers. Kept up to date as batches go in, never by walking
     * the set.
     */
    long bytes() {
        return LayoutBytes.SET_BYTES + ((this.hashed != null) ? LayoutBytes.HASH_SET_BYTES
                + LayoutBytes.longArrayBytes(this.hashed.tableLength()) + LayoutBytes.bigCountsBytes(this.bigCounts)
                : this.bitmapBytes + values().bytes());
    }

    /**
     * What taking {@code newInstants}, none of which the set holds, would do: the layout
     * that suits the set with them, and the heap the set then takes. Changes nothing.
     */
    Growth plan(long[] newInstants) {
        long after = this.size + newInstants.length;
        boolean toBitmap = this.bitmap != null;
        boolean checked = after >= this.nextCheck;
        long movedBitmapBytes = 0;
        long bitmapBytesAfter = this.bitmapBytes;
        long[] added = LayoutBytes.windowsOf(newInstants);
        if (checked && this.hashed != null) {
            // Windows are counted by sorting, not hashing: chosen instants cannot make
            // this slow.
            long[] held = heldWindows();
            long[] all = LayoutBytes.concat(held, added);
            Arrays.sort(all);
            toBitmap = after >= TO_BITMAP_DENSITY * LayoutBytes.distinct(all);
            if (toBitmap) {
                Arrays.sort(held);
                movedBitmapBytes = LayoutBytes.bitmapModel(held);
                bitmapBytesAfter = LayoutBytes.bitmapModel(all);
            }
        }
        else if (checked) {
            // The values keep a slot per window held: only the batch's windows need
            // counting, not every instant held.
            toBitmap = after >= TO_HASH_DENSITY * (values().windows() + LayoutBytes.windowsNotHeld(values(), added));
        }
        if (toBitmap && this.bitmap != null) {
            bitmapBytesAfter = this.bitmapBytes + LayoutBytes.bitmapGrowth(bitmap(), added);
        }
        long bytesAfter;
        if (toBitmap) {
            // The values' heap is planned roughly, a byte a reading; the store counts
            // what they take once the batch is in.
            long valuesAfter = (this.values != null)
                    ? this.values.bytes() + LayoutBytes.valuesGrowth(this.values, added)
                    : WindowValues.VALUES_BYTES + LayoutBytes.valuesGrowth(null, windowsOfAll(added));
            bytesAfter = LayoutBytes.SET_BYTES + bitmapBytesAfter + valuesAfter;
        }
        else {
            int table = HashCommon.arraySize((int) Math.min(after, Integer.MAX_VALUE), Hash.DEFAULT_LOAD_FACTOR) + 1;
            if (this.hashed != null) {
                table = Math.max(table, this.hashed.tableLength());
            }
            bytesAfter = LayoutBytes.SET_BYTES + LayoutBytes.HASH_SET_BYTES + LayoutBytes.longArrayBytes(table);
        }
        return new Growth(checked, toBitmap, movedBitmapBytes, bitmapBytesAfter, bytesAfter);
    }

    /**
     * Gets ready to take the instants {@code growth} was planned for: moves to the
     * planned layout and, in the hash layout, grows the table to hold them all. The
     * instants held stay the same, whatever this throws.
     */
    void prepare(long[] newInstants, Growth growth) {
        long after = this.size + newInstants.length;
        if (growth.checked()) {
            while (this.nextCheck <= after) {
                this.nextCheck *= 2;
            }
        }
        if (growth.toBitmap() && this.hashed != null) {
            long[] slots = this.hashed.toLongArray();
            // In instant order each reading's values go at the end of its window.
            Arrays.sort(slots);
            InstantBitmap moved = new InstantBitmap();
            WindowValues movedValues = new WindowValues();
            for (long slot : slots) {
                long instant = SeededHashSet.instantOf(slot);
                movedValues.insert(instant >> WINDOW_BITS, moved.rankInWindow(instant), slotCount(slot, instant),
                        SeededHashSet.offsetOf(slot));
                moved.add(instant);
            }
            this.bitmap = moved;
            this.values = movedValues;
            this.bitmapBytes = growth.movedBitmapBytes();
            this.hashed = null;
            this.bigCounts = null;
        }
        else if (!growth.toBitmap() && this.bitmap != null) {
            SeededHashSet moved = new SeededHashSet((int) Math.min(after, Integer.MAX_VALUE));
            Long2LongRBTreeMap movedBigCounts = new Long2LongRBTreeMap();
            forEach(Long.MIN_VALUE, Long.MAX_VALUE, (instant, offsetSeconds, count) -> {
                moved.add(SeededHashSet.packed(instant, count, offsetSeconds));
                if (count >= SeededHashSet.BIG_COUNT) {
                    movedBigCounts.put(instant, count);
                }
                return true;
            });
            this.hashed = moved;
            this.bigCounts = movedBigCounts.isEmpty() ? null : movedBigCounts;
            this.bitmap = null;
            this.values = null;
        }
        if (this.hashed != null) {
            this.hashed.ensureCapacity((int) Math.min(after, Integer.MAX_VALUE));
        }
    }

    /**
     * Adds a reading whose instant the set does not hold, after {@link #prepare};
     * {@code count} 0 when it is not known.
     */
    void add(long epochSecond, long count, int offsetSeconds) {
        if (this.hashed != null) {
            this.hashed.add(SeededHashSet.packed(epochSecond, count, offsetSeconds));
            this.size++;
            if (count >= SeededHashSet.BIG_COUNT) {
                if (this.bigCounts == null) {
                    this.bigCounts = new Long2LongRBTreeMap();
                }
                bigCounts().put(epochSecond, count);
            }
            return;
        }
        insert(epochSecond, count, offsetSeconds, bitmap().isPastLast(epochSecond));
    }

    /**
     * Adds the readings of {@code readings}, none of which the set holds, after
     * {@link #prepare}, as {@link #add} does one by one. In the bitmap layout a run of
     * readings in time order after every instant held in their window (a batch in time
     * order is one or two) goes in as one: its counts appended to the window's with one
     * lookup, its instants to one Roaring bitmap.
     */
    void addAll(ReadingBatch readings) {
        int size = readings.size();
        for (int i = 0; i < size;) {
            long instant = readings.epochSecond(i);
            if (this.hashed != null) {
                add(instant, readings.count(i), readings.offsetSeconds(i));
                i++;
                continue;
            }
            boolean pastLast = bitmap().isPastLast(instant);
            int end = i + 1;
            if (pastLast) {
                long window = instant >> WINDOW_BITS;
                while (end < size && readings.epochSecond(end) > readings.epochSecond(end - 1)
                        && (readings.epochSecond(end) >> WINDOW_BITS) == window) {
                    end++;
                }
            }
            if (end - i > 1) {
                appendRun(readings, i, end);
            }
            else {
                insert(instant, readings.count(i), readings.offsetSeconds(i), pastLast);
            }
            i = end;
        }
    }

    private void insert(long epochSecond, long count, int offsetSeconds, boolean pastLast) {
        BitmapLayout.insert(bitmap(), values(), epochSecond, count, offsetSeconds, pastLast);
        this.size++;
    }

    /**
     * Readings {@code from} to {@code to}: ascending, in one window, after every instant
     * of their span. A failure takes out again what of the run went in.
     */
    private void appendRun(ReadingBatch readings, int from, int to) {
        long window = readings.epochSecond(from) >> WINDOW_BITS;
        values().append(window, readings, from, to);
        try {
            addRunInstants(readings, from, to);
        }
        catch (Throwable ex) {
            values().removeLast(window, to - from);
            for (int i = from; i < to; i++) {
                try {
                    // Out of memory while shrinking still leaves the instant out (see
                    // undo).
                    bitmap().remove(readings.epochSecond(i));
                }
                catch (Throwable removal) {
                    ex.addSuppressed(removal);
                }
            }
            throw ex;
        }
        this.size += to - from;
    }

    /**
     * A run's instants into the bitmap (see {@link #appendRun}); tests fail it part way.
     */
    void addRunInstants(ReadingBatch readings, int from, int to) {
        bitmap().addAscending(readings, from, to);
    }

    /** Records that every instant {@code growth} was planned for is in. */
    void commit(Growth growth) {
        if (this.bitmap != null) {
            this.bitmapBytes = growth.bitmapBytesAfter();
        }
    }

    /**
     * Takes out a batch whose adding failed: every instant of {@code newInstants} the set
     * holds now, so that it holds {@code sizeBefore} again. Where a library shrinks a
     * structure as it removes (fastutil halves a sparse table, Roaring turns a sparse
     * bitmap container into an array), the instant is out before the new structure is
     * allocated, so a failure there still leaves the instant removed: the loop goes on,
     * then rethrows the first failure.
     */
    void undo(long[] newInstants, long sizeBefore) {
        Throwable failure = null;
        for (long instant : newInstants) {
            try {
                if (this.hashed != null) {
                    this.hashed.remove(SeededHashSet.slotKey(instant));
                    if (this.bigCounts != null) {
                        bigCounts().remove(instant);
                    }
                }
                else if (bitmap().contains(instant)) {
                    values().remove(instant >> WINDOW_BITS, bitmap().rankInWindow(instant));
                    bitmap().remove(instant);
                }
            }
            catch (Throwable ex) {
                // Out of memory while shrinking: that instant is out, the others must go
                // too.
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

    /**
     * Visits the readings from {@code from} (inclusive) to {@code to} (exclusive) in
     * ascending order of instant, until the visitor returns {@code false}. The bitmap
     * layout reads only the windows in the range; the hash layout, which holds few
     * readings per window by design, scans its table and sorts what lies in the range.
     */
    void forEach(long from, long to, ReadingVisitor visitor) {
        if (from >= to) {
            return;
        }
        if (this.hashed != null) {
            long[] slots = this.hashed.slotsBetween(SeededHashSet.slotBound(from), SeededHashSet.slotBound(to));
            Arrays.sort(slots);
            for (long slot : slots) {
                long instant = SeededHashSet.instantOf(slot);
                if (!visitor.visit(instant, SeededHashSet.offsetOf(slot), slotCount(slot, instant))) {
                    return;
                }
            }
            return;
        }
        BitmapLayout.forEach(bitmap(), values(), from, to, visitor);
    }

    /**
     * Adds to {@code sums} and {@code readings}, bucket by bucket, the counts and the
     * readings from {@code from} to {@code to} in buckets of {@code step} seconds (the
     * last one cut at {@code to}). The bitmap layout adds whole windows from their sums,
     * and a window a bucket boundary cuts from the slices its ranks give: a year of daily
     * buckets reads a few hundred windows, not every reading.
     */
    void series(long from, long to, long step, long[] sums, long[] readings) {
        if (this.hashed != null) {
            forEach(from, to, (instant, offsetSeconds, count) -> {
                int bucket = (int) ((instant - from) / step);
                sums[bucket] += count;
                readings[bucket]++;
                return true;
            });
            return;
        }
        BitmapLayout.series(bitmap(), values(), from, to, step, sums, readings);
    }

    /** One reading, as {@link #forEach} visits it; {@code count} 0 when not known. */
    @FunctionalInterface
    interface ReadingVisitor {

        /** Returns whether to go on. */
        boolean visit(long epochSecond, int offsetSeconds, long count);

    }

    /**
     * Test hook: how far, in slots, the hashed instants lie from where their hashes put
     * them.
     */
    long displacement() {
        return (this.hashed != null) ? this.hashed.displacement() : 0;
    }

    /** Every reading's window, in the hash layout. */
    private long[] heldWindows() {
        long[] windows = new long[(int) this.size];
        int i = 0;
        for (LongIterator it = Objects.requireNonNull(this.hashed, "hash layout").iterator(); it.hasNext();) {
            windows[i++] = SeededHashSet.instantOf(it.nextLong()) >> WINDOW_BITS;
        }
        return windows;
    }

    /** Every reading's window once the batch whose windows are {@code added} is in. */
    private long[] windowsOfAll(long[] added) {
        return LayoutBytes.concat(heldWindows(), added);
    }

    /**
     * A batch's effect on the set, planned before anything changes.
     *
     * @param checked whether the batch takes the set past a doubling, where the layout is
     * chosen again
     * @param toBitmap whether the set holds the batch in the bitmap layout
     * @param movedBitmapBytes heap of the instants held now, once moved to the bitmap
     * layout
     * @param bitmapBytesAfter heap of the bitmap layout with the batch in
     * @param bytesAfter what {@link #bytes()} says once the batch is in
     */
    record Growth(boolean checked, boolean toBitmap, long movedBitmapBytes, long bitmapBytesAfter, long bytesAfter) {
    }

}
