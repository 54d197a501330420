package io.brightcounter.readings.memory;

import java.util.Arrays;

import io.brightcounter.readings.ReadingBatch;

/**
 * The counts and offsets of the readings an {@link InstantBitmap} holds, kept beside it
 * window by window (65,536 seconds, one Roaring container): the reading of rank {@code r}
 * in a window (its place among the window's instants in ascending order) has its count at
 * slot {@code r} of the window's count array. The instants themselves stay in the bitmap
 * alone.
 *
 * <p>
 * Counts are small and mostly alike, so each window stores them in the narrowest unsigned
 * width that holds its largest count (1, 2, 4 or 8 bytes), as Roaring and Gorilla pick a
 * container per chunk: a device reporting counts under 256 once a minute pays one byte a
 * reading. A count of 0 stands for "not known" (a reading restored from a snapshot that
 * kept no counts); stored counts are always positive. Offsets are nearly always one per
 * window: the window keeps that one, and an array of per-reading offsets (in minutes)
 * only once a second offset arrives. Each window also keeps the sum of its counts and how
 * many readings it holds, the index that lets a series add whole windows without reading
 * their counts.
 *
 * <p>
 * Not thread-safe: the owning device state guards it.
 */
final class WindowValues {

    /**
     * Heap of this object with its empty arrays, as JOL measures it (StoreBytesTests).
     */
    static final long VALUES_BYTES = 48 + 6 * 16;

    /**
     * A window's slots in the per-window arrays: key, sum, two references, size, common
     * offset and width.
     */
    static final long WINDOW_SLOT_BYTES = 8 + 8 + 4 + 4 + 4 + 2 + 1;

    private static final long[] NO_LONGS = {};

    private static final byte[][] NO_COUNTS = {};

    private static final short[][] NO_OFFSETS = {};

    private static final int[] NO_INTS = {};

    private static final short[] NO_SHORTS = {};

    private static final byte[] NO_BYTES = {};

    // Empty until the first window: shared, since a device's values get their first
    // window as soon as they are made.

    private long[] keys = NO_LONGS;

    private long[] sums = NO_LONGS;

    private byte[][] counts = NO_COUNTS;

    private short[][] offsets = NO_OFFSETS;

    private int[] sizes = NO_INTS;

    private short[] commonOffsets = NO_SHORTS;

    private byte[] widths = NO_BYTES;

    private int windows;

    /** Heap of the count and offset arrays, kept up to date as they are replaced. */
    private long arrayBytes;

    int windows() {
        return this.windows;
    }

    /** The heap this object takes, with every array it holds. */
    long bytes() {
        return VALUES_BYTES + (WINDOW_SLOT_BYTES * this.keys.length + 7) / 8 * 8 + this.arrayBytes;
    }

    /**
     * Index of {@code window}, or {@code -(insertion point) - 1} when no reading lies in
     * it.
     */
    int find(long window) {
        // Readings mostly arrive in time order, into the last window.
        int last = this.windows - 1;
        if (last >= 0 && this.keys[last] == window) {
            return last;
        }
        return Arrays.binarySearch(this.keys, 0, this.windows, window);
    }

    /** Index of the first window at or after {@code window}. */
    int ceiling(long window) {
        int at = find(window);
        return (at >= 0) ? at : -at - 1;
    }

    long key(int index) {
        return this.keys[index];
    }

    long sum(int index) {
        return this.sums[index];
    }

    int size(int index) {
        return this.sizes[index];
    }

    /**
     * The count of the reading of {@code rank} in window {@code index}; 0 when unknown.
     */
    long count(int index, int rank) {
        return PackedCounts.read(this.counts[index], this.widths[index], rank);
    }

    /** The offset, in seconds, of the reading of {@code rank} in window {@code index}. */
    int offsetSeconds(int index, int rank) {
        short[] own = this.offsets[index];
        return 60 * ((own != null) ? own[rank] : this.commonOffsets[index]);
    }

    /**
     * Sum of the counts of ranks {@code from} (inclusive) to {@code to} (exclusive). A
     * slice of more than half the window is the window's sum less the rest, so that no
     * more than half a window's counts are read: a bucket bound cutting a window once
     * reads the smaller side twice rather than the whole window.
     */
    long sum(int index, int from, int to) {
        int size = this.sizes[index];
        if (from == 0 && to == size) {
            return this.sums[index];
        }
        if (2 * (to - from) > size) {
            return this.sums[index] - PackedCounts.sum(this.counts[index], this.widths[index], 0, from)
                    - PackedCounts.sum(this.counts[index], this.widths[index], to, size);
        }
        return PackedCounts.sum(this.counts[index], this.widths[index], from, to);
    }

