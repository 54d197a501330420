package io.brightcounter.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Damage of the kind a start must refuse: a flipped bit in the middle of a journal
 * segment, not the cut-short last record a crash leaves; and files whose sizes would run
 * the heap out if they were believed.
 */
public final class JournalDamage {

    private JournalDamage() {
    }

    /**
     * Flips one bit in the middle of the oldest segment in {@code directory}.
     * @return the damaged segment
     */
    public static Path inTheMiddleOfTheFirstSegment(Path directory) throws IOException {
        Path segment;
        try (Stream<Path> files = Files.list(directory)) {
            segment = files.filter((file) -> file.getFileName().toString().endsWith(".log"))
                .sorted()
                .findFirst()
                .orElseThrow();
        }
        long middle = Files.size(segment) / 2;
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.seek(middle);
            int b = file.read();
            file.seek(middle);
            file.write(b ^ 0x10);
        }
        return segment;
    }

    /**
     * Appends to the newest segment a record header claiming {@code claimed} bytes and
     * makes the file that long (sparse, zeros), as a disk incident can.
     * @return the segment
     */
    public static Path aHugeRecordAtTheEndOfTheNewestSegment(Path directory, long claimed) throws IOException {
        Path segment;
        try (Stream<Path> files = Files.list(directory)) {
            segment = files.filter((file) -> file.getFileName().toString().endsWith(".log"))
                .sorted()
                .reduce((a, b) -> b)
                .orElseThrow();
        }
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            long end = file.length();
            byte[] header = varLong(new ByteArrayOutputStream(), claimed).toByteArray();
            file.seek(end);
            file.write(header);
            file.write(new byte[] { 1, 2, 3, 4 });
            file.setLength(end + header.length + 4 + claimed);
        }
        return segment;
    }

    /**
     * Writes a snapshot whose one device record has a valid checksum and claims
     * {@code readings} readings, with a few bytes of them.
     * @return the snapshot
     */
    public static Path aSnapshotClaimingReadings(Path directory, long number, long readings) throws IOException {
        ByteArrayOutputStream device = new ByteArrayOutputStream();
        device.write(1);
        UUID id = UUID.randomUUID();
        for (long half : new long[] { id.getMostSignificantBits(), id.getLeastSignificantBits() }) {
            for (int shift = 56; shift >= 0; shift -= 8) {
                device.write((int) (half >>> shift));
            }
        }
        varLong(device, 3);
        varLong(device, readings);
        varLong(device, 2 * 1_632_928_155L);
        device.write(72 + 4);
        varLong(device, 2 * 1_632_928_155L);
        device.write(72 + 4);
        device.write(1);
        device.write(new byte[] { 1, 76, 1, 2, 76, 1 });
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write("BCSNAP01".getBytes(StandardCharsets.US_ASCII));
        frame(file, device.toByteArray());
        frame(file, new byte[] { 2, 1 });
        Path snapshot = directory.resolve(String.format("snapshot-%016d.snap", number));
        Files.write(snapshot, file.toByteArray());
        return snapshot;
    }

    private static void frame(ByteArrayOutputStream out, byte[] payload) {
        varLong(out, payload.length);
        CRC32C crc = new CRC32C();
        crc.update(payload);
        int checksum = (int) crc.getValue();
        for (int shift = 0; shift < 32; shift += 8) {
            out.write(checksum >>> shift);
        }
        out.writeBytes(payload);
    }

    private static ByteArrayOutputStream varLong(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
        return out;
    }

}
