package io.brightcounter.readings.memory.journal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The last bad frame of the newest segment: whether anything intact behind it says it
 * reached the device, and how it is cut off (silently when a power loss visibly cut it,
 * with a copy kept when its length is all there).
 */
class TornTailTests {

    @TempDir
    Path dir;

    @Test
    void aBadFrameWithNothingIntactBehindItIsTorn() throws IOException {
        byte[] good = groupFrame(0, 1, 2, 3);
        Path file = write(good, damaged(groupFrame(good.length, 4, 5)));
        assertThat(TornTail.isTorn(file, bad(good.length, false), true)).isTrue();
    }

    @Test
    void aLaterGroupWhoseDurableMarkIsPastTheBadFrameMakesItDamage() throws IOException {
        byte[] good = groupFrame(0, 1);
        byte[] bad = damaged(groupFrame(good.length, 2));
        // Written once everything up to its own start was on the device.
        byte[] later = groupFrame(good.length + bad.length, 3);
        Path file = write(good, bad, later);
        assertThat(TornTail.isTorn(file, bad(good.length, false), true)).isFalse();
    }

    @Test
    void aLaterGroupWhoseDurableMarkStopsAtTheBadFrameLeavesItTorn() throws IOException {
        byte[] good = groupFrame(0, 1);
        byte[] bad = damaged(groupFrame(good.length, 2));
        // write mode: the bad frame had not reached the device when the later one was
        // written, so that one is dropped with it.
        Path file = write(good, bad, groupFrame(good.length, 3));
        assertThat(TornTail.isTorn(file, bad(good.length, false), true)).isTrue();
    }

    @Test
    void inFormatOneAnyIntactRecordBehindTheBadOneMakesItDamage() throws IOException {
        byte[] good = groupFrame(0, 1);
        byte[] bad = damaged(groupFrame(0, 2));
        Path file = write(good, bad, groupFrame(0, 3));
        assertThat(TornTail.isTorn(file, bad(good.length, false), false)).isFalse();
    }

    @Test
    void aLaterGroupWithAnUnreadableMarkCountsAsDurable() throws IOException {
        byte[] good = groupFrame(0, 1);
        byte[] bad = damaged(groupFrame(good.length, 2));
        byte[] elevenByteVarLong = new byte[11];
        Arrays.fill(elevenByteVarLong, (byte) 0x80);
        Path file = write(good, bad, frame(elevenByteVarLong));
        assertThat(TornTail.isTorn(file, bad(good.length, false), true)).isFalse();
    }

    @Test
    void aWriteCutShortIsDroppedWithoutACopy() throws IOException {
        byte[] good = groupFrame(0, 1);
        Path file = write(good, damaged(groupFrame(good.length, 2)));
        TornTail.cut(file, bad(good.length, true), Files.size(file));
        assertThat(Files.readAllBytes(file)).isEqualTo(good);
        assertThat(keptCopies()).isEmpty();
    }

    @Test
    void aWholeLengthWithoutZerosIsDroppedAndItsBytesKeptBesideTheFile() throws IOException {
        byte[] good = groupFrame(0, 1);
        byte[] bad = damaged(groupFrame(good.length, 2, 3, 4));
        Path file = write(good, bad);
        TornTail.cut(file, bad(good.length, false), Files.size(file));
        assertThat(Files.readAllBytes(file)).isEqualTo(good);
        Path kept = this.dir.resolve("segment.log.damaged-" + good.length);
        assertThat(keptCopies()).containsExactly(kept);
        assertThat(Files.readAllBytes(kept)).isEqualTo(bad);
    }

    @Test
    void sixteenZerosInARowAreASectorThatNeverArrived() throws IOException {
        byte[] good = groupFrame(0, 1);
        Path file = write(good, ones(8), new byte[16], ones(8));
        TornTail.cut(file, bad(good.length, false), Files.size(file));
        assertThat(Files.readAllBytes(file)).isEqualTo(good);
        assertThat(keptCopies()).isEmpty();
    }

    @Test
    void fifteenZerosInARowCouldBeChangedBytesAndAreKept() throws IOException {
        byte[] good = groupFrame(0, 1);
        Path file = write(good, ones(8), new byte[15], ones(1), new byte[15], ones(8));
        TornTail.cut(file, bad(good.length, false), Files.size(file));
        assertThat(Files.readAllBytes(file)).isEqualTo(good);
        assertThat(keptCopies()).hasSize(1);
    }

    @Test
    void zerosFarIntoALongLastWriteAreFound() throws IOException {
        byte[] good = groupFrame(0, 1);
        byte[] longWrite = ones(200_000);
        Arrays.fill(longWrite, 150_000, 150_016, (byte) 0);
        Path file = write(good, longWrite);
        TornTail.cut(file, bad(good.length, false), Files.size(file));
        assertThat(Files.size(file)).isEqualTo(good.length);
        assertThat(keptCopies()).isEmpty();
    }

    private static Records.BadRecord bad(long offset, boolean cutShort) {
        return new Records.BadRecord(offset, "checksum mismatch", cutShort);
    }

    /** A group frame as format 2 writes it: the durable mark, then the records. */
    private static byte[] groupFrame(long durable, int... records) {
        RecordOutput payload = new RecordOutput(0).putVarLong(durable);
        for (int reading : records) {
            payload.putVarLong(1).putByte(reading);
        }
        RecordOutput framed = new RecordOutput(0);
        Records.frame(payload, framed);
        return framed.toByteArray();
    }

    private static byte[] frame(byte[] payload) {
        RecordOutput framed = new RecordOutput(0);
        Records.frame(new RecordOutput(0).putBytes(payload, 0, payload.length), framed);
        return framed.toByteArray();
    }

    /** The frame with its last payload byte changed, so that its checksum fails. */
    private static byte[] damaged(byte[] frame) {
        byte[] copy = frame.clone();
        copy[copy.length - 1] ^= 0x55;
        return copy;
    }

    private static byte[] ones(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 1);
        return bytes;
    }

    private Path write(byte[]... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.write(part);
        }
        return Files.write(this.dir.resolve("segment.log"), out.toByteArray());
    }

    private List<Path> keptCopies() throws IOException {
        try (Stream<Path> entries = Files.list(this.dir)) {
            return entries.filter((path) -> path.getFileName().toString().contains(".damaged-")).toList();
        }
    }

}
