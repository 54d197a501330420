package io.brightcounter.readings.memory.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Reads a journal directory back at start: the newest complete snapshot, then every later
 * segment, whatever its format. It changes nothing it could not read.
 *
 * <p>
 * The rules, for a start that may follow a disk incident:
 * <ul>
 * <li>Every size, count and value read from a file is checked, against the bytes left in
 * the file and the contract's bounds, before anything is allocated or applied.
 * <li>A file that cannot be read whole (a snapshot that is short, empty or without its
 * closing record; a segment that is short or empty with later segments behind it; a
 * directory in a file's place; a record whose checksum matches but whose values the
 * contract does not allow) is damage: the start stops naming the file and the offset.
 * Only what provably holds nothing acknowledged goes without a word: a snapshot that
 * never got its name, and the newest segment when a crash stopped its creation before its
 * header was complete.
 * <li>With repair, damage is skipped (a bad frame: the rest of its file; a record with
 * bad values: that record) and everything intact is read, older snapshots and the
 * segments they cover included. The damaged files stay where they are until a snapshot of
 * what was read is durable; the journal then sets them aside ({@link Journal#snapshot}).
 * <li>A bad frame at the end of the newest segment with nothing intact behind it that was
 * on the device is a torn last write (see {@link TornTail}), cut off.
 * </ul>
 */
final class JournalRecovery<E> {

    private static final Log logger = LogFactory.getLog(Journal.class);

    private final Path directory;

    private final RecordCodec<E> codec;

    private final DamageLog damage;

    private final SnapshotReader snapshots;

    private long bytes;

    private long batches;

    JournalRecovery(Path directory, boolean repair, RecordCodec<E> codec) {
        this.directory = directory;
        this.codec = codec;
        this.damage = new DamageLog(repair);
        this.snapshots = new SnapshotReader(this.damage);
    }

    /**
     * What recovery found.
     *
     * @param report what was read and dropped
     * @param lastNumber the highest segment number taken (a snapshot {@code n} takes
     * {@code n - 1}): the next segment is numbered after it
     * @param liveBytes record bytes of the segments read
     * @param obsolete files that hold nothing to read: covered by the complete snapshot
     * read, or the newest segment whose creation a crash stopped; deleted once the start
     * has succeeded
     * @param damaged files read only in part under repair, to set aside once a snapshot
     * covers them
     * @param setAside files covered by the complete snapshot that cannot be read whole
     * (as a repair interrupted between its snapshot and setting them aside leaves them):
     * nothing to read, but kept as evidence rather than deleted
     */
    record Result(Journal.RecoveryReport report, long lastNumber, long liveBytes, List<Path> obsolete,
            List<Path> damaged, List<Path> setAside) {
    }

    Result run(Journal.Replay<E> replay) throws IOException {
        JournalFiles.Inventory inventory = JournalFiles.Inventory.of(this.directory);
        for (Path temp : inventory.temporaries()) {
            // A snapshot that never reached its rename: the segments it would cover are
            // all still here.
            Files.delete(temp);
        }
        List<Path> obsolete = new ArrayList<>();
        // The newest snapshot that is complete is the base; newer ones are damage.
        long covered = 0;
        Path base = null;
        List<Map.Entry<Long, Path>> newerDamaged = new ArrayList<>();
        for (var entry : inventory.snapshots().descendingMap().entrySet()) {
            DamageLog.Damage found = SnapshotReader.check(entry.getValue());
            if (found == null) {
                covered = entry.getKey();
                base = entry.getValue();
                break;
            }
            this.damage.damaged(entry.getValue(), found.offset(), found.reason(), "everything from there on");
            newerDamaged.add(0, entry);
        }
        List<Path> setAside = new ArrayList<>();
        List<Path> coveredFiles = new ArrayList<>(inventory.segments().headMap(covered).values());
        coveredFiles.addAll(inventory.snapshots().headMap(covered).values());
        for (Path file : coveredFiles) {
            (readsWhole(file) ? obsolete : setAside).add(file);
        }
        if (base != null) {
            this.snapshots.load(base, replay, Long.MAX_VALUE);
        }
        var live = inventory.segments().tailMap(covered, true);
        // The newest segment holding records: the only place a crash can have cut a
        // record short (segments after it hold at most their header, as after a
        // restart that crashed at once).
        long last = -1;
        for (var entry : live.entrySet()) {
            if (Files.isRegularFile(entry.getValue()) && Files.size(entry.getValue()) > JournalFiles.SEGMENT_HEADER) {
                last = entry.getKey();
            }
        }
        long newestNumber = inventory.segments().isEmpty() ? -1 : inventory.segments().lastKey();
        int nextSnapshot = 0;
        int segments = 0;
        long liveBytes = 0;
        for (var entry : live.entrySet()) {
            while (nextSnapshot < newerDamaged.size() && newerDamaged.get(nextSnapshot).getKey() <= entry.getKey()) {
                this.snapshots.loadDamaged(newerDamaged.get(nextSnapshot++).getValue(), replay);
            }
            Path file = entry.getValue();
            if (replaySegment(file, entry.getKey() == last, entry.getKey() == newestNumber, replay)) {
                segments++;
                liveBytes += Math.max(0, Files.size(file) - JournalFiles.SEGMENT_HEADER);
            }
            else if (!this.damage.contains(file)) {
                obsolete.add(file);
            }
        }
        while (nextSnapshot < newerDamaged.size()) {
            this.snapshots.loadDamaged(newerDamaged.get(nextSnapshot++).getValue(), replay);
        }
        long lastNumber = Math.max(0,
                Math.max(newestNumber, inventory.snapshots().isEmpty() ? 0 : inventory.snapshots().lastKey() - 1));
        Journal.RecoveryReport report = new Journal.RecoveryReport(base, segments, this.batches,
                this.bytes + this.snapshots.bytes(), this.damage.dropped());
        return new Result(report, lastNumber, liveBytes, obsolete, this.damage.files(), setAside);
    }

    /**
     * Whether a file the base snapshot covers can be read whole: its header and every
     * frame intact (a covered segment's torn tail was cut when it was the newest).
     */
    private boolean readsWhole(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return false;
            }
            if (!JournalFiles.isSegment(file)) {
                return SnapshotReader.check(file) == null;
            }
            try (Records.Scanner scanner = new Records.Scanner(file, 0)) {
                byte[] magic = JournalFiles.segmentMagic(file);
                if (JournalFiles.checkHeader(file, scanner.fileSize(), magic, "journal segment") != null) {
                    return false;
                }
                scanner.skipTo(JournalFiles.SEGMENT_HEADER);
                while (scanner.next() != null) {
                    // Every frame's checksum is checked.
                }
                return true;
            }
        }
        catch (IOException | Records.BadRecord ex) {
            return false;
        }
    }

    // ---- Segments ----

    /**
     * Replays one segment; returns {@code false} for a file that holds nothing to read
     * (damaged whole, or the newest segment cut short in its creation).
     */
    private boolean replaySegment(Path file, boolean newest, boolean lastFile, Journal.Replay<E> replay)
            throws IOException {
        if (!Files.isRegularFile(file)) {
            this.damage.damaged(file, 0, "not a regular file", "it is not read");
            return false;
        }
        try (Records.Scanner scanner = new Records.Scanner(file, 0)) {
            long size = scanner.fileSize();
            byte[] magic = JournalFiles.segmentMagic(file);
            boolean grouped = (magic == JournalFiles.SEGMENT_MAGIC);
            DamageLog.Damage header = JournalFiles.checkHeader(file, size, magic, "journal segment");
            if (header != null) {
                if (lastFile && size < JournalFiles.SEGMENT_HEADER
                        && JournalFiles.startsWith(file, magic, (int) size)) {
                    // The newest segment, created just before a crash: it never took a
                    // record, since a segment takes records only once its header is
                    // written.
                    logger.info("Deleting " + file.getFileName() + " (" + size
                            + " bytes): a segment whose creation was cut short, which never held a record");
                    return false;
                }
                this.damage.damaged(file, header.offset(), header.reason(), "it is not read");
                return false;
            }
            RecordCodec.Decoder<E> decoder = this.codec.readSegment(JournalFiles.segmentBase(file));
            scanner.skipTo(JournalFiles.SEGMENT_HEADER);
            while (true) {
                long offset = scanner.position();
                ByteBuffer payload;
                try {
                    payload = scanner.next();
                }
                catch (Records.BadRecord bad) {
                    if (newest && TornTail.isTorn(file, bad, grouped)) {
                        TornTail.cut(file, bad, size);
                    }
                    else {
                        this.damage.damaged(file, bad.offset(), bad.reason(),
                                "everything from there to the end of the file");
                    }
                    break;
                }
                if (payload == null) {
                    break;
                }
                List<E> decoded;
                try {
                    decoded = decodeFrame(payload, grouped, decoder);
                }
                catch (RuntimeException ex) {
                    // The checksum matched, so this is not a torn write: a record whose
                    // values cannot be what the journal wrote is damage.
                    this.damage.damaged(file, offset, "unreadable record: " + DamageLog.describe(ex),
                            "that record is skipped");
                    continue;
                }
                for (E entry : decoded) {
                    try {
                        replay.entry(entry);
                        this.batches++;
                    }
                    catch (RuntimeException ex) {
                        this.damage.damaged(file, offset, entry + " cannot be applied: " + DamageLog.describe(ex),
                                "that record is skipped");
                    }
                }
            }
            this.bytes += size;
            return true;
        }
        catch (IOException ex) {
            throw DamageLog.unreadable(file, ex);
        }
    }

    /**
     * The entries of one checked frame: in format 2 a group (what was on the device when
     * it was written, then its records, each a length and the record), in format 1 one
     * record. A group is decoded whole before any of it is replayed.
     */
    static <E> List<E> decodeFrame(ByteBuffer payload, boolean grouped, RecordCodec.Decoder<E> decoder) {
        if (!grouped) {
            return List.of(decoder.decode(new RecordInput(payload)));
        }
        RecordInput frame = new RecordInput(payload);
        frame.getVarLong();
        List<E> entries = new ArrayList<>();
        while (frame.hasRemaining()) {
            long length = frame.getVarLong();
            if (length < 1 || length > frame.remaining()) {
                throw new IllegalArgumentException(
                        "a record of the group claims " + length + " bytes, " + frame.remaining() + " are left");
            }
            entries.add(decoder.decode(new RecordInput(frame.take((int) length))));
        }
        return entries;
    }

}