    /**
     * Puts a reading at {@code rank} of {@code window}, moving the later ones up. Every
     * allocation comes before any change, so a failure leaves the values as they were.
     */
    void insert(long window, int rank, long count, int offsetSeconds) {
        short minutes = minutes(offsetSeconds);
        int index = find(window);
        if (index < 0) {
            index = addWindow(-index - 1, window, minutes);
        }
        int size = this.sizes[index];
        int width = Math.max(this.widths[index], PackedCounts.widthOf(count));
        makeRoom(index, 1, width, this.offsets[index] != null || minutes != this.commonOffsets[index]);
        // Nothing allocates from here on.
        byte[] data = this.counts[index];
        System.arraycopy(data, rank * width, data, (rank + 1) * width, (size - rank) * width);
        PackedCounts.write(data, width, rank, count);
        short[] own = this.offsets[index];
        if (own != null) {
            System.arraycopy(own, rank, own, rank + 1, size - rank);
            own[rank] = minutes;
        }
        this.sizes[index] = size + 1;
        this.sums[index] += count;
    }

    /**
     * Puts readings {@code from} (inclusive) to {@code to} (exclusive) of
     * {@code readings}, in ascending order of instant, all in {@code window} and after
     * every reading it holds, at the window's end: one lookup and one check of room for
     * the run, where {@link #insert} takes one a reading. Every allocation comes before
     * any change, so a failure leaves the values as they were.
     */
    void append(long window, ReadingBatch readings, int from, int to) {
        int index = find(window);
        if (index < 0) {
            index = addWindow(-index - 1, window, minutes(readings.offsetSeconds(from)));
        }
        int size = this.sizes[index];
        int width = this.widths[index];
        boolean ownOffsets = this.offsets[index] != null;
        short common = this.commonOffsets[index];
        long sum = 0;
        for (int i = from; i < to; i++) {
            long count = readings.count(i);
            width = Math.max(width, PackedCounts.widthOf(count));
            sum += count;
            ownOffsets = ownOffsets || minutes(readings.offsetSeconds(i)) != common;
        }
        makeRoom(index, to - from, width, ownOffsets);
        // Nothing allocates from here on.
        byte[] data = this.counts[index];
        short[] own = this.offsets[index];
        for (int i = from, rank = size; i < to; i++, rank++) {
            PackedCounts.write(data, width, rank, readings.count(i));
            if (own != null) {
                own[rank] = minutes(readings.offsetSeconds(i));
            }
        }
        this.sizes[index] = size + to - from;
        this.sums[index] += sum;
    }

    /**
     * Takes out the last {@code readings} of {@code window}, as {@link #append} put them;
     * a window left empty goes. Allocates nothing.
     */
    void removeLast(long window, int readings) {
        int index = find(window);
        if (index < 0) {
            return;
        }
        int size = this.sizes[index];
        for (int rank = size - readings; rank < size; rank++) {
            this.sums[index] -= PackedCounts.read(this.counts[index], this.widths[index], rank);
        }
        this.sizes[index] = size - readings;
        if (size == readings) {
            removeWindow(index);
        }
    }

    /**
     * Gives window {@code index} room for {@code more} readings of counts {@code width}
     * bytes wide, and an array of offsets of its own when {@code ownOffsets}: the grown
     * arrays are made first, then swapped in, with the same values. A window that holds
     * nothing yet was added for these readings, and goes again when this fails.
     */
    private void makeRoom(int index, int more, int width, boolean ownOffsets) {
        int size = this.sizes[index];
        int oldWidth = this.widths[index];
        byte[] data = this.counts[index];
        byte[] grown = data;
        short[] own = this.offsets[index];
        short[] grownOffsets = own;
        try {
            int room = data.length / oldWidth;
            if (width != oldWidth || size + more > room) {
                grown = new byte[((size + more > room) ? roomFor(room, size + more) : room) * width];
                if (width == oldWidth) {
                    System.arraycopy(data, 0, grown, 0, size * width);
                }
                else {
                    for (int i = 0; i < size; i++) {
                        PackedCounts.write(grown, width, i, PackedCounts.read(data, oldWidth, i));
                    }
                }
            }
            if (own == null && ownOffsets) {
                grownOffsets = new short[grown.length / width];
                Arrays.fill(grownOffsets, 0, size, this.commonOffsets[index]);
            }
            else if (own != null && size + more > own.length) {
                grownOffsets = Arrays.copyOf(own, roomFor(own.length, size + more));
            }
        }
        catch (Throwable ex) {
            if (size == 0) {
                removeWindow(index);
            }
            throw ex;
        }
        if (grown != data) {
            this.arrayBytes += byteArrayBytes(grown.length) - byteArrayBytes(data.length);
            this.counts[index] = grown;
            this.widths[index] = (byte) width;
        }
        if (grownOffsets != null && grownOffsets != own) {
            this.arrayBytes += shortArrayBytes(grownOffsets.length) - ((own != null) ? shortArrayBytes(own.length) : 0);
            this.offsets[index] = grownOffsets;
        }
    }

    private static short minutes(int offsetSeconds) {
        return (short) Math.floorDiv(offsetSeconds, 60);
    }

    /**
     * Takes out the reading at {@code rank} of {@code window}; a window left empty goes.
     * Allocates nothing.
     */
    void remove(long window, int rank) {
        int index = find(window);
        if (index < 0) {
            return;
        }
        int size = this.sizes[index];
        int width = this.widths[index];
        byte[] data = this.counts[index];
        this.sums[index] -= PackedCounts.read(data, width, rank);
        System.arraycopy(data, (rank + 1) * width, data, rank * width, (size - rank - 1) * width);
        short[] own = this.offsets[index];
        if (own != null) {
            System.arraycopy(own, rank + 1, own, rank, size - rank - 1);
        }
        this.sizes[index] = size - 1;
        if (size == 1) {
            removeWindow(index);
        }
    }

