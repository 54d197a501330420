package io.brightcounter.readings.memory.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * Reads snapshot files at start. A snapshot is checked whole before it is loaded: only a
 * complete one (every frame intact, and the closing record counting them) can be the base
 * that makes older files obsolete.
 */
final class SnapshotReader {

    private final DamageLog damage;

    private long bytes;

    SnapshotReader(DamageLog damage) {
        this.damage = damage;
    }

    /** Bytes of snapshots loaded. */
    long bytes() {
        return this.bytes;
    }

    /** Where a snapshot stops being readable, or {@code null} when it is complete. */
    static DamageLog.@Nullable Damage check(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return new DamageLog.Damage(0, "not a regular file");
        }
        try (Records.Scanner scanner = new Records.Scanner(file, 0)) {
            DamageLog.Damage magic = JournalFiles.checkHeader(file, scanner.fileSize(), JournalFiles.SNAPSHOT_MAGIC,
                    "snapshot");
            if (magic != null) {
                return magic;
            }
            scanner.skipTo(JournalFiles.SNAPSHOT_MAGIC.length);
            long records = 0;
            while (true) {
                long offset = scanner.position();
                ByteBuffer payload;
                try {
                    payload = scanner.next();
                }
                catch (Records.BadRecord bad) {
                    // Snapshots are flushed before they get their name: no crash cuts one
                    // short.
                    return new DamageLog.Damage(bad.offset(), bad.reason());
                }
                if (payload == null) {
                    return new DamageLog.Damage(offset, "the snapshot ends without its closing record");
                }
                int type = payload.get(payload.position()) & 0xFF;
                if (type == JournalFiles.SNAPSHOT_END) {
                    return checkEnd(payload, offset, records);
                }
                if (type != JournalFiles.SNAPSHOT_DATA) {
                    return new DamageLog.Damage(offset, "unknown record type " + type);
                }
                records++;
            }
        }
        catch (IOException ex) {
            throw DamageLog.unreadable(file, ex);
        }
    }

    private static DamageLog.@Nullable Damage checkEnd(ByteBuffer payload, long offset, long records) {
        long expected;
        try {
            RecordInput input = new RecordInput(payload);
            input.getByte();
            expected = input.getVarLong();
        }
        catch (RuntimeException ex) {
            return new DamageLog.Damage(offset, "unreadable closing record: " + DamageLog.describe(ex));
        }
        if (expected != records) {
            return new DamageLog.Damage(offset, "closing record counts " + expected + " records, read " + records);
        }
        return null;
    }

    /**
     * Loads the snapshot's devices up to {@code end}; one that cannot be read is damage.
     */
    void load(Path file, Journal.Replay<?> replay, long end) throws IOException {
        try (Records.Scanner scanner = new Records.Scanner(file, 0)) {
            scanner.skipTo(JournalFiles.SNAPSHOT_MAGIC.length);
            while (scanner.position() < end) {
                long offset = scanner.position();
                ByteBuffer payload;
                try {
                    payload = scanner.next();
                }
                catch (Records.BadRecord bad) {
                    break;
                }
                if (payload == null) {
                    break;
                }
                RecordInput input = new RecordInput(payload);
                if (input.getByte() != JournalFiles.SNAPSHOT_DATA) {
                    break;
                }
                try {
                    replay.snapshotRecord(input);
                }
                catch (RuntimeException ex) {
                    this.damage.damaged(file, offset, "unreadable device record: " + DamageLog.describe(ex),
                            "that record is skipped");
                }
            }
            this.bytes += Math.min(end, scanner.fileSize());
        }
        catch (IOException ex) {
            throw DamageLog.unreadable(file, ex);
        }
    }

    /** Under repair: the devices a damaged snapshot holds before its damage. */
    void loadDamaged(Path file, Journal.Replay<?> replay) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) < JournalFiles.SNAPSHOT_MAGIC.length
                || !JournalFiles.startsWith(file, JournalFiles.SNAPSHOT_MAGIC, JournalFiles.SNAPSHOT_MAGIC.length)) {
            return;
        }
        DamageLog.Damage damage = check(file);
        load(file, replay, (damage != null) ? damage.offset() : Long.MAX_VALUE);
    }

}
