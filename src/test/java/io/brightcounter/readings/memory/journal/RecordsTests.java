package io.brightcounter.readings.memory.journal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Framed records read back by {@link Records.Scanner}: every payload as written, whatever
 * its size and wherever the scanner's buffer ends, and each kind of bad record named
 * where it starts.
 */
class RecordsTests {

    @TempDir
    Path dir;

    @Test
    void recordsOfEverySizeComeBackAsWrittenAcrossBufferRefills() throws IOException {
        Random random = new Random(42);
        byte[][] payloads = new byte[3000][];
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = new byte[1 + random.nextInt(1500)];
            random.nextBytes(payloads[i]);
        }
        // A record past the size that is checked streamed, and one between.
        payloads[1000] = randomBytes(random, Records.Scanner.STREAMED_CHECK * 2 + 123);
        payloads[2000] = randomBytes(random, Records.Scanner.STREAMED_CHECK - 5);
        Path file = write(framed(payloads));
        try (Records.Scanner scanner = new Records.Scanner(file, 0)) {
            for (int i = 0; i < payloads.length; i++) {
                ByteBuffer payload = next(scanner);
                assertThat(payload.remaining()).as("record %d", i).isEqualTo(payloads[i].length);
                byte[] read = new byte[payload.remaining()];
                payload.get(read);
                assertThat(Arrays.equals(read, payloads[i])).as("record %d", i).isTrue();
            }
            assertThat(next(scanner)).isNull();
            assertThat(scanner.position()).isEqualTo(scanner.fileSize());
        }
    }

    @Test
    void aChangedByteInAStreamedRecordIsAChecksumMismatchOverItsLength() throws IOException {
        byte[] small = { 1, 2, 3 };
        int length = Records.Scanner.STREAMED_CHECK + 10;
        byte[] bytes = framed(small, new byte[length]);
        bytes[bytes.length - 3] ^= 1;
        Path file = write(bytes);
        try (Records.Scanner scanner = new Records.Scanner(file, 0)) {
            next(scanner);
            assertThatExceptionOfType(Records.BadRecord.class).isThrownBy(scanner::next).satisfies((bad) -> {
                assertThat(bad.offset()).isEqualTo(8);
                assertThat(bad.reason()).isEqualTo("checksum mismatch over the record's " + length + " bytes");
                assertThat(bad.cutShort()).isFalse();
            });
            assertThat(scanner.bufferCapacity()).as("not grown for a record that is not one")
                .isLessThanOrEqualTo(Records.Scanner.STREAMED_CHECK);
        }
    }

    @Test
    void aChangedByteInASmallRecordIsAChecksumMismatch() throws IOException {
        byte[] bytes = framed(new byte[] { 1, 2, 3 }, new byte[] { 4, 5, 6 });
        bytes[bytes.length - 1] ^= 1;
        assertBad(bytes, 8, "checksum mismatch", false);
    }

    @Test
    void aHeaderCutShortIsVisiblyIncomplete() throws IOException {
        byte[] bytes = Arrays.copyOf(framed(new byte[] { 1, 2, 3 }, new byte[300]), 8 + 1);
        assertBad(bytes, 8, "record header cut short", true);
    }

    @Test
    void zerosWhereARecordShouldStartAreAnEmptyRecord() throws IOException {
        byte[] bytes = Arrays.copyOf(framed(new byte[] { 1, 2, 3 }), 8 + 20);
        assertBad(bytes, 8, "empty record", true);
    }

    @Test
    void aLengthPastTheEndOfTheFileIsACutShortWrite() throws IOException {
        byte[] whole = framed(new byte[] { 1, 2, 3 }, new byte[100]);
        assertBad(Arrays.copyOf(whole, whole.length - 1), 8, "record of 100 bytes runs past the end of the file", true);
    }

    @Test
    void aLengthOfMoreThanFiveBytesIsNotANumber() throws IOException {
        byte[] bytes = new byte[20];
        Arrays.fill(bytes, (byte) 0xFF);
        assertBad(bytes, 0, "record length is not a valid number", false);
    }

    @Test
    void theScannerMovesForwardOnly() throws IOException {
        Path file = write(framed(new byte[] { 1 }, new byte[] { 2 }));
        try (Records.Scanner scanner = new Records.Scanner(file, 0)) {
            scanner.skipTo(0);
            scanner.skipTo(6);
            assertThat(next(scanner).get()).isEqualTo((byte) 2);
            assertThatIllegalArgumentException().isThrownBy(() -> scanner.skipTo(6))
                .withMessage("scanner only moves forward");
        }
    }

    @Test
    void anIntactRecordIsFoundBehindABadOne() throws IOException {
        byte[] bad = framed(new byte[] { 1, 2, 3, 4 });
        bad[bad.length - 1] ^= 1;
        byte[] good = framed(new byte[] { 5, 6, 7 });
        Path file = write(concat(bad, good));
        assertThat(Records.Scanner.intactRecordAfter(file, 0, Long.MAX_VALUE, (record) -> true)).isTrue();
        assertThat(Records.Scanner.intactRecordAfter(file, 0, Long.MAX_VALUE, (record) -> record.get(0) == 6))
            .as("only records that count")
            .isFalse();
        assertThat(Records.Scanner.intactRecordAfter(file, bad.length, Long.MAX_VALUE, (record) -> true))
            .as("the search starts after the bad record's first byte")
            .isFalse();
    }

    @Test
    void theSearchBehindABadRecordGivesUpCarefullyPastItsBudget() throws IOException {
        Random random = new Random(7);
        // Random bytes: many candidate lengths, none with a matching checksum.
        Path file = write(randomBytes(random, 16 << 10));
        assertThat(Records.Scanner.intactRecordAfter(file, 0, Long.MAX_VALUE, (record) -> true)).isFalse();
        assertThat(Records.Scanner.intactRecordAfter(file, 0, 1000, (record) -> true)).isTrue();
    }

    private void assertBad(byte[] bytes, long offset, String reason, boolean cutShort) throws IOException {
        Path file = write(bytes);
        try (Records.Scanner scanner = new Records.Scanner(file, 0)) {
            if (offset > 0) {
                assertThat(next(scanner)).isNotNull();
                assertThat(scanner.position()).isEqualTo(offset);
            }
            assertThatExceptionOfType(Records.BadRecord.class).isThrownBy(scanner::next).satisfies((bad) -> {
                assertThat(bad.offset()).isEqualTo(offset);
                assertThat(bad.reason()).isEqualTo(reason);
                assertThat(bad.cutShort()).isEqualTo(cutShort);
            });
        }
    }

    private static ByteBuffer next(Records.Scanner scanner) throws IOException {
        try {
            return scanner.next();
        }
        catch (Records.BadRecord ex) {
            throw new AssertionError("bad record at " + ex.offset() + ": " + ex.reason(), ex);
        }
    }

    private static byte[] framed(byte[]... payloads) {
        RecordOutput out = new RecordOutput(0);
        for (byte[] payload : payloads) {
            Records.frame(new RecordOutput(payload.length).putBytes(payload, 0, payload.length), out);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private Path write(byte[] bytes) throws IOException {
        return Files.write(this.dir.resolve("records"), bytes);
    }

}
