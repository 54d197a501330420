package io.brightcounter.readings.memory;

import java.util.UUID;

import io.brightcounter.readings.DeviceTotals;
import io.brightcounter.readings.memory.journal.RecordInput;
import io.brightcounter.readings.memory.journal.RecordOutput;

/**
 * One device in a snapshot: its id, its totals, and its instants in ascending order, each
 * as the distance from the one before (a signed varint: 1 byte for readings a minute
 * apart, 3 to 5 for readings years apart). One form serves both in-memory layouts: the
 * set rebuilt from it picks its layout again, as it does for a batch, so a snapshot never
 * depends on how a layout is laid out in memory. A layout byte precedes the instants so
 * that another form can be added later.
 */
final class StoreSnapshotCodec {

    private static final int SORTED_DELTAS = 0;

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
        out.putByte(SORTED_DELTAS);
        long previous = 0;
        for (long instant : instants.toSortedArray()) {
            out.putSignedVarLong(instant - previous);
            previous = instant;
        }
    }

    /**
     * Reads a device back; throws {@link IllegalArgumentException} when the record does
     * not add up.
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
        if (layout != SORTED_DELTAS) {
            throw new IllegalArgumentException("unknown instant layout " + layout);
        }
        long[] sorted = new long[Math.toIntExact(readings)];
        long instant = 0;
        for (int i = 0; i < sorted.length; i++) {
            instant += in.getSignedVarLong();
            if (i > 0 && instant <= sorted[i - 1]) {
                throw new IllegalArgumentException("instants of device " + deviceId + " out of order");
            }
            sorted[i] = instant;
        }
        InstantSet instants = new InstantSet();
        InstantSet.Growth growth = instants.plan(sorted);
        instants.prepare(sorted, growth);
        for (long each : sorted) {
            instants.add(each);
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
