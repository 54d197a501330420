package io.brightcounter.readings.memory.journal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The encodings journal and snapshot records are made of: {@link RecordOutput} writes,
 * {@link RecordInput} reads them back, byte for byte as the format promises.
 */
class RecordCodingTests {

    @ParameterizedTest
    @ValueSource(longs = { 0, 1, 127, 128, 16_383, 16_384, Integer.MAX_VALUE, Long.MAX_VALUE, -1, Long.MIN_VALUE })
    void unsignedVarLongsComeBackAsWritten(long value) {
        RecordInput in = input(new RecordOutput(0).putVarLong(value));
        assertThat(in.getVarLong()).isEqualTo(value);
        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    void unsignedVarLongsTakeSevenBitsAByte() {
        assertThat(bytes(new RecordOutput(0).putVarLong(0))).containsExactly(0);
        assertThat(bytes(new RecordOutput(0).putVarLong(127))).containsExactly(0x7F);
        assertThat(bytes(new RecordOutput(0).putVarLong(128))).containsExactly(0x80, 0x01);
        assertThat(bytes(new RecordOutput(0).putVarLong(300))).containsExactly(0xAC, 0x02);
        assertThat(bytes(new RecordOutput(0).putVarLong(-1))).hasSize(10);
    }

    @ParameterizedTest
    @ValueSource(
            longs = { 0, 1, -1, 63, -64, 64, -65, 1_632_928_155L, -62_135_596_800L, Long.MAX_VALUE, Long.MIN_VALUE })
    void signedVarLongsComeBackAsWritten(long value) {
        RecordInput in = input(new RecordOutput(0).putSignedVarLong(value));
        assertThat(in.getSignedVarLong()).isEqualTo(value);
        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    void smallMagnitudesOfEitherSignTakeOneByte() {
        assertThat(bytes(new RecordOutput(0).putSignedVarLong(0))).containsExactly(0);
        assertThat(bytes(new RecordOutput(0).putSignedVarLong(-1))).containsExactly(1);
        assertThat(bytes(new RecordOutput(0).putSignedVarLong(1))).containsExactly(2);
        assertThat(bytes(new RecordOutput(0).putSignedVarLong(-64))).containsExactly(127);
        assertThat(bytes(new RecordOutput(0).putSignedVarLong(64))).hasSize(2);
    }

    @Test
    void aVarLongOfMoreThanTenBytesIsRefused() {
        byte[] eleven = new byte[11];
        Arrays.fill(eleven, (byte) 0x80);
        eleven[10] = 0;
        assertThatIllegalArgumentException().isThrownBy(() -> new RecordInput(ByteBuffer.wrap(eleven)).getVarLong())
            .withMessage("variable-length integer longer than 10 bytes");
    }

    @Test
    void fixedLongsAndUuidsAreBigEndian() {
        RecordOutput out = new RecordOutput(0).putFixedLong(0x0102030405060708L);
        assertThat(bytes(out)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        UUID id = UUID.fromString("063c5957-8905-45f9-bfe3-960713788919");
        RecordInput in = input(new RecordOutput(0).putUuid(id).putFixedLong(-2));
        assertThat(in.remaining()).isEqualTo(24);
        assertThat(in.getUuid()).isEqualTo(id);
        assertThat(in.getFixedLong()).isEqualTo(-2);
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 900, -900, 3600, -21_600, 64_800, -64_800, 19_800, 20_700 })
    void wholeQuarterHourOffsetsTakeOneByte(int offsetSeconds) {
        RecordOutput out = new RecordOutput(0).putOffset(offsetSeconds);
        assertThat(out.size()).isOne();
        assertThat(bytes(out)).containsExactly(offsetSeconds / 900 + 72);
        assertThat(input(out).getOffset()).isEqualTo(offsetSeconds);
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, -1, 899, 901, 3601, -64_799, 64_799 })
    void otherOffsetsTakeAMarkerAndTheirSeconds(int offsetSeconds) {
        RecordOutput out = new RecordOutput(0).putOffset(offsetSeconds);
        assertThat(bytes(out)[0]).isEqualTo(0xFF);
        assertThat(out.size()).isGreaterThan(1);
        RecordInput in = input(out);
        assertThat(in.getOffset()).isEqualTo(offsetSeconds);
        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    void offsetsOfEighteenHoursAreReadInEitherForm() {
        assertThat(input(new RecordOutput(0).putByte(0xFF).putSignedVarLong(64_800)).getOffset()).isEqualTo(64_800);
        assertThat(input(new RecordOutput(0).putByte(0xFF).putSignedVarLong(-64_800)).getOffset()).isEqualTo(-64_800);
        assertThat(input(new RecordOutput(0).putByte(144)).getOffset()).isEqualTo(64_800);
        assertThat(input(new RecordOutput(0).putByte(0)).getOffset()).isEqualTo(-64_800);
    }

    @ParameterizedTest
    @ValueSource(ints = { 64_801, -64_801, 86_400 })
    void offsetsPastEighteenHoursAreRefused(int offsetSeconds) {
        RecordInput in = input(new RecordOutput(0).putByte(0xFF).putSignedVarLong(offsetSeconds));
        assertThatIllegalArgumentException().isThrownBy(in::getOffset)
            .withMessage("offset of " + offsetSeconds + " s is past 18 hours");
    }

    @ParameterizedTest
    @ValueSource(ints = { 145, 200, 0xFE })
    void offsetCodesTheJournalNeverWritesAreRefused(int code) {
        RecordInput in = input(new RecordOutput(0).putByte(code));
        assertThatIllegalArgumentException().isThrownBy(in::getOffset)
            .withMessage("offset code " + code + " is not one the journal writes");
    }

    @Test
    void bytesAreReadUnsigned() {
        RecordInput in = input(new RecordOutput(0).putByte(0xFF).putByte(0x80).putByte(0x7F));
        assertThat(in.getByte()).isEqualTo(255);
        assertThat(in.getByte()).isEqualTo(128);
        assertThat(in.getByte()).isEqualTo(127);
    }

    @Test
    void theOutputGrowsKeepingWhatItHolds() {
        RecordOutput out = new RecordOutput(0);
        byte[] source = new byte[1000];
        for (int i = 0; i < source.length; i++) {
            source[i] = (byte) i;
        }
        for (int i = 0; i < 10; i++) {
            out.putByte(i);
        }
        out.putBytes(source, 10, 990);
        out.putFixedLong(Long.MAX_VALUE);
        assertThat(out.size()).isEqualTo(1008);
        byte[] written = Arrays.copyOf(out.array(), out.size());
        for (int i = 0; i < 1000; i++) {
            assertThat(written[i]).as("byte %d", i).isEqualTo((byte) i);
        }
        assertThat(ByteBuffer.wrap(written, 1000, 8).getLong()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aReservedSpanIsSkippedAndClearStartsOver() {
        RecordOutput out = new RecordOutput(16).putByte(1);
        out.reserve(40);
        out.putByte(2);
        assertThat(out.size()).isEqualTo(42);
        assertThat(out.array()[41]).isEqualTo((byte) 2);
        out.clear();
        assertThat(out.size()).isZero();
        out.putByte(3);
        assertThat(bytes(out)).containsExactly(3);
    }

    @Test
    void aReservedSpanCanBeFilledBeforeAnythingFollowsIt() {
        RecordOutput out = new RecordOutput(16);
        out.reserve(40);
        out.array()[39] = 7;
        assertThat(out.size()).isEqualTo(40);
        assertThat(out.toByteArray()[39]).isEqualTo((byte) 7);
    }

    @Test
    void aTenByteVarLongFitsBehindAFullBuffer() {
        RecordOutput out = new RecordOutput(16);
        out.reserve(15);
        out.putVarLong(-1);
        assertThat(out.size()).isEqualTo(25);
        RecordInput in = input(out);
        in.take(15);
        assertThat(in.getVarLong()).isEqualTo(-1);
    }

    @Test
    void takenBytesAreSkippedByTheInput() {
        RecordInput in = input(new RecordOutput(0).putByte(1).putByte(2).putByte(3).putByte(4).putByte(5));
        assertThat(in.getByte()).isEqualTo(1);
        ByteBuffer two = in.take(2);
        assertThat(two.remaining()).isEqualTo(2);
        assertThat(two.get()).isEqualTo((byte) 2);
        assertThat(two.get()).isEqualTo((byte) 3);
        assertThat(in.remaining()).isEqualTo(2);
        ByteBuffer rest = in.takeRemaining();
        assertThat(in.hasRemaining()).isFalse();
        assertThat(rest.remaining()).isEqualTo(2);
        assertThat(rest.get()).isEqualTo((byte) 4);
    }

    private static RecordInput input(RecordOutput out) {
        return new RecordInput(ByteBuffer.wrap(Arrays.copyOf(out.array(), out.size())));
    }

    private static int[] bytes(RecordOutput out) {
        int[] unsigned = new int[out.size()];
        for (int i = 0; i < unsigned.length; i++) {
            unsigned[i] = out.array()[i] & 0xFF;
        }
        return unsigned;
    }

}
