package io.brightcounter.readings.memory.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;

import io.brightcounter.readings.memory.journal.PowerLossFileSystem.Tear;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/** The simulated disk itself: what survives a power loss, sector by sector. */
class PowerLossFileSystemTests {

    private static final int SECTOR = PowerLossFileSystem.SECTOR;

    @TempDir
    Path dir;

    @Test
    void whatWasForcedSurvivesAndWhatWasNotMayNot() throws IOException {
        PowerLossFileSystem disk = new PowerLossFileSystem();
        try (JournalChannel channel = disk.create(this.dir.resolve("a.log"))) {
            channel.write(ByteBuffer.wrap(filled(100, 1)));
            channel.force();
            channel.write(ByteBuffer.wrap(filled(100, 2)));
        }
        boolean kept = false;
        boolean dropped = false;
        for (int seed = 0; seed < 20; seed++) {
            byte[] after = image(disk, Tear.NONE, seed).get("a.log");
            assertThat(Arrays.copyOf(after, 100)).isEqualTo(filled(100, 1));
            assertThat(after.length).isIn(100, 200);
            kept |= after.length == 200;
            dropped |= after.length == 100;
        }
        assertThat(kept && dropped).as("the unforced write is sometimes kept, sometimes lost").isTrue();
    }

    @Test
    void theOperationThePowerGoesAtAndAllAfterItFail() throws IOException {
        PowerLossFileSystem disk = new PowerLossFileSystem();
        disk.crashBeforeOperation(3);
        JournalChannel channel = disk.create(this.dir.resolve("a.log"));
        channel.write(ByteBuffer.wrap(filled(10, 1)));
        assertThatIOException().isThrownBy(channel::force).withMessage("power lost");
        assertThatIOException().isThrownBy(() -> channel.write(ByteBuffer.wrap(filled(10, 1))));
        assertThatIOException().isThrownBy(() -> disk.create(this.dir.resolve("b.log")));
        assertThat(disk.powerLostAt()).isEqualTo("force a.log (operation 3)");
        channel.close();
    }

    @Test
    void aWriteTornInOrderKeepsItsFirstSectorsAndEndsThereOrInZeros() throws IOException {
        PowerLossFileSystem disk = new PowerLossFileSystem();
        byte[] write = filled(3 * SECTOR, 7);
        try (JournalChannel channel = disk.create(this.dir.resolve("a.log"))) {
            channel.write(ByteBuffer.wrap(filled(100, 1)));
            channel.force();
            channel.write(ByteBuffer.wrap(write));
        }
        int torn = 0;
        for (int seed = 0; seed < 40; seed++) {
            byte[] after = image(disk, Tear.IN_ORDER, seed).get("a.log");
            if (after.length == 100 || after.length == 100 + write.length && after[after.length - 1] == 7) {
                continue;
            }
            torn++;
            int present = 0;
            while (100 + present < after.length && after[100 + present] == 7) {
                present++;
            }
            assertThat((100 + present) % SECTOR).as("the write ends at a sector boundary").isZero();
            for (int i = 100 + present; i < after.length; i++) {
                assertThat(after[i]).isZero();
            }
        }
        assertThat(torn).isPositive();
        assertThat(disk.tornWrites()).isEqualTo(torn);
    }

    @Test
    void aWriteTornInAnyOrderLeavesZerosBeforeASectorThatArrived() throws IOException {
        PowerLossFileSystem disk = new PowerLossFileSystem();
        byte[] write = filled(4 * SECTOR, 7);
        int torn = 0;
        try (JournalChannel channel = disk.create(this.dir.resolve("a.log"))) {
            channel.write(ByteBuffer.wrap(filled(100, 1)));
            channel.force();
            channel.write(ByteBuffer.wrap(write));
        }
        for (int seed = 0; seed < 40; seed++) {
            byte[] after = image(disk, Tear.ANY_ORDER, seed).get("a.log");
            if (after.length == 100 || after[after.length - SECTOR] == 7 && after[100] == 7 && after[SECTOR] == 7
                    && after[2 * SECTOR] == 7 && after[3 * SECTOR] == 7) {
                // Lost or arrived whole.
                continue;
            }
            torn++;
            assertThat(after).hasSize(100 + write.length);
            assertThat(Arrays.copyOf(after, 100)).isEqualTo(filled(100, 1));
            int firstZero = -1;
            int lastSeven = -1;
            for (int i = 100; i < after.length; i++) {
                assertThat(after[i]).isIn((byte) 0, (byte) 7);
                if (after[i] == 0 && firstZero < 0) {
                    firstZero = i;
                }
                if (after[i] == 7) {
                    lastSeven = i;
                }
                // A sector is there or not, whole.
                assertThat(after[i]).isEqualTo(after[Math.max(100, i / SECTOR * SECTOR)]);
            }
            assertThat(firstZero).as("a missing sector").isPositive();
            assertThat(lastSeven).as("a sector that arrived after it").isGreaterThan(firstZero);
        }
        assertThat(torn).isPositive();
    }

    @Test
    void aSnapshotKeepsItsModelAcrossItsRename() throws IOException {
        PowerLossFileSystem disk = new PowerLossFileSystem();
        Path temp = this.dir.resolve("snapshot-1.snap.tmp");
        try (JournalChannel channel = disk.create(temp)) {
            channel.write(ByteBuffer.wrap(filled(50, 3)));
        }
        Files.move(temp, this.dir.resolve("snapshot-1.snap"));
        Files.writeString(this.dir.resolve("journal.lock"), "42");
        Path after = this.dir.resolveSibling(this.dir.getFileName() + "-after");
        disk.writeImage(this.dir, after, Tear.NONE, new Random(1));
        assertThat(Files.readString(after.resolve("journal.lock"))).isEqualTo("42");
        assertThat(Files.size(after.resolve("snapshot-1.snap"))).isIn(0L, 50L);
    }

    private java.util.Map<String, byte[]> image(PowerLossFileSystem disk, Tear tear, int seed) throws IOException {
        Path target = this.dir.resolveSibling(this.dir.getFileName() + "-" + tear + "-" + seed);
        disk.writeImage(this.dir, target, tear, new Random(new SplittableRandom(seed).nextLong()));
        java.util.Map<String, byte[]> files = new java.util.HashMap<>();
        try (var entries = Files.list(target)) {
            for (Path file : entries.toList()) {
                files.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

}
