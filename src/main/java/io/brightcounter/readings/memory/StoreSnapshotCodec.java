package io.brightcounter.readings.memory;

import java.util.UUID;

import io.brightcounter.readings.DeviceTotals;
import io.brightcounter.readings.Timestamp;
import io.brightcounter.readings.memory.journal.RecordInput;
import io.brightcounter.readings.memory.journal.RecordOutput;

/**
 * One device in a snapshot: its id, its totals, and its readings in ascending order of
 * instant, each as the distance from the one before (a signed varint: 1 byte for readings
 * a minute apart, 3 to 5 for readings years apart), its offset (1 byte for a whole
 * quarter hour) and its count (a varint). One form serves both in-memory layouts: the set
 * rebuilt from it picks its layout again, as it does for a batch, so a snapshot never
 * depends on how a layout is laid out in memory.
 *
 * <p>
 * A layout byte precedes the readings and says which form follows. Form 0, written before
 * readings kept their counts, holds instants alone: its readings come back with no count
 * of their own (history shows {@code null}; the totals stay exact, they are recorded
 * apart) and in the offset of the device's latest reading, except the earliest, whose
 * offset the totals keep.
 */
final class StoreSnapshotCodec {

    /** Instants alone, as written before counts were kept. */
    static final int SORTED_DELTAS = 0;

    /** Each reading's instant, offset and count. */
    static final int SORTED_READINGS = 1;

    private StoreSnapshotCodec() {
    }

    static void writeDevice(RecordOutput out, UUID deviceId, InstantSet instants, DeviceTotals totals) {
        out.putUuid(deviceId);
        out.putVarLong(totals.cumulativeCount());
        out.putVarLong(totals.readings());
        out.putSignedVarLong(totals.latestEpochSecond());
        out.putOffset(totals.latestOffsetSeconds());
        out.putSignedVarLong(totals.earliestEpochSecond());
        out.putOffset(totals.earliestOffsetSeconds());
        out.putByte(SORTED_READINGS);
        long[] previous = { 0 };
        instants.forEach(Long.MIN_VALUE, Long.MAX_VALUE, (instant, offsetSeconds, count) -> {
            out.putSignedVarLong(instant - previous[0]);
            out.putOffset(offsetSeconds);
            out.putVarLong(count);
            previous[0] = instant;
            return true;
        });
    }

    /**
     * Reads a device back; throws {@link IllegalArgumentException} when the record does
     * not add up: every size is checked against the bytes the record has left before
     * anything is allocated, and every value against the contract's bounds.
     */
    static UUID readDevice(RecordInput in, InMemoryDeviceReadingStore store) {
        UUID deviceId = in.getUuid();
        long sum = in.getVarLong();
        long readings = in.getVarLong();
        long latest = in.getSignedVarLong();
        int latestOffset = in.getOffset();
        long earliest = in.getSignedVarLong();
        int earliestOffset = in.getOffset();
        int layout = in.getByte();
        if (layout != SORTED_DELTAS && layout != SORTED_READINGS) {
            throw new IllegalArgumentException("unknown instant layout " + layout);
        }
        if (sum < 0) {
            throw new IllegalArgumentException("device " + deviceId + " has a cumulative count of "
                    + Long.toUnsignedString(sum) + ", past " + Long.MAX_VALUE);
        }
        // A reading takes at least a byte (its distance), and with counts three.
        int minBytes = (layout == SORTED_READINGS) ? 3 : 1;
        if (readings < 1 || readings > in.remaining() / minBytes) {
            throw new IllegalArgumentException("device " + deviceId + " claims " + Long.toUnsignedString(readings)
                    + " readings in " + in.remaining() + " bytes");
        }
        if (!Timestamp.isValid(latest, latestOffset) || !Timestamp.isValid(earliest, earliestOffset)) {
            throw new IllegalArgumentException(
                    "device " + deviceId + " has its latest or earliest reading outside " + "the years 0001 to 9999");
        }
        int size = (int) readings;
        long[] sorted = new long[size];
        int[] offsets = new int[size];
        long[] counts = new long[size];
        long instant = 0;
        long counted = 0;
        for (int i = 0; i < size; i++) {
            instant = Math.addExact(instant, in.getSignedVarLong());
            if (i > 0 && instant <= sorted[i - 1]) {
                throw new IllegalArgumentException("instants of device " + deviceId + " out of order");
            }
            sorted[i] = instant;
            if (layout == SORTED_READINGS) {
                offsets[i] = in.getOffset();
                counts[i] = in.getVarLong();
                // 0: a reading restored from a snapshot of form 0, whose count is not
                // known.
                if (counts[i] < 0) {
                    throw new IllegalArgumentException(
                            "device " + deviceId + " has a reading with count " + Long.toUnsignedString(counts[i]));
                }
                counted += counts[i];
                if (counted < 0 || counted > sum) {
                    throw new IllegalArgumentException(
                            "the counts of device " + deviceId + " add up to more than its cumulative count " + sum);
                }
            }
            else {
                offsets[i] = (instant == earliest) ? earliestOffset : latestOffset;
            }
            if (!Timestamp.isValid(instant, offsets[i])) {
                throw new IllegalArgumentException("device " + deviceId + " has a reading at second " + instant
                        + " in offset " + offsets[i] + " s, outside the years 0001 to 9999");
            }
        }
        if (sorted[0] != earliest || sorted[size - 1] != latest) {
            throw new IllegalArgumentException(
                    "the earliest and latest readings of device " + deviceId + " are not the ones its totals name");
        }
        InstantSet instants = new InstantSet();
        InstantSet.Growth growth = instants.plan(sorted);
        instants.prepare(sorted, growth);
        for (int i = 0; i < size; i++) {
            instants.add(sorted[i], counts[i], offsets[i]);
        }
        instants.commit(growth);
        if (instants.size() != readings || in.hasRemaining()) {
            throw new IllegalArgumentException(
                    "device " + deviceId + " holds " + instants.size() + " instants, its totals say " + readings);
        }
        store.restore(deviceId, instants,
                new DeviceTotals(sum, readings, latest, latestOffset, earliest, earliestOffset));
        return deviceId;
    }

}
