package io.brightcounter.readings.memory.journal;

import java.nio.ByteBuffer;
import java.util.UUID;

/** Reads what {@link RecordOutput} wrote, from one record's checked payload. */
public final class RecordInput {

    private final ByteBuffer bytes;

    public RecordInput(ByteBuffer bytes) {
        this.bytes = bytes;
    }

    public boolean hasRemaining() {
        return this.bytes.hasRemaining();
    }

    public int remaining() {
        return this.bytes.remaining();
    }

    /**
     * The payload's remaining bytes as a buffer of their own; this input skips past them.
     */
    public ByteBuffer takeRemaining() {
        ByteBuffer rest = this.bytes.slice();
        this.bytes.position(this.bytes.limit());
        return rest;
    }

    /**
     * The next {@code length} bytes as a buffer of their own; this input skips past them.
     */
    ByteBuffer take(int length) {
        ByteBuffer part = this.bytes.slice(this.bytes.position(), length);
        this.bytes.position(this.bytes.position() + length);
        return part;
    }

    public int getByte() {
        return this.bytes.get() & 0xFF;
    }

    public UUID getUuid() {
        return new UUID(getFixedLong(), getFixedLong());
    }

    public long getFixedLong() {
        return this.bytes.getLong();
    }

    public long getVarLong() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = this.bytes.get();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("variable-length integer longer than 10 bytes");
    }

    public long getSignedVarLong() {
        long raw = getVarLong();
        return (raw >>> 1) ^ -(raw & 1);
    }

    /**
     * An offset as {@link RecordOutput#putOffset} wrote it; throws
     * {@link IllegalArgumentException} for a code it never writes or an offset past 18
     * hours.
     */
    public int getOffset() {
        int code = getByte();
        if (code <= 2 * RecordOutput.MAX_QUARTERS) {
            return (code - RecordOutput.MAX_QUARTERS) * RecordOutput.QUARTER_HOUR;
        }
        if (code != RecordOutput.OTHER_OFFSET) {
            throw new IllegalArgumentException("offset code " + code + " is not one the journal writes");
        }
        long seconds = getSignedVarLong();
        if (seconds < -RecordOutput.MAX_QUARTERS * RecordOutput.QUARTER_HOUR
                || seconds > RecordOutput.MAX_QUARTERS * RecordOutput.QUARTER_HOUR) {
            throw new IllegalArgumentException("offset of " + seconds + " s is past 18 hours");
        }
        return (int) seconds;
    }

}
