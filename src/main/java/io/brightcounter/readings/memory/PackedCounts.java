package io.brightcounter.readings.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Counts packed in a byte array at one width of 1, 2, 4 or 8 bytes, unsigned and little
 * endian, as {@link WindowValues} keeps a window's: read and written by rank, and summed
 * a slice at a time.
 */
final class PackedCounts {

    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class,
            ByteOrder.LITTLE_ENDIAN);

    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private PackedCounts() {
    }

    /** Sum of the counts of ranks {@code from} (inclusive) to {@code to} (exclusive). */
    static long sum(byte[] data, int width, int from, int to) {
        return switch (width) {
            case 1 -> byteSum(data, from, to);
            case 2 -> shortSum(data, from, to);
            default -> {
                long sum = 0;
                for (int i = from; i < to; i++) {
                    sum += read(data, width, i);
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

    static long read(byte[] data, int width, int rank) {
        return switch (width) {
            case 1 -> data[rank] & 0xFF;
            case 2 -> (short) SHORTS.get(data, 2 * rank) & 0xFFFF;
            case 4 -> (int) INTS.get(data, 4 * rank) & 0xFFFF_FFFFL;
            default -> (long) LONGS.get(data, 8 * rank);
        };
    }

    static void write(byte[] data, int width, int rank, long count) {
        switch (width) {
            case 1 -> data[rank] = (byte) count;
            case 2 -> SHORTS.set(data, 2 * rank, (short) count);
            case 4 -> INTS.set(data, 4 * rank, (int) count);
            default -> LONGS.set(data, 8 * rank, count);
        }
    }

}