    private int addWindow(int at, long window, short minutes) {
        if (this.windows == this.keys.length) {
            int capacity = Math.max(2, this.windows + (this.windows >> 2) + 1);
            // All copies are made before any is published.
            long[] keys = Arrays.copyOf(this.keys, capacity);
            long[] sums = Arrays.copyOf(this.sums, capacity);
            byte[][] counts = Arrays.copyOf(this.counts, capacity);
            short[][] offsets = Arrays.copyOf(this.offsets, capacity);
            int[] sizes = Arrays.copyOf(this.sizes, capacity);
            short[] commonOffsets = Arrays.copyOf(this.commonOffsets, capacity);
            byte[] widths = Arrays.copyOf(this.widths, capacity);
            this.keys = keys;
            this.sums = sums;
            this.counts = counts;
            this.offsets = offsets;
            this.sizes = sizes;
            this.commonOffsets = commonOffsets;
            this.widths = widths;
        }
        byte[] data = new byte[capacity(0, 1)];
        int move = this.windows - at;
        System.arraycopy(this.keys, at, this.keys, at + 1, move);
        System.arraycopy(this.sums, at, this.sums, at + 1, move);
        System.arraycopy(this.counts, at, this.counts, at + 1, move);
        System.arraycopy(this.offsets, at, this.offsets, at + 1, move);
        System.arraycopy(this.sizes, at, this.sizes, at + 1, move);
        System.arraycopy(this.commonOffsets, at, this.commonOffsets, at + 1, move);
        System.arraycopy(this.widths, at, this.widths, at + 1, move);
        this.keys[at] = window;
        this.sums[at] = 0;
        this.counts[at] = data;
        this.offsets[at] = null;
        this.sizes[at] = 0;
        this.commonOffsets[at] = minutes;
        this.widths[at] = 1;
        this.windows++;
        this.arrayBytes += byteArrayBytes(data.length);
        return at;
    }

    private void removeWindow(int index) {
        this.arrayBytes -= byteArrayBytes(this.counts[index].length);
        if (this.offsets[index] != null) {
            this.arrayBytes -= shortArrayBytes(this.offsets[index].length);
        }
        int move = this.windows - index - 1;
        System.arraycopy(this.keys, index + 1, this.keys, index, move);
        System.arraycopy(this.sums, index + 1, this.sums, index, move);
        System.arraycopy(this.counts, index + 1, this.counts, index, move);
        System.arraycopy(this.offsets, index + 1, this.offsets, index, move);
        System.arraycopy(this.sizes, index + 1, this.sizes, index, move);
        System.arraycopy(this.commonOffsets, index + 1, this.commonOffsets, index, move);
        System.arraycopy(this.widths, index + 1, this.widths, index, move);
        this.windows--;
        this.counts[this.windows] = null;
        this.offsets[this.windows] = null;
    }

    /**
     * Room for at least {@code needed} values in place of an array of {@code room}, grown
     * the way Roaring grows its array containers (twice the room below 64 values, half as
     * much again below 1,024, a quarter more above), so that a window filled a reading at
     * a time is copied some ten times rather than once for every eighth of its size, as
     * it was. A window holds at most 65,536 readings; one of a reading a minute (1,092)
     * ends with a single slot to spare, and a full one with none.
     */
    private static int capacity(int room, int needed) {
        int grown = (room < 64) ? 2 * room : (room < 1024) ? room + (room >> 1) : room + (room >> 2);
        return Math.max(Math.max(8, needed), Math.min(grown, 1 << InstantSet.WINDOW_BITS));
    }

    /**
     * The heap that {@code readings} more readings add to {@code window} as
     * {@link #insert} grows its count array, at the window's count width (a byte for a
     * window not held yet).
     */
    long growth(long window, int readings) {
        int index = find(window);
        if (index < 0) {
            return newWindowBytes(readings);
        }
        int width = this.widths[index];
        int room = this.counts[index].length / width;
        int after = roomFor(room, this.sizes[index] + readings);
        return byteArrayBytes((long) after * width) - byteArrayBytes((long) room * width);
    }

    /** The heap a window not held yet takes with {@code readings} of one-byte counts. */
    static long newWindowBytes(int readings) {
        return WINDOW_SLOT_BYTES + byteArrayBytes(roomFor(0, readings));
    }

    /**
     * The room an array of {@code room} values has once grown, one insert at a time, to
     * hold {@code needed}.
     */
    private static int roomFor(int room, int needed) {
        int grown = room;
        while (grown < needed) {
            grown = capacity(grown, grown + 1);
        }
        return grown;
    }

    static long byteArrayBytes(long length) {
        return (16 + length + 7) / 8 * 8;
    }

    static long shortArrayBytes(long length) {
        return (16 + 2 * length + 7) / 8 * 8;
    }

}
