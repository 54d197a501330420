package io.brightcounter.readings.memory.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A snapshot is complete only with its closing record and the count it holds; its devices
 * are handed over in order, and one that cannot be applied is damage.
 */
class SnapshotReaderTests {

    @TempDir
    Path dir;

    @Test
    void aCompleteSnapshotPassesTheCheckAndHandsOverEveryRecordInOrder() throws IOException {
        Path file = snapshotOf(7, 8, 9);
        assertThat(SnapshotReader.check(file)).isNull();
        SnapshotReader reader = new SnapshotReader(new DamageLog(false));
        List<Long> loaded = new ArrayList<>();
        reader.load(file, replay(loaded), Long.MAX_VALUE);
        assertThat(loaded).containsExactly(7L, 8L, 9L);
        assertThat(reader.bytes()).isEqualTo(Files.size(file));
    }

    @Test
    void aSnapshotWithoutItsClosingRecordIsDamageWhereThatRecordShouldBe() throws IOException {
        byte[] bytes = Files.readAllBytes(snapshotOf(7));
        // Magic, then one record of 1 + 4 + 2 bytes: the closing record follows.
        Path file = Files.write(this.dir.resolve("cut.snap"), Arrays.copyOf(bytes, 8 + 7));
        assertThat(SnapshotReader.check(file))
            .isEqualTo(new DamageLog.Damage(15, "the snapshot ends without its closing record"));
    }

    @Test
    void aClosingRecordThatCountsOtherwiseIsDamage() throws IOException {
        Path file = write(record(1, 7), record(1, 8), record(2, 3));
        assertThat(SnapshotReader.check(file))
            .isEqualTo(new DamageLog.Damage(22, "closing record counts 3 records, read 2"));
    }

    @Test
    void aClosingRecordWithoutItsCountIsDamage() throws IOException {
        Path file = write(record(1, 7), new RecordOutput(0).putByte(2));
        assertThat(SnapshotReader.check(file))
            .isEqualTo(new DamageLog.Damage(15, "unreadable closing record: the record ends before its contents do"));
    }

    @Test
    void aRecordOfAnUnknownTypeIsDamage() throws IOException {
        Path file = write(record(1, 7), record(9, 1), record(2, 1));
        assertThat(SnapshotReader.check(file)).isEqualTo(new DamageLog.Damage(15, "unknown record type 9"));
    }

    @Test
    void aDirectoryIsNotASnapshot() throws IOException {
        Path directory = Files.createDirectory(this.dir.resolve("snapshot-0000000000000001.snap"));
        assertThat(SnapshotReader.check(directory)).isEqualTo(new DamageLog.Damage(0, "not a regular file"));
    }

    @Test
    void aDeviceThatCannotBeAppliedStopsTheStartNamingItsOffset() throws IOException {
        Path file = snapshotOf(7, 8);
        SnapshotReader reader = new SnapshotReader(new DamageLog(false));
        assertThatExceptionOfType(JournalDamagedException.class)
            .isThrownBy(() -> reader.load(file, failingOn(8), Long.MAX_VALUE))
            .satisfies((ex) -> {
                assertThat(ex.file()).isEqualTo(file);
                assertThat(ex.offset()).isEqualTo(15);
                assertThat(ex.getMessage()).contains("unreadable device record: no 8");
            });
    }

    @Test
    void underRepairADeviceThatCannotBeAppliedIsSkippedAndTheRestLoaded() throws IOException {
        Path file = snapshotOf(7, 8, 9);
        DamageLog damage = new DamageLog(true);
        SnapshotReader reader = new SnapshotReader(damage);
        reader.load(file, failingOn(8), Long.MAX_VALUE);
        assertThat(damage.contains(file)).isTrue();
        assertThat(damage.dropped()).singleElement().asString().contains("damaged at offset 15");
    }

    @Test
    void aDamagedSnapshotGivesBackTheDevicesBeforeItsDamage() throws IOException {
        byte[] bytes = Files.readAllBytes(snapshotOf(7, 8, 9));
        bytes[15 + 5] ^= 0x01;
        Path file = Files.write(this.dir.resolve("damaged.snap"), bytes);
        SnapshotReader reader = new SnapshotReader(new DamageLog(true));
        List<Long> loaded = new ArrayList<>();
        reader.loadDamaged(file, replay(loaded));
        assertThat(loaded).containsExactly(7L);
    }

    @Test
    void aFileThatIsNoSnapshotGivesBackNothing() throws IOException {
        Path file = Files.write(this.dir.resolve("other.snap"), "BCJRNL02 and more".getBytes());
        SnapshotReader reader = new SnapshotReader(new DamageLog(true));
        List<Long> loaded = new ArrayList<>();
        reader.loadDamaged(file, replay(loaded));
        assertThat(loaded).isEmpty();
        assertThat(reader.bytes()).isZero();
    }

    private Path snapshotOf(long... values) throws IOException {
        SnapshotFiles.write(this.dir, JournalFileSystem.DEFAULT, 1, (output) -> {
            for (long value : values) {
                output.startRecord().putVarLong(value);
                output.endRecord();
            }
        });
        return JournalFiles.snapshot(this.dir, 1);
    }

    private static RecordOutput record(int type, long value) {
        return new RecordOutput(0).putByte(type).putVarLong(value);
    }

    private Path write(RecordOutput... records) throws IOException {
        RecordOutput out = new RecordOutput(0).putBytes(JournalFiles.SNAPSHOT_MAGIC, 0, 8);
        for (RecordOutput record : records) {
            Records.frame(record, out);
        }
        return Files.write(this.dir.resolve("snapshot-0000000000000002.snap"), out.toByteArray());
    }

    private static Journal.Replay<Object> replay(List<Long> loaded) {
        return new Journal.Replay<>() {

            @Override
            public void snapshotRecord(RecordInput record) {
                loaded.add(record.getVarLong());
            }

            @Override
            public void entry(Object entry) {
                throw new AssertionError("no entries in a snapshot");
            }

        };
    }

    private static Journal.Replay<Object> failingOn(long value) {
        return new Journal.Replay<>() {

            @Override
            public void snapshotRecord(RecordInput record) {
                long read = record.getVarLong();
                if (read == value) {
                    throw new IllegalArgumentException("no " + read);
                }
            }

            @Override
            public void entry(Object entry) {
                throw new AssertionError("no entries in a snapshot");
            }

        };
    }

}
