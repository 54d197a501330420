package io.brightcounter.readings.memory.journal;

import java.util.Arrays;
import java.util.UUID;

/**
 * A growable byte array that journal and snapshot records are encoded into:
 * variable-length integers (7 bits a byte, as in protobuf), so that the small numbers
 * readings are made of (a count of 1, the 60 seconds between two instants) take one byte
 * each.
 */
public final class RecordOutput {

    private byte[] bytes;

    private int size;

    public RecordOutput(int initialCapacity) {
        this.bytes = new byte[Math.max(16, initialCapacity)];
    }

    public void clear() {
        this.size = 0;
    }

    public int size() {
        return this.size;
    }

    /** Skips {@code length} bytes, to be filled in later through {@link #array()}. */
    void reserve(int length) {
        ensure(length);
        this.size += length;
    }

    /** A copy of what was written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(this.bytes, this.size);
    }

    byte[] array() {
        return this.bytes;
    }

    public RecordOutput putByte(int value) {
        ensure(1);
        this.bytes[this.size++] = (byte) value;
        return this;
    }

    public RecordOutput putBytes(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, this.bytes, this.size, length);
        this.size += length;
        return this;
    }

    public RecordOutput putUuid(UUID id) {
        putFixedLong(id.getMostSignificantBits());
        return putFixedLong(id.getLeastSignificantBits());
    }

    public RecordOutput putFixedLong(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            this.bytes[this.size++] = (byte) (value >>> shift);
        }
        return this;
    }

    /** An unsigned variable-length integer: 1 byte below 128, up to 10 bytes. */
    public RecordOutput putVarLong(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            this.bytes[this.size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        this.bytes[this.size++] = (byte) value;
        return this;
    }

    /**
     * A signed variable-length integer: small magnitudes of either sign take few bytes
     * (zigzag).
     */
    public RecordOutput putSignedVarLong(long value) {
        return putVarLong((value << 1) ^ (value >> 63));
    }

    /**
     * A UTC offset in seconds. Nearly every offset in use is a whole quarter hour, which
     * takes one byte; any other offset takes a marker and its seconds.
     */
    public RecordOutput putOffset(int offsetSeconds) {
        if (offsetSeconds % QUARTER_HOUR == 0 && Math.abs(offsetSeconds) <= MAX_QUARTERS * QUARTER_HOUR) {
            return putByte(offsetSeconds / QUARTER_HOUR + MAX_QUARTERS);
        }
        putByte(OTHER_OFFSET);
        return putSignedVarLong(offsetSeconds);
    }

    private void ensure(int more) {
        if (this.size + more > this.bytes.length) {
            long grown = Math.max((long) this.bytes.length * 2, (long) this.size + more);
            this.bytes = Arrays.copyOf(this.bytes, (int) Math.min(grown, Integer.MAX_VALUE - 8));
        }
    }

    static final int QUARTER_HOUR = 900;

    /** Offsets reach 18 hours either way: 72 quarter hours. */
    static final int MAX_QUARTERS = 72;

    static final int OTHER_OFFSET = 0xFF;

}
