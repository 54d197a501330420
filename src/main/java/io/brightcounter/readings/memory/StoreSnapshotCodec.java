package io.brightcounter.readings.memory;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.UUID;

import io.brightcounter.readings.DeviceTotals;
import io.brightcounter.readings.memory.journal.RecordInput;
import io.brightcounter.readings.memory.journal.RecordOutput;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * One device in a snapshot: its id, its totals, and its instants in whichever of two forms is
 * smaller for how they are spread. A device in the bitmap layout is written in Roaring's portable
 * format (about 2 bytes an instant for a device reporting every minute), which also reads back
 * at memory speed; one in the hash set layout as its instants in ascending order, each as the
 * distance from the one before (4 bytes for readings years apart, 1 for a minute apart).
 */
final class StoreSnapshotCodec {

    private static final int SORTED_DELTAS = 0;

    private static final int ROARING_PORTABLE = 1;

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
        Roaring64NavigableMap bitmap = instants.bitmapOrNull();
        if (bitmap != null) {
            out.putByte(ROARING_PORTABLE);
            try {
                bitmap.serializePortable(new DataOutputStream(new RecordOutputStream(out)));
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        else {
            out.putByte(SORTED_DELTAS);
            long previous = 0;
            for (long instant : instants.toSortedArray()) {
                out.putSignedVarLong(instant - previous);
                previous = instant;
            }
        }
    }

    /** Reads a device back; throws {@link IllegalArgumentException} when the record does not add up. */
    static UUID readDevice(RecordInput in, InMemoryDeviceReadingStore store) {
        UUID deviceId = in.getUuid();
        long sum = in.getVarLong();
        long readings = in.getVarLong();
        long latest = in.getSignedVarLong();
        int latestOffset = in.getOffset();
        long earliest = in.getSignedVarLong();
        int earliestOffset = in.getOffset();
        int layout = in.getByte();
        InstantSet instants;
        if (layout == ROARING_PORTABLE) {
            ByteBuffer rest = in.takeRemaining();
            Roaring64NavigableMap bitmap = new Roaring64NavigableMap();
            try {
                bitmap.deserializePortable(new DataInputStream(new ByteBufferInputStream(rest)));
            }
            catch (IOException ex) {
                throw new IllegalArgumentException("bitmap of device " + deviceId + " unreadable", ex);
            }
            instants = InstantSet.ofBitmap(bitmap);
        }
        else if (layout == SORTED_DELTAS) {
            long[] sorted = new long[Math.toIntExact(readings)];
            long instant = 0;
            for (int i = 0; i < sorted.length; i++) {
                instant += in.getSignedVarLong();
                if (i > 0 && instant <= sorted[i - 1]) {
                    throw new IllegalArgumentException("instants of device " + deviceId + " out of order");
                }
                sorted[i] = instant;
            }
            instants = new InstantSet();
            instants.prepare(sorted);
            for (long each : sorted) {
                instants.add(each);
            }
        }
        else {
            throw new IllegalArgumentException("unknown instant layout " + layout);
        }
        if (instants.size() != readings || in.hasRemaining()) {
            throw new IllegalArgumentException("device " + deviceId + " holds " + instants.size() + " instants, its totals say "
                    + readings);
        }
        store.restore(deviceId, instants, new DeviceTotals(sum, readings, latest, latestOffset, earliest, earliestOffset));
        return deviceId;
    }

    private static final class RecordOutputStream extends OutputStream {

        private final RecordOutput out;

        RecordOutputStream(RecordOutput out) {
            this.out = out;
        }

        @Override
        public void write(int b) {
            this.out.putByte(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            this.out.putBytes(bytes, offset, length);
        }

    }

    private static final class ByteBufferInputStream extends java.io.InputStream {

        private final ByteBuffer bytes;

        ByteBufferInputStream(ByteBuffer bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return this.bytes.hasRemaining() ? (this.bytes.get() & 0xFF) : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (!this.bytes.hasRemaining()) {
                return -1;
            }
            int n = Math.min(length, this.bytes.remaining());
            this.bytes.get(target, offset, n);
            return n;
        }

    }

}
