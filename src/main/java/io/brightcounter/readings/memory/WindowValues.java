package io.brightcounter.readings.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

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

    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class,
            ByteOrder.LITTLE_ENDIAN);

    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private long[] keys = new long[0];

    private long[] sums = new long[0];

    private byte[][] counts = new byte[0][];

    private short[][] offsets = new short[0][];

    private int[] sizes = new int[0];

    private short[] commonOffsets = new short[0];

    private byte[] widths = new byte[0];

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
        return read(this.counts[index], this.widths[index], rank);
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
            return this.sums[index] - sliceSum(index, 0, from) - sliceSum(index, to, size);
        }
        return sliceSum(index, from, to);
    }

    private long sliceSum(int index, int from, int to) {
        byte[] data = this.counts[index];
        return switch (this.widths[index]) {
            case 1 -> byteSum(data, from, to);
            case 2 -> shortSum(data, from, to);
            default -> {
                long sum = 0;
                for (int i = from; i < to; i++) {
                    sum += read(data, this.widths[index], i);
                }
                yield sum;
            }
        };
    }

    /**
     * Sum of the one-byte counts from {@code from} to {@code to}, eight at a time: each
     * word read adds its bytes pairwise into four 16-bit lanes, which are folded into the
     * total before they can overflow (128 words add at most 128 x 2 x 255 = 65,280 to a
     * lane). A series over a device's history spent most of its time in a loop over
     * single bytes here; this halved it (HistoryReadBenchmark, docs/performance.md).
     */
    private static long byteSum(byte[] data, int from, int to) {
        long sum = 0;
        int i = from;
        while (to - i >= 8) {
            int stop = i + 8 * Math.min(128, (to - i) / 8);
            long lanes = 0;
            for (; i < stop; i += 8) {
                long word = (long) LONGS.get(data, i);
                lanes += (word & 0x00FF_00FF_00FF_00FFL) + ((word >>> 8) & 0x00FF_00FF_00FF_00FFL);
            }
            sum += (lanes & 0xFFFF) + ((lanes >>> 16) & 0xFFFF) + ((lanes >>> 32) & 0xFFFF) + (lanes >>> 48);
        }
        for (; i < to; i++) {
            sum += data[i] & 0xFF;
        }
        return sum;
    }

    /**
     * Sum of the two-byte counts of ranks {@code from} to {@code to}, four at a time, in
     * two 32-bit lanes that never overflow: a window holds at most 65,536 counts, 16,384
     * words, which add at most 16,384 x 2 x 65,535 < 2^32 to a lane.
     */
    private static long shortSum(byte[] data, int from, int to) {
        long lanes = 0;
        int i = from;
        for (; to - i >= 4; i += 4) {
            long word = (long) LONGS.get(data, 2 * i);
            lanes += (word & 0x0000_FFFF_0000_FFFFL) + ((word >>> 16) & 0x0000_FFFF_0000_FFFFL);
        }
        long sum = (lanes & 0xFFFF_FFFFL) + (lanes >>> 32);
        for (; i < to; i++) {
            sum += (short) SHORTS.get(data, 2 * i) & 0xFFFF;
        }
        return sum;
    }

    /**
     * Puts a reading at {@code rank} of {@code window}, moving the later ones up. Every
     * allocation comes before any change, so a failure leaves the values as they were.
     */
    void insert(long window, int rank, long count, int offsetSeconds) {
        short minutes = (short) Math.floorDiv(offsetSeconds, 60);
        int index = find(window);
        if (index < 0) {
            index = addWindow(-index - 1, window, minutes);
        }
        int size = this.sizes[index];
        int width = Math.max(this.widths[index], widthOf(count));
        byte[] data = this.counts[index];
        byte[] grown = data;
        short[] own = this.offsets[index];
        short[] grownOffsets = own;
        try {
            if (width != this.widths[index] || (size + 1) * width > data.length) {
                grown = new byte[capacity(size + 1) * width];
                for (int i = 0; i < size; i++) {
                    write(grown, width, i, read(data, this.widths[index], i));
                }
            }
            if (own == null && minutes != this.commonOffsets[index]) {
                grownOffsets = new short[capacity(size + 1)];
                Arrays.fill(grownOffsets, 0, size, this.commonOffsets[index]);
            }
            else if (own != null && size + 1 > own.length) {
                grownOffsets = Arrays.copyOf(own, capacity(size + 1));
            }
        }
        catch (Throwable ex) {
            if (size == 0) {
                // The window was added for this reading: it goes again.
                removeWindow(index);
            }
            throw ex;
        }
        // Nothing allocates from here on.
        if (grown != data) {
            this.arrayBytes += byteArrayBytes(grown.length) - byteArrayBytes(data.length);
            this.counts[index] = grown;
            this.widths[index] = (byte) width;
        }
        if (grownOffsets != own) {
            this.arrayBytes += shortArrayBytes(grownOffsets.length) - ((own != null) ? shortArrayBytes(own.length) : 0);
            this.offsets[index] = grownOffsets;
        }
        System.arraycopy(grown, rank * width, grown, (rank + 1) * width, (size - rank) * width);
        write(grown, width, rank, count);
        if (grownOffsets != null) {
            System.arraycopy(grownOffsets, rank, grownOffsets, rank + 1, size - rank);
            grownOffsets[rank] = minutes;
        }
        this.sizes[index] = size + 1;
        this.sums[index] += count;
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
        this.sums[index] -= read(data, width, rank);
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
        byte[] data = new byte[capacity(1)];
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
     * Room for {@code size} values with a little to spare, so that readings arriving one
     * at a time do not copy the window each time (an eighth, as Roaring grows large
     * arrays).
     */
    private static int capacity(int size) {
        return (size < 8) ? 8 : size + (size >> 3);
    }

    /** The narrowest of 1, 2, 4 and 8 bytes that holds {@code count} unsigned. */
    static int widthOf(long count) {
        if ((count >>> 8) == 0) {
            return 1;
        }
        if ((count >>> 16) == 0) {
            return 2;
        }
        return ((count >>> 32) == 0) ? 4 : 8;
    }

    private static long read(byte[] data, int width, int rank) {
        return switch (width) {
            case 1 -> data[rank] & 0xFF;
            case 2 -> (short) SHORTS.get(data, 2 * rank) & 0xFFFF;
            case 4 -> (int) INTS.get(data, 4 * rank) & 0xFFFF_FFFFL;
            default -> (long) LONGS.get(data, 8 * rank);
        };
    }

    private static void write(byte[] data, int width, int rank, long count) {
        switch (width) {
            case 1 -> data[rank] = (byte) count;
            case 2 -> SHORTS.set(data, 2 * rank, (short) count);
            case 4 -> INTS.set(data, 4 * rank, (int) count);
            default -> LONGS.set(data, 8 * rank, count);
        }
    }

    static long byteArrayBytes(long length) {
        return (16 + length + 7) / 8 * 8;
    }

    static long shortArrayBytes(long length) {
        return (16 + 2 * length + 7) / 8 * 8;
    }

}
