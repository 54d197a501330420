package io.brightcounter.readings.memory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;

import io.brightcounter.readings.ReadingBatch;
import io.brightcounter.readings.Timestamp;
import io.brightcounter.readings.memory.journal.RecordCodec;
import io.brightcounter.readings.memory.journal.RecordInput;
import io.brightcounter.readings.memory.journal.RecordOutput;

/**
 * A journaled batch as record bytes: the device, the number of readings, then per reading
 * the distance in seconds from the previous reading's instant (the first from the
 * segment's base), the offset and the count, each as a variable-length integer. A reading
 * of a device reporting every minute thus takes 3 bytes.
 *
 * <p>
 * The device is numbered per segment, in order of first record: its first record in a
 * segment carries its 16-byte id, later ones its number (2 bytes for 10,000 devices), so
 * a single-reading batch takes about 14 bytes instead of 29. A device past
 * {@link #MAX_DEVICE_REFS} is written with its full id each time.
 */
public final class JournalBatchCodec implements RecordCodec<JournalBatchCodec.Batch> {

    /**
     * Device reference codes: a device numbered by this record, one written in full, then
     * numbers from 2 on.
     */
    static final int NEW_DEVICE = 0;

    static final int FULL_DEVICE = 1;

    /** Devices a segment numbers at most. */
    static final int MAX_DEVICE_REFS = 1 << 16;

    /** Bytes a reading takes at least: instant, offset and count. */
    private static final int MIN_READING_BYTES = 3;

    public static final JournalBatchCodec INSTANCE = new JournalBatchCodec();

    private JournalBatchCodec() {
    }

    /** One journaled batch: readings that were new when it was acknowledged. */
    public record Batch(UUID deviceId, ReadingBatch readings) {

        /** How recovery names a batch it cannot apply. */
        @Override
        public String toString() {
            return "batch of device " + this.deviceId;
        }

    }

    @Override
    public void encodeBody(Batch batch, long segmentBase, RecordOutput out) {
        ReadingBatch readings = batch.readings();
        out.putVarLong(readings.size());
        long previous = segmentBase;
        for (int i = 0; i < readings.size(); i++) {
            long instant = readings.epochSecond(i);
            out.putSignedVarLong(instant - previous);
            out.putOffset(readings.offsetSeconds(i));
            out.putVarLong(readings.count(i));
            previous = instant;
        }
    }

    @Override
    public KeyEncoder<Batch> beginSegment() {
        HashMap<UUID, Integer> numbers = new HashMap<>();
        return (batch, out) -> {
            Integer number = numbers.get(batch.deviceId());
            if (number != null) {
                out.putVarLong(number + 2L);
            }
            else if (numbers.size() < MAX_DEVICE_REFS) {
                numbers.put(batch.deviceId(), numbers.size());
                out.putVarLong(NEW_DEVICE).putUuid(batch.deviceId());
            }
            else {
                out.putVarLong(FULL_DEVICE).putUuid(batch.deviceId());
            }
        };
    }

    /**
     * Reads the batches of a segment back, checking their values against the contract:
     * counts from 1, instants the timestamp grammar can write.
     */
    @Override
    public Decoder<Batch> readSegment(long segmentBase) {
        List<UUID> devices = new ArrayList<>();
        return (in) -> {
            UUID deviceId = readDevice(in, devices);
            ReadingBatch readings = new ReadingBatch();
            long size = in.getVarLong();
            if (size < 0 || size > in.remaining() / MIN_READING_BYTES) {
                throw new IllegalArgumentException("the batch claims " + Long.toUnsignedString(size) + " readings in "
                        + in.remaining() + " bytes");
            }
            long instant = segmentBase;
            for (long i = 0; i < size; i++) {
                instant = Math.addExact(instant, in.getSignedVarLong());
                int offset = in.getOffset();
                long count = in.getVarLong();
                if (count < 1) {
                    throw new IllegalArgumentException("reading " + i + " has count " + Long.toUnsignedString(count)
                            + ", outside 1 to " + Long.MAX_VALUE);
                }
                if (!Timestamp.isValid(instant, offset)) {
                    throw new IllegalArgumentException("reading " + i + " is at second " + instant + " in offset "
                            + offset + " s, outside the years 0001 to 9999 or the offsets of 18 hours either way");
                }
                readings.add(count, new Timestamp(instant, offset));
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("batch record has " + in.remaining() + " bytes after its readings");
            }
            return new Batch(deviceId, readings);
        };
    }

    private static UUID readDevice(RecordInput in, List<UUID> devices) {
        long reference = in.getVarLong();
        if (reference == NEW_DEVICE) {
            UUID deviceId = in.getUuid();
            devices.add(deviceId);
            return deviceId;
        }
        if (reference == FULL_DEVICE) {
            return in.getUuid();
        }
        if (reference >= 2 && reference - 2 < devices.size()) {
            return devices.get((int) (reference - 2));
        }
        throw new IllegalArgumentException("device number " + (reference - 2) + " not defined in this segment");
    }

}
