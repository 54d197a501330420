package io.brightcounter.readings.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heap model of the bitmap layout, step by step: Roaring's array containers grow x2
 * up to 64 slots, x1.5 up to 1,067, x1.25 beyond and 4,096 at most; past 4,096 instants a
 * container is an 8 KiB bitmap. {@code StoreBytesTests} holds the sums to JOL.
 */
class LayoutBytesTests {

    /** A window's index share and container object, before the container's array. */
    private static final long CONTAINER = LayoutBytes.WINDOW_INDEX_BYTES + LayoutBytes.CONTAINER_BYTES;

    @ParameterizedTest(name = "{0} instants: {1} slots")
    @CsvSource({ "0, 4", "1, 4", "4, 4", "5, 8", "33, 64", "64, 64", "65, 96", "97, 144", "730, 1093", "1093, 1093",
            "1094, 1366", "3332, 3332", "3333, 4096", "4096, 4096" })
    void anArrayContainerHoldsTwoBytesASlotInRoaringsGrowthSteps(long instants, long slots) {
        assertThat(LayoutBytes.windowBytes(instants)).isEqualTo(CONTAINER + align(16 + 2 * slots));
    }

    @Test
    void pastFourThousandAndNinetySixInstantsAContainerIsAnEightKibBitmap() {
        long bitmap = CONTAINER + 16 + 8 * 1024;
        assertThat(LayoutBytes.windowBytes(4097)).isEqualTo(bitmap);
        assertThat(LayoutBytes.windowBytes(65_536)).isEqualTo(bitmap);
    }

    @Test
    void theModelCountsASpanPerDistinctHighHalfAndAContainerPerWindow() {
        assertThat(LayoutBytes.bitmapModel(new long[0])).isEqualTo(LayoutBytes.BITMAP_BYTES);
        assertThat(LayoutBytes.bitmapModel(new long[] { 5, 5, 5 }))
            .isEqualTo(LayoutBytes.BITMAP_BYTES + LayoutBytes.SPAN_BYTES + LayoutBytes.windowBytes(3));
        assertThat(LayoutBytes.bitmapModel(new long[] { 1, 2, 2 })).isEqualTo(LayoutBytes.BITMAP_BYTES
                + LayoutBytes.SPAN_BYTES + LayoutBytes.windowBytes(1) + LayoutBytes.windowBytes(2));
        assertThat(LayoutBytes.bitmapModel(new long[] { 1, 1 << 16 }))
            .isEqualTo(LayoutBytes.BITMAP_BYTES + 2 * LayoutBytes.SPAN_BYTES + 2 * LayoutBytes.windowBytes(1));
    }

    @Test
    void growthIntoAnEmptyBitmapIsItsSpansAndContainers() {
        InstantBitmap empty = new InstantBitmap();
        assertThat(LayoutBytes.bitmapGrowth(empty, new long[] { 3, 3 }))
            .isEqualTo(LayoutBytes.SPAN_BYTES + LayoutBytes.windowBytes(2));
        long spanOne = 1 << 16;
        assertThat(LayoutBytes.bitmapGrowth(empty, new long[] { spanOne + 1, 3, spanOne }))
            .isEqualTo(2 * LayoutBytes.SPAN_BYTES + 3 * LayoutBytes.windowBytes(1));
    }

    @Test
    void growthIntoHeldWindowsIsWhatTheirContainersGrowBy() {
        InstantBitmap bitmap = new InstantBitmap();
        for (int i = 0; i < 4; i++) {
            bitmap.add((3L << 16) + i);
        }
        assertThat(LayoutBytes.bitmapGrowth(bitmap, new long[] { 3 })).as("the fifth instant needs 8 slots")
            .isEqualTo(LayoutBytes.windowBytes(5) - LayoutBytes.windowBytes(4))
            .isPositive();
        assertThat(LayoutBytes.bitmapGrowth(bitmap, new long[] { 4 })).as("a new window of a held span")
            .isEqualTo(LayoutBytes.windowBytes(1));
    }

    @Test
    void valuesGrowByASlotPerWindowNotHeldAndTheRoomTheirCountsGrowTo() {
        long window = WindowValues.WINDOW_SLOT_BYTES + WindowValues.byteArrayBytes(8);
        assertThat(LayoutBytes.valuesGrowth(null, new long[] { 2, 1, 2 })).as("room for eight in each new window")
            .isEqualTo(2 * window);
        assertThat(LayoutBytes.valuesGrowth(null, new long[0])).isZero();
        long[] nine = { 5, 5, 5, 5, 5, 5, 5, 5, 5 };
        assertThat(LayoutBytes.valuesGrowth(null, nine)).as("eight, then twice the room")
            .isEqualTo(WindowValues.WINDOW_SLOT_BYTES + WindowValues.byteArrayBytes(16));
        WindowValues values = new WindowValues();
        for (int rank = 0; rank < 8; rank++) {
            values.insert(5, rank, 1, 0);
        }
        assertThat(LayoutBytes.valuesGrowth(values, new long[] { 5 })).as("a held window full at eight")
            .isEqualTo(WindowValues.byteArrayBytes(16) - WindowValues.byteArrayBytes(8));
        long before = values.bytes();
        values.insert(5, 8, 1, 0);
        assertThat(values.bytes() - before).as("what the insert took")
            .isEqualTo(WindowValues.byteArrayBytes(16) - WindowValues.byteArrayBytes(8));
        assertThat(LayoutBytes.valuesGrowth(values, new long[] { 5, 5, 5, 5, 5, 5, 5 })).as("room left for seven")
            .isZero();
    }

    @Test
    void distinctCountsRunsOfASortedArray() {
        assertThat(LayoutBytes.distinct(new long[0])).isZero();
        assertThat(LayoutBytes.distinct(new long[] { 1, 1, 2, 3, 3 })).isEqualTo(3);
        assertThat(LayoutBytes.windowsOf(new long[] { 65_535, 65_536, -1 })).containsExactly(0, 1, -1);
        assertThat(LayoutBytes.concat(new long[] { 1 }, new long[] { 2, 3 })).containsExactly(1, 2, 3);
    }

    private static long align(long bytes) {
        return (bytes + 7) / 8 * 8;
    }

}
