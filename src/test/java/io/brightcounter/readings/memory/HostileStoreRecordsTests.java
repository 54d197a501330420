package io.brightcounter.readings.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;

import io.brightcounter.readings.ReadingBatch;
import io.brightcounter.readings.Timestamp;
import io.brightcounter.readings.memory.journal.FlushListener;
import io.brightcounter.readings.memory.journal.Journal;
import io.brightcounter.readings.memory.journal.JournalDamagedException;
import io.brightcounter.readings.memory.journal.JournalFileSystem;
import io.brightcounter.readings.memory.journal.JournalMode;
import io.brightcounter.readings.memory.journal.RecordOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Records whose checksum is right but whose contents the store cannot take (issue 22,
 * findings 6 and 7): the start names the file and the offset instead of running out of
 * memory or stopping on a bare domain exception, and repair skips the record.
 */
class HostileStoreRecordsTests {

    private static final UUID DEVICE = UUID.fromString("063c5957-8905-45f9-bfe3-960713788919");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = { "2^31-1 readings", "negative readings", "negative sum", "instant in year 10000",
            "offset 19h", "count -5" })
    void aSnapshotDeviceRecordThatDoesNotAddUpIsDamageNotAnError(String what) throws IOException {
        UUID other = UUID.randomUUID();
        try (Journal<JournalBatchCodec.Batch> journal = open(false)) {
            InMemoryDeviceReadingStore store = recover(journal);
            store.add(other, new ReadingBatch().add(5, new Timestamp(1_700_000_000L, 0)));
            journal.snapshot((output) -> {
                store.writeSnapshot(output);
                RecordOutput out = output.startRecord();
                out.putUuid(DEVICE);
                out.putVarLong(what.equals("negative sum") ? -1 : 3);
                out.putVarLong(switch (what) {
                    case "2^31-1 readings" -> Integer.MAX_VALUE;
                    case "negative readings" -> -1;
                    default -> 1;
                });
                long instant = what.equals("instant in year 10000") ? 253402300800L : 1_700_000_000L;
                int offset = what.equals("offset 19h") ? 19 * 3600 : 0;
                out.putSignedVarLong(instant).putOffset(offset).putSignedVarLong(instant).putOffset(offset);
                out.putByte(1);
                out.putSignedVarLong(instant).putOffset(offset).putVarLong(what.equals("count -5") ? -5 : 3);
                output.endRecord();
            });
        }
        Path snapshot = onlySnapshot();
        try (Journal<JournalBatchCodec.Batch> journal = open(false)) {
            assertThatExceptionOfType(JournalDamagedException.class).isThrownBy(() -> recover(journal))
                .withMessageContaining(snapshot.toAbsolutePath().toString())
                .withMessageContaining("offset ");
        }
        try (Journal<JournalBatchCodec.Batch> journal = open(true)) {
            InMemoryDeviceReadingStore store = recover(journal);
            assertThat(store.totals(other).orElseThrow().cumulativeCount()).isEqualTo(5);
            assertThat(store.totals(DEVICE)).isEmpty();
        }
    }

    @Test
    void aBatchWhoseReplayWouldOverflowTheCountIsDamageRepairSkips() throws IOException {
        long second;
        try (Journal<JournalBatchCodec.Batch> journal = open(false)) {
            recover(journal);
            journal.append(
                    new JournalBatchCodec.Batch(DEVICE, new ReadingBatch().add(Long.MAX_VALUE, new Timestamp(100, 0))));
            second = Files.size(this.dir.resolve("segment-0000000000000001.log"));
            journal.append(
                    new JournalBatchCodec.Batch(DEVICE, new ReadingBatch().add(Long.MAX_VALUE, new Timestamp(200, 0))));
        }
        try (Journal<JournalBatchCodec.Batch> journal = open(false)) {
            assertThatExceptionOfType(JournalDamagedException.class).isThrownBy(() -> recover(journal))
                .withMessageContaining("segment-0000000000000001.log")
                .withMessageContaining("offset " + second)
                .withMessageContaining("exceed");
        }
        try (Journal<JournalBatchCodec.Batch> journal = open(true)) {
            InMemoryDeviceReadingStore store = recover(journal);
            assertThat(store.totals(DEVICE).orElseThrow().cumulativeCount()).isEqualTo(Long.MAX_VALUE);
        }
    }

    private Path onlySnapshot() throws IOException {
        try (Stream<Path> files = Files.list(this.dir)) {
            return files.filter((file) -> file.getFileName().toString().endsWith(".snap")).findFirst().orElseThrow();
        }
    }

    private Journal<JournalBatchCodec.Batch> open(boolean repair) throws IOException {
        return Journal.open(this.dir, JournalMode.FSYNC, repair, 1 << 16, JournalFileSystem.DEFAULT,
                JournalBatchCodec.INSTANCE, () -> {
                }, FlushListener.NONE);
    }

    private static InMemoryDeviceReadingStore recover(Journal<JournalBatchCodec.Batch> journal) throws IOException {
        InMemoryDeviceReadingStore store = InMemoryDeviceReadingStore.forTesting(Long.MAX_VALUE,
                (id, readings) -> journal.append(new JournalBatchCodec.Batch(id, readings)));
        journal.recover(StoreJournal.replayInto(store));
        return store;
    }

}
