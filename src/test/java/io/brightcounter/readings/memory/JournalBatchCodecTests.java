package io.brightcounter.readings.memory;

import java.nio.ByteBuffer;
import java.util.UUID;

import io.brightcounter.readings.ReadingBatch;
import io.brightcounter.readings.Timestamp;
import io.brightcounter.readings.memory.journal.RecordCodec;
import io.brightcounter.readings.memory.journal.RecordInput;
import io.brightcounter.readings.memory.journal.RecordOutput;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class JournalBatchCodecTests {

    private static final long BASE = 1632928155L;

    private final JournalBatchCodec codec = JournalBatchCodec.INSTANCE;

    @Test
    void aBatchOfReadingsAMinuteApartTakesAFewBytesAReading() {
        ReadingBatch readings = new ReadingBatch();
        for (int i = 0; i < 100; i++) {
            readings.add(1 + i % 100, new Timestamp(BASE + 60L * i, 3600));
        }
        RecordOutput out = new RecordOutput(64);
        this.codec.encodeBody(new JournalBatchCodec.Batch(UUID.randomUUID(), readings), BASE, out);
        assertThat(out.size() / 100.0).isLessThanOrEqualTo(3.05);
    }

    @Test
    void aDeviceIsWrittenInFullOnceASegmentThenByItsNumber() {
        UUID first = new UUID(1, 1);
        UUID second = new UUID(2, 2);
        RecordCodec.KeyEncoder<JournalBatchCodec.Batch> keys = this.codec.beginSegment();
        RecordCodec.Decoder<JournalBatchCodec.Batch> decoder = this.codec.readSegment(BASE);
        assertThat(roundTrip(keys, decoder, first, 3).deviceId()).isEqualTo(first);
        assertThat(roundTrip(keys, decoder, second, 4).deviceId()).isEqualTo(second);
        RecordOutput key = new RecordOutput(16);
        keys.encodeKey(batch(first, 5), key);
        assertThat(key.size()).as("a numbered device's key").isEqualTo(1);
        JournalBatchCodec.Batch again = roundTrip(keys, decoder, first, 5);
        assertThat(again.deviceId()).isEqualTo(first);
        assertThat(again.readings().count(0)).isEqualTo(5);
        assertThat(again.readings().epochSecond(0)).isEqualTo(BASE + 5);
    }

    @Test
    void aNewSegmentNumbersDevicesAfresh() {
        UUID device = UUID.randomUUID();
        RecordOutput key = new RecordOutput(32);
        RecordCodec.KeyEncoder<JournalBatchCodec.Batch> keys = this.codec.beginSegment();
        keys.encodeKey(batch(device, 1), key);
        key.clear();
        this.codec.beginSegment().encodeKey(batch(device, 1), key);
        assertThat(key.size()).as("the device's full id again").isEqualTo(17);
    }

    @Test
    void aNumberNoRecordOfTheSegmentDefinedIsDamage() {
        RecordOutput out = new RecordOutput(32);
        out.putVarLong(2 + 7);
        this.codec.encodeBody(batch(UUID.randomUUID(), 1), BASE, out);
        RecordCodec.Decoder<JournalBatchCodec.Batch> decoder = this.codec.readSegment(BASE);
        assertThatIllegalArgumentException().isThrownBy(() -> decoder.decode(input(out)))
            .withMessage("device number 7 not defined in this segment");
    }

    @Test
    void bytesAfterTheReadingsAreDamage() {
        RecordOutput out = new RecordOutput(32);
        JournalBatchCodec.Batch batch = batch(UUID.randomUUID(), 1);
        this.codec.beginSegment().encodeKey(batch, out);
        this.codec.encodeBody(batch, BASE, out);
        out.putByte(0);
        assertThatIllegalArgumentException().isThrownBy(() -> this.codec.readSegment(BASE).decode(input(out)))
            .withMessage("batch record has 1 bytes after its readings");
    }

    @Test
    void aBatchNamesItsDeviceInRecoveryMessages() {
        UUID device = new UUID(0, 42);
        assertThat(batch(device, 1)).hasToString("batch of device " + device);
    }

    private JournalBatchCodec.Batch roundTrip(RecordCodec.KeyEncoder<JournalBatchCodec.Batch> keys,
            RecordCodec.Decoder<JournalBatchCodec.Batch> decoder, UUID device, long count) {
        RecordOutput out = new RecordOutput(64);
        JournalBatchCodec.Batch batch = batch(device, count);
        keys.encodeKey(batch, out);
        this.codec.encodeBody(batch, BASE, out);
        return decoder.decode(input(out));
    }

    private static JournalBatchCodec.Batch batch(UUID device, long count) {
        ReadingBatch readings = new ReadingBatch();
        readings.add(count, new Timestamp(BASE + count, 0));
        return new JournalBatchCodec.Batch(device, readings);
    }

    private static RecordInput input(RecordOutput out) {
        return new RecordInput(ByteBuffer.wrap(out.toByteArray()));
    }

}
