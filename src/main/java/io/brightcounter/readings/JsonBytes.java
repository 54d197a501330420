package io.brightcounter.readings;

import java.io.IOException;
import java.util.Arrays;
import java.util.UUID;

import io.brightcounter.web.JsonResponses;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A JSON body built as bytes, for the read endpoints: every value they write is digits,
 * hex, {@code null} or a formatted timestamp, so nothing needs escaping, and building the
 * bytes directly keeps a 1,000-reading page free of a string per timestamp and of the
 * copy from characters to bytes.
 */
final class JsonBytes {

    private static final byte[] HEX = JsonResponses.ascii("0123456789abcdef");

    private static final byte[] NULL = JsonResponses.ascii("null");

    private byte[] buffer;

    private int length;

    /**
     * Where the last timestamp's text starts (-1 before the first), and its local day and
     * offset. The readings of a page mostly share a day: from that text the next one
     * needs only its time of day, not the calendar arithmetic, which took most of a
     * page's body.
     */
    private int lastTimestampAt = -1;

    private long lastLocalDay;

    private int lastOffsetSeconds;

    JsonBytes(int expectedBytes) {
        this.buffer = new byte[Math.max(64, expectedBytes)];
    }

    void writeTo(HttpServletResponse response) throws IOException {
        JsonResponses.write(response, HttpServletResponse.SC_OK, this.buffer, this.length);
    }

    /** The JSON written, for tests. */
    byte[] toByteArray() {
        return Arrays.copyOf(this.buffer, this.length);
    }

    /** The id in lowercase canonical form, quoted. */
    JsonBytes id(UUID deviceId) {
        append((byte) '"');
        hex(deviceId.getMostSignificantBits() >>> 32, 8);
        append((byte) '-');
        hex(deviceId.getMostSignificantBits() >>> 16, 4);
        append((byte) '-');
        hex(deviceId.getMostSignificantBits(), 4);
        append((byte) '-');
        hex(deviceId.getLeastSignificantBits() >>> 48, 4);
        append((byte) '-');
        hex(deviceId.getLeastSignificantBits(), 12);
        return append((byte) '"');
    }

    /** The timestamp as the contract writes it, quoted. */
    JsonBytes timestamp(Timestamp timestamp) {
        append((byte) '"');
        ensureRoom(Timestamp.FORMATTED_LENGTH);
        long localDay = timestamp.localDay();
        if (this.lastTimestampAt >= 0 && localDay == this.lastLocalDay
                && timestamp.offsetSeconds() == this.lastOffsetSeconds) {
            System.arraycopy(this.buffer, this.lastTimestampAt, this.buffer, this.length, Timestamp.FORMATTED_LENGTH);
            timestamp.formatTimeOfDayTo(this.buffer, this.length);
        }
        else {
            timestamp.formatTo(this.buffer, this.length);
            this.lastLocalDay = localDay;
            this.lastOffsetSeconds = timestamp.offsetSeconds();
        }
        this.lastTimestampAt = this.length;
        this.length += Timestamp.FORMATTED_LENGTH;
        return append((byte) '"');
    }

    /** A non-negative number in decimal. */
    JsonBytes number(long value) {
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        ensureRoom(digits);
        for (int i = this.length + digits - 1; i >= this.length; i--) {
            this.buffer[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        this.length += digits;
        return this;
    }

    JsonBytes nullValue() {
        return append(NULL);
    }

    JsonBytes append(byte[] bytes) {
        ensureRoom(bytes.length);
        System.arraycopy(bytes, 0, this.buffer, this.length, bytes.length);
        this.length += bytes.length;
        return this;
    }

    JsonBytes append(byte b) {
        ensureRoom(1);
        this.buffer[this.length++] = b;
        return this;
    }

    /** The low {@code digits} hex digits of {@code bits}. */
    private void hex(long bits, int digits) {
        ensureRoom(digits);
        for (int i = digits - 1; i >= 0; i--) {
            this.buffer[this.length + i] = HEX[(int) (bits & 0xF)];
            bits >>>= 4;
        }
        this.length += digits;
    }

    private void ensureRoom(int bytes) {
        if (this.length + bytes > this.buffer.length) {
            this.buffer = Arrays.copyOf(this.buffer, Math.max(this.buffer.length * 2, this.length + bytes));
        }
    }

}
