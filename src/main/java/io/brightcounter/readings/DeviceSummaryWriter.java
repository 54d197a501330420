package io.brightcounter.readings;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.brightcounter.web.JsonResponses;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes device summaries as JSON bytes, keys in {@link SummaryField} order. Like the
 * other read bodies they are written directly rather than through Jackson: a 100-device
 * lookup writes about 20 KB with 200 timestamps, and building them as bytes keeps one
 * summary well under a microsecond. Every value is digits, hex or a formatted timestamp,
 * so nothing needs escaping.
 */
final class DeviceSummaryWriter {

    /**
     * Room one summary can take at most: every key, 36 id characters, two timestamps, two
     * 19-digit numbers.
     */
    private static final int MAX_SUMMARY_BYTES = 240;

    private static final byte[] HEX = JsonResponses.ascii("0123456789abcdef");

    private static final byte[][] KEYS = Arrays.stream(SummaryField.values())
        .map((field) -> JsonResponses.ascii("\"" + field.key() + "\":"))
        .toArray(byte[][]::new);

    private static final byte[] DEVICES = JsonResponses.ascii("{\"devices\":[");

    private static final byte[] NOT_FOUND = JsonResponses.ascii("],\"not_found\":[");

    private byte[] buffer;

    private int length;

    private DeviceSummaryWriter(int summaries) {
        this.buffer = new byte[32 + summaries * MAX_SUMMARY_BYTES];
    }

    /** One device's summary: {@code {"device_id":"...","latest_timestamp":"...",...}}. */
    static DeviceSummaryWriter summary(UUID deviceId, DeviceTotals totals, SummaryFields fields) {
        DeviceSummaryWriter writer = new DeviceSummaryWriter(1);
        writer.writeSummary(deviceId, totals, fields);
        return writer;
    }

    /**
     * A lookup's answer: {@code {"devices":[...],"not_found":[...]}}, both in the order
     * the devices were requested.
     */
    static DeviceSummaryWriter lookup(List<UUID> requested, Map<UUID, DeviceTotals> found, SummaryFields fields) {
        DeviceSummaryWriter writer = new DeviceSummaryWriter(requested.size());
        writer.append(DEVICES);
        boolean first = true;
        for (UUID deviceId : requested) {
            DeviceTotals totals = found.get(deviceId);
            if (totals != null) {
                if (!first) {
                    writer.append((byte) ',');
                }
                writer.writeSummary(deviceId, totals, fields);
                first = false;
            }
        }
        writer.append(NOT_FOUND);
        first = true;
        for (UUID deviceId : requested) {
            if (!found.containsKey(deviceId)) {
                if (!first) {
                    writer.append((byte) ',');
                }
                writer.writeId(deviceId);
                first = false;
            }
        }
        writer.append((byte) ']');
        writer.append((byte) '}');
        return writer;
    }

    void writeTo(HttpServletResponse response) throws IOException {
        JsonResponses.write(response, HttpServletResponse.SC_OK, this.buffer, this.length);
    }

    /** The JSON written, for tests. */
    byte[] toByteArray() {
        return Arrays.copyOf(this.buffer, this.length);
    }

    private void writeSummary(UUID deviceId, DeviceTotals totals, SummaryFields fields) {
        append((byte) '{');
        boolean first = true;
        for (SummaryField field : SummaryField.values()) {
            if (!fields.includes(field)) {
                continue;
            }
            if (!first) {
                append((byte) ',');
            }
            first = false;
            append(KEYS[field.ordinal()]);
            switch (field) {
                case DEVICE_ID -> writeId(deviceId);
                case LATEST_TIMESTAMP -> writeTimestamp(totals.latest());
                case EARLIEST_TIMESTAMP -> writeTimestamp(totals.earliest());
                case CUMULATIVE_COUNT -> writeNumber(totals.cumulativeCount());
                case READINGS -> writeNumber(totals.readings());
            }
        }
        append((byte) '}');
    }

    /** The id in lowercase canonical form, quoted. */
    private void writeId(UUID deviceId) {
        append((byte) '"');
        writeHex(deviceId.getMostSignificantBits() >>> 32, 8);
        append((byte) '-');
        writeHex(deviceId.getMostSignificantBits() >>> 16, 4);
        append((byte) '-');
        writeHex(deviceId.getMostSignificantBits(), 4);
        append((byte) '-');
        writeHex(deviceId.getLeastSignificantBits() >>> 48, 4);
        append((byte) '-');
        writeHex(deviceId.getLeastSignificantBits(), 12);
        append((byte) '"');
    }

    /** The low {@code digits} hex digits of {@code bits}. */
    private void writeHex(long bits, int digits) {
        ensureRoom(digits);
        for (int i = digits - 1; i >= 0; i--) {
            this.buffer[this.length + i] = HEX[(int) (bits & 0xF)];
            bits >>>= 4;
        }
        this.length += digits;
    }

    private void writeTimestamp(Timestamp timestamp) {
        append((byte) '"');
        ensureRoom(Timestamp.FORMATTED_LENGTH);
        timestamp.formatTo(this.buffer, this.length);
        this.length += Timestamp.FORMATTED_LENGTH;
        append((byte) '"');
    }

    /** A non-negative number in decimal. */
    private void writeNumber(long value) {
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
    }

    private void append(byte[] bytes) {
        ensureRoom(bytes.length);
        System.arraycopy(bytes, 0, this.buffer, this.length, bytes.length);
        this.length += bytes.length;
    }

    private void append(byte b) {
        ensureRoom(1);
        this.buffer[this.length++] = b;
    }

    private void ensureRoom(int bytes) {
        if (this.length + bytes > this.buffer.length) {
            this.buffer = Arrays.copyOf(this.buffer, Math.max(this.buffer.length * 2, this.length + bytes));
        }
    }

}
