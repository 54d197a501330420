package io.brightcounter.readings.memory.journal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import org.jspecify.annotations.Nullable;

/**
 * How records are framed in journal segments and snapshots: the payload's length as a
 * variable-length integer, the payload's CRC32C (4 bytes, little-endian), the payload.
 * The same idea as the Prometheus write-ahead log's records (length, CRC32C, data),
 * without its 32 KiB pages: our records are whole batches, written in one piece.
 */
final class Records {

    /** Bytes a header takes at most: a 5-byte length and the checksum. */
    static final int MAX_HEADER = 9;

    /**
     * Room kept at the start of a group's buffer for its frame header: the length and
     * checksum, and the durable mark (up to 10 bytes), written once the group is
     * complete.
     */
    static final int GROUP_HEADER = MAX_HEADER + 10;

    private Records() {
    }

    /**
     * Appends one record of a group: its length, then the two parts. No checksum of its
     * own: the group's frame checks it.
     */
    static void appendRecord(RecordOutput first, RecordOutput second, RecordOutput group) {
        group.putVarLong(first.size() + second.size());
        group.putBytes(first.array(), 0, first.size());
        group.putBytes(second.array(), 0, second.size());
    }

    /**
     * Makes a group's buffer one frame: fills in, before its records, the durable mark
     * and then the header (length, CRC32C) over mark and records. Returns where the frame
     * starts in the buffer; it ends at the buffer's end.
     */
    static int frameGroup(RecordOutput group, long durable) {
        byte[] bytes = group.array();
        int mark = GROUP_HEADER - varLongSize(durable);
        putVarLong(bytes, mark, durable);
        int length = group.size() - mark;
        CRC32C crc = new CRC32C();
        crc.update(bytes, mark, length);
        int checksum = (int) crc.getValue();
        int start = mark - 4 - varLongSize(length);
        int at = putVarLong(bytes, start, length);
        bytes[at] = (byte) checksum;
        bytes[at + 1] = (byte) (checksum >>> 8);
        bytes[at + 2] = (byte) (checksum >>> 16);
        bytes[at + 3] = (byte) (checksum >>> 24);
        return start;
    }

    private static int varLongSize(long value) {
        int size = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    /** Writes a variable-length integer at {@code at}; returns the offset after it. */
    private static int putVarLong(byte[] bytes, int at, long value) {
        while ((value & ~0x7FL) != 0) {
            bytes[at++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes[at++] = (byte) value;
        return at;
    }

    /** Appends one framed record holding the payload to the target. */
    static void frame(RecordOutput payload, RecordOutput target) {
        CRC32C crc = new CRC32C();
        crc.update(payload.array(), 0, payload.size());
        int checksum = (int) crc.getValue();
        target.putVarLong(payload.size());
        target.putByte(checksum).putByte(checksum >>> 8).putByte(checksum >>> 16).putByte(checksum >>> 24);
        target.putBytes(payload.array(), 0, payload.size());
    }

    /** A record that cannot be read where one should start. */
    static final class BadRecord extends Exception {

        private final long offset;

        /**
         * Whether the record is visibly incomplete: it claims more bytes than the file
         * has, or a zero length (zeros where a write did not arrive). What a write cut
         * short leaves; a record whose length is all there is not.
         */
        private final boolean cutShort;

        BadRecord(long offset, String reason, boolean cutShort) {
            super(reason, null, false, false);
            this.offset = offset;
            this.cutShort = cutShort;
        }

        long offset() {
            return this.offset;
        }

        /** What is wrong with the record; always given, unlike a message in general. */
        String reason() {
            return String.valueOf(getMessage());
        }

        boolean cutShort() {
            return this.cutShort;
        }

    }

    /**
     * Reads the records of one file in order, through a buffer that grows to the largest
     * record.
     */
    static final class Scanner implements Closeable {

        /** Records longer than this are checksummed before the buffer grows to them. */
        static final int STREAMED_CHECK = 1 << 20;

        private final Path file;

        private final FileChannel channel;

        private final long fileSize;

        private ByteBuffer buffer = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN).limit(0);

        /** File offset of the buffer's first byte. */
        private long bufferStart;

        /** File offset of the next record. */
        private long position;

        private final CRC32C crc = new CRC32C();

        /**
         * Bytes checksummed so far: bounds the search for intact records behind a bad
         * one.
         */
        private long checksummed;

        Scanner(Path file, long start) throws IOException {
            this.file = file;
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
            this.fileSize = this.channel.size();
            this.position = start;
            this.bufferStart = start;
        }

        long position() {
            return this.position;
        }

        /** Moves to a later offset, such as past the file's header. */
        void skipTo(long offset) {
            if (offset < this.position) {
                throw new IllegalArgumentException("scanner only moves forward");
            }
            this.position = offset;
        }

        long fileSize() {
            return this.fileSize;
        }

        /** Bytes the scanner's buffer holds at most now (for tests). */
        int bufferCapacity() {
            return this.buffer.capacity();
        }

        /** The next record's payload, or {@code null} at the end of the file. */
        @Nullable ByteBuffer next() throws IOException, BadRecord {
            long left = this.fileSize - this.position;
            if (left == 0) {
                return null;
            }
            ByteBuffer header = fill((int) Math.min(MAX_HEADER, left));
            int start = header.position();
            long length = 0;
            int lengthBytes = 0;
            while (true) {
                if (lengthBytes == 5) {
                    throw new BadRecord(this.position, "record length is not a valid number", false);
                }
                if (start + lengthBytes == header.limit()) {
                    throw new BadRecord(this.position, "record header cut short", true);
                }
                byte b = header.get(start + lengthBytes++);
                length |= (long) (b & 0x7F) << (7 * (lengthBytes - 1));
                if (b >= 0) {
                    break;
                }
            }
            if (length == 0) {
                throw new BadRecord(this.position, "empty record", true);
            }
            long total = lengthBytes + 4 + length;
            if (total > left) {
                throw new BadRecord(this.position, "record of " + length + " bytes runs past the end of the file",
                        true);
            }
            if (total > Integer.MAX_VALUE - 16) {
                throw new BadRecord(this.position, "record length " + length + " too large", false);
            }
            if (length > STREAMED_CHECK) {
                // Checked before the buffer grows to hold it: a length that is damage,
                // such as a header claiming hundreds of megabytes, costs no memory.
                checkStreamed(lengthBytes, length);
            }
            ByteBuffer record = fill((int) total);
            int at = record.position();
            int expected = record.getInt(at + lengthBytes);
            ByteBuffer payload = record.slice(at + lengthBytes + 4, (int) length);
            this.crc.reset();
            this.crc.update(payload.duplicate());
            this.checksummed += length;
            if ((int) this.crc.getValue() != expected) {
                throw new BadRecord(this.position, "checksum mismatch", false);
            }
            this.position += total;
            return payload;
        }

        /**
         * Checksums the payload of the record at the current position through a small
         * buffer, without holding it; throws when the checksum does not match, or when a
         * record that does match would not fit in this heap.
         */
        private void checkStreamed(int lengthBytes, long length) throws IOException, BadRecord {
            ByteBuffer header = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            readFully(header, this.position + lengthBytes);
            int expected = header.getInt(0);
            ByteBuffer chunk = ByteBuffer.allocate(STREAMED_CHECK);
            this.crc.reset();
            long at = this.position + lengthBytes + 4;
            long end = at + length;
            while (at < end) {
                chunk.clear().limit((int) Math.min(chunk.capacity(), end - at));
                readFully(chunk, at);
                at += chunk.limit();
                this.crc.update(chunk.flip());
            }
            this.checksummed += length;
            if ((int) this.crc.getValue() != expected) {
                throw new BadRecord(this.position, "checksum mismatch over the record's " + length + " bytes", false);
            }
            long heap = Runtime.getRuntime().maxMemory();
            if (length > heap / 2) {
                throw new IOException("the record of " + length + " bytes at offset " + this.position + " of "
                        + this.file.toAbsolutePath() + " is intact but needs more than half of this heap (" + heap
                        + " bytes) to be read; start with a larger -Xmx");
            }
        }

        private void readFully(ByteBuffer target, long at) throws IOException {
            while (target.hasRemaining()) {
                if (this.channel.read(target, at + target.position()) < 0) {
                    throw new IOException("file ended while reading");
                }
            }
        }

        /**
         * The bytes from the current position on, at least {@code length} of them, from
         * the buffer's position.
         */
        private ByteBuffer fill(int length) throws IOException {
            long offsetInBuffer = this.position - this.bufferStart;
            if (offsetInBuffer + length <= this.buffer.limit()) {
                this.buffer.position((int) offsetInBuffer);
                return this.buffer;
            }
            // Keep the unread bytes, moved to the front, and read more behind them.
            ByteBuffer target = this.buffer;
            if (length > target.capacity()) {
                target = ByteBuffer.allocate(Math.max(length, target.capacity() * 2)).order(ByteOrder.LITTLE_ENDIAN);
            }
            if (offsetInBuffer < this.buffer.limit()) {
                this.buffer.position((int) offsetInBuffer);
                if (target == this.buffer) {
                    this.buffer.compact();
                }
                else {
                    target.clear();
                    target.put(this.buffer);
                }
            }
            else {
                target.clear();
            }
            this.buffer = target;
            this.bufferStart = this.position;
            while (this.buffer.position() < length) {
                if (this.channel.read(this.buffer, this.bufferStart + this.buffer.position()) < 0) {
                    throw new IOException("file ended while reading");
                }
            }
            this.buffer.flip();
            return this.buffer;
        }

        /**
         * Whether a whole, intact record that {@code counts} starts anywhere after the
         * given offset. A bad record with good ones behind it is damage; one with nothing
         * good behind it is where the writing stopped. Checksums at most {@code budget}
         * bytes of candidates; past that the answer is {@code true}, the careful one.
         */
        static boolean intactRecordAfter(Path file, long offset, long budget,
                java.util.function.Predicate<ByteBuffer> counts) throws IOException {
            try (Scanner probe = new Scanner(file, offset + 1)) {
                while (probe.position < probe.fileSize) {
                    long candidate = probe.position;
                    try {
                        if (counts.test(probe.next())) {
                            return true;
                        }
                    }
                    catch (BadRecord ex) {
                        if (probe.checksummed > budget) {
                            return true;
                        }
                        probe.position = candidate + 1;
                    }
                }
                return false;
            }
        }

        @Override
        public void close() throws IOException {
            this.channel.close();
        }

    }

}
