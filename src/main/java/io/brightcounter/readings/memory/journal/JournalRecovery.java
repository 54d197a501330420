package io.brightcounter.readings.memory.journal;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.brightcounter.readings.ReadingBatch;
import io.brightcounter.readings.Timestamp;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

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
 * on the device is a torn last write (see {@link #handleBadFrame}), cut off.
 * </ul>
 */
final class JournalRecovery {

    private static final Log logger = LogFactory.getLog(Journal.class);

    static final Pattern SEGMENT_NAME = Pattern.compile("segment-(\\d{16})\\.log");

    static final Pattern SNAPSHOT_NAME = Pattern.compile("snapshot-(\\d{16})\\.snap");

    static final Pattern SNAPSHOT_TEMP_NAME = Pattern.compile("snapshot-(\\d{16})\\.snap\\.tmp");

    /**
     * How much candidate data the search for intact records behind a bad one may
     * checksum.
     */
    private static final long RESYNC_BUDGET = 256L << 20;

    /**
     * A run of this many zero bytes in a bad last frame is taken for sectors a power loss
     * kept from the device: a torn write, not a changed byte.
     */
    private static final int TORN_ZEROS = 16;

    /** Bytes a reading of a batch record takes at least: instant, offset and count. */
    private static final int MIN_READING_BYTES = 3;

    private final Path directory;

    private final boolean repair;

    private final List<String> dropped = new ArrayList<>();

    private final Set<Path> damaged = new LinkedHashSet<>();

    private long bytes;

    private long batches;

    JournalRecovery(Path directory, boolean repair) {
        this.directory = directory;
        this.repair = repair;
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

    Result run(Journal.Replay replay) throws IOException {
        Inventory inventory = Inventory.of(this.directory);
        for (Path temp : inventory.temporaries) {
            // A snapshot that never reached its rename: the segments it would cover are
            // all still here.
            Files.delete(temp);
        }
        List<Path> obsolete = new ArrayList<>();
        // The newest snapshot that is complete is the base; newer ones are damage.
        long covered = 0;
        Path base = null;
        List<Map.Entry<Long, Path>> newerDamaged = new ArrayList<>();
        for (var entry : inventory.snapshots.descendingMap().entrySet()) {
            Damage damage = checkSnapshot(entry.getValue());
            if (damage == null) {
                covered = entry.getKey();
                base = entry.getValue();
                break;
            }
            damaged(entry.getValue(), damage.offset, damage.reason, "everything from there on");
            newerDamaged.add(0, entry);
        }
        List<Path> setAside = new ArrayList<>();
        List<Path> coveredFiles = new ArrayList<>(inventory.segments.headMap(covered).values());
        coveredFiles.addAll(inventory.snapshots.headMap(covered).values());
        for (Path file : coveredFiles) {
            (readsWhole(file) ? obsolete : setAside).add(file);
        }
        if (base != null) {
            loadSnapshot(base, replay, Long.MAX_VALUE);
        }
        var live = inventory.segments.tailMap(covered, true);
        // The newest segment holding records: the only place a crash can have cut a
        // record short (segments after it hold at most their header, as after a
        // restart that crashed at once).
        long last = -1;
        for (var entry : live.entrySet()) {
            if (Files.isRegularFile(entry.getValue()) && Files.size(entry.getValue()) > Journal.SEGMENT_HEADER) {
                last = entry.getKey();
            }
        }
        long newestNumber = inventory.segments.isEmpty() ? -1 : inventory.segments.lastKey();
        int nextSnapshot = 0;
        int segments = 0;
        long liveBytes = 0;
        for (var entry : live.entrySet()) {
            while (nextSnapshot < newerDamaged.size() && newerDamaged.get(nextSnapshot).getKey() <= entry.getKey()) {
                loadDamagedSnapshot(newerDamaged.get(nextSnapshot++).getValue(), replay);
            }
            Path file = entry.getValue();
            if (replaySegment(file, entry.getKey() == last, entry.getKey() == newestNumber, replay)) {
                segments++;
                liveBytes += Math.max(0, Files.size(file) - Journal.SEGMENT_HEADER);
            }
            else if (!this.damaged.contains(file)) {
                obsolete.add(file);
            }
        }
        while (nextSnapshot < newerDamaged.size()) {
            loadDamagedSnapshot(newerDamaged.get(nextSnapshot++).getValue(), replay);
        }
        long lastNumber = Math.max(0,
                Math.max(newestNumber, inventory.snapshots.isEmpty() ? 0 : inventory.snapshots.lastKey() - 1));
        Journal.RecoveryReport report = new Journal.RecoveryReport(base, segments, this.batches, this.bytes,
                List.copyOf(this.dropped));
        return new Result(report, lastNumber, liveBytes, obsolete, List.copyOf(this.damaged), setAside);
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
            if (SNAPSHOT_NAME.matcher(file.getFileName().toString()).matches()) {
                return checkSnapshot(file) == null;
            }
            try (Records.Scanner scanner = new Records.Scanner(file, 0)) {
                byte[] magic = startsWith(file, Journal.SEGMENT_MAGIC_V1) ? Journal.SEGMENT_MAGIC_V1
                        : Journal.SEGMENT_MAGIC;
                if (checkMagic(file, scanner.fileSize(), magic, "journal segment") != null) {
                    return false;
                }
                scanner.skipTo(Journal.SEGMENT_HEADER);
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

    // ---- Snapshots ----

    /** Where a snapshot stops being readable, or {@code null} when it is complete. */
    private @Nullable Damage checkSnapshot(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return new Damage(0, "not a regular file");
        }
        try (Records.Scanner scanner = new Records.Scanner(file, 0)) {
            Damage magic = checkMagic(file, scanner.fileSize(), Journal.SNAPSHOT_MAGIC, "snapshot");
            if (magic != null) {
                return magic;
            }
            scanner.skipTo(Journal.SNAPSHOT_MAGIC.length);
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
                    return new Damage(bad.offset(), bad.reason());
                }
                if (payload == null) {
                    return new Damage(offset, "the snapshot ends without its closing record");
                }
                int type = payload.get(payload.position()) & 0xFF;
                if (type == Journal.SNAPSHOT_END) {
                    long expected;
                    try {
                        RecordInput input = new RecordInput(payload);
                        input.getByte();
                        expected = input.getVarLong();
                    }
                    catch (RuntimeException ex) {
                        return new Damage(offset, "unreadable closing record: " + describe(ex));
                    }
                    if (expected != records) {
                        return new Damage(offset, "closing record counts " + expected + " records, read " + records);
                    }
                    return null;
                }
                if (type != Journal.SNAPSHOT_DATA) {
                    return new Damage(offset, "unknown record type " + type);
                }
                records++;
            }
        }
        catch (IOException ex) {
            throw unreadable(file, ex);
        }
    }

    /**
     * Loads the snapshot's devices up to {@code end}; one that cannot be read is damage.
     */
    private void loadSnapshot(Path file, Journal.Replay replay, long end) throws IOException {
        try (Records.Scanner scanner = new Records.Scanner(file, 0)) {
            scanner.skipTo(Journal.SNAPSHOT_MAGIC.length);
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
                if (input.getByte() != Journal.SNAPSHOT_DATA) {
                    break;
                }
                try {
                    replay.snapshotRecord(input);
                }
                catch (RuntimeException ex) {
                    damaged(file, offset, "unreadable device record: " + describe(ex), "that record is skipped");
                }
            }
            this.bytes += Math.min(end, scanner.fileSize());
        }
        catch (IOException ex) {
            throw unreadable(file, ex);
        }
    }

    /** Under repair: the devices a damaged snapshot holds before its damage. */
    private void loadDamagedSnapshot(Path file, Journal.Replay replay) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) < Journal.SNAPSHOT_MAGIC.length
                || !startsWith(file, Journal.SNAPSHOT_MAGIC)) {
            return;
        }
        Damage damage = checkSnapshot(file);
        loadSnapshot(file, replay, (damage != null) ? damage.offset : Long.MAX_VALUE);
    }

    // ---- Segments ----

    /**
     * Replays one segment; returns {@code false} for a file that holds nothing to read
     * (damaged whole, or the newest segment cut short in its creation).
     */
    private boolean replaySegment(Path file, boolean newest, boolean lastFile, Journal.Replay replay)
            throws IOException {
        if (!Files.isRegularFile(file)) {
            damaged(file, 0, "not a regular file", "it is not read");
            return false;
        }
        try (Records.Scanner scanner = new Records.Scanner(file, 0)) {
            long size = scanner.fileSize();
            boolean grouped = !startsWith(file, Journal.SEGMENT_MAGIC_V1);
            byte[] magic = grouped ? Journal.SEGMENT_MAGIC : Journal.SEGMENT_MAGIC_V1;
            Damage header = checkMagic(file, size, magic, "journal segment");
            if (header != null) {
                if (lastFile && size < Journal.SEGMENT_HEADER && startsWith(file, magic, (int) size)) {
                    // The newest segment, created just before a crash: it never took a
                    // record, since a segment takes records only once its header is
                    // written.
                    logger.info("Deleting " + file.getFileName() + " (" + size
                            + " bytes): a segment whose creation was cut short, which never held a record");
                    return false;
                }
                damaged(file, header.offset, header.reason, "it is not read");
                return false;
            }
            long base = segmentBase(file);
            List<UUID> devices = new ArrayList<>();
            scanner.skipTo(Journal.SEGMENT_HEADER);
            while (true) {
                long offset = scanner.position();
                ByteBuffer payload;
                try {
                    payload = scanner.next();
                }
                catch (Records.BadRecord bad) {
                    handleBadFrame(file, bad, newest, grouped, size);
                    break;
                }
                if (payload == null) {
                    break;
                }
                List<Map.Entry<UUID, ReadingBatch>> decoded;
                try {
                    decoded = decodeFrame(payload, grouped, base, devices);
                }
                catch (RuntimeException ex) {
                    // The checksum matched, so this is not a torn write: a record whose
                    // values cannot be what the journal wrote is damage.
                    damaged(file, offset, "unreadable batch record: " + describe(ex), "that record is skipped");
                    continue;
                }
                for (Map.Entry<UUID, ReadingBatch> batch : decoded) {
                    try {
                        replay.batch(batch.getKey(), batch.getValue());
                        this.batches++;
                    }
                    catch (RuntimeException ex) {
                        damaged(file, offset,
                                "batch of device " + batch.getKey() + " cannot be applied: " + describe(ex),
                                "that batch is skipped");
                    }
                }
            }
            this.bytes += size;
            return true;
        }
        catch (IOException ex) {
            throw unreadable(file, ex);
        }
    }

    /**
     * The batches of one checked frame: in format 2 a group (what was on the device when
     * it was written, then its records, each a length and a batch), in format 1 one
     * batch. A group is decoded whole before any of it is replayed.
     */
    static List<Map.Entry<UUID, ReadingBatch>> decodeFrame(ByteBuffer payload, boolean grouped, long base,
            List<UUID> devices) {
        if (!grouped) {
            ReadingBatch readings = new ReadingBatch();
            UUID deviceId = decodeBatch(new RecordInput(payload), base, devices, readings);
            return List.of(Map.entry(deviceId, readings));
        }
        RecordInput frame = new RecordInput(payload);
        frame.getVarLong();
        List<Map.Entry<UUID, ReadingBatch>> batches = new ArrayList<>();
        while (frame.hasRemaining()) {
            long length = frame.getVarLong();
            if (length < 1 || length > frame.remaining()) {
                throw new IllegalArgumentException(
                        "a record of the group claims " + length + " bytes, " + frame.remaining() + " are left");
            }
            ReadingBatch readings = new ReadingBatch();
            UUID deviceId = decodeBatch(new RecordInput(frame.take((int) length)), base, devices, readings);
            batches.add(Map.entry(deviceId, readings));
        }
        return batches;
    }

    /**
     * Reads a batch record of a segment whose base and numbered devices are given, and
     * checks its values against the contract: counts from 1, instants the timestamp
     * grammar can write.
     */
    static UUID decodeBatch(RecordInput in, long base, List<UUID> devices, ReadingBatch into) {
        long reference = in.getVarLong();
        UUID deviceId;
        if (reference == Journal.NEW_DEVICE) {
            deviceId = in.getUuid();
            devices.add(deviceId);
        }
        else if (reference == Journal.FULL_DEVICE) {
            deviceId = in.getUuid();
        }
        else if (reference >= 2 && reference - 2 < devices.size()) {
            deviceId = devices.get((int) (reference - 2));
        }
        else {
            throw new IllegalArgumentException("device number " + (reference - 2) + " not defined in this segment");
        }
        long size = in.getVarLong();
        if (size < 0 || size > in.remaining() / MIN_READING_BYTES) {
            throw new IllegalArgumentException(
                    "the batch claims " + Long.toUnsignedString(size) + " readings in " + in.remaining() + " bytes");
        }
        long instant = base;
        for (long i = 0; i < size; i++) {
            instant = Math.addExact(instant, in.getSignedVarLong());
            int offset = in.getOffset();
            long count = in.getVarLong();
            if (count < 1) {
                throw new IllegalArgumentException("reading " + i + " has count " + Long.toUnsignedString(count)
                        + ", outside 1 to " + Long.MAX_VALUE);
            }
            if (!Timestamp.isValid(instant, offset)) {
                throw new IllegalArgumentException("reading " + i + " is at second " + instant + " in offset " + offset
                        + " s, outside the years 0001 to 9999 or the offsets of 18 hours either way");
            }
            into.add(count, new Timestamp(instant, offset));
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("batch record has " + in.remaining() + " bytes after its readings");
        }
        return deviceId;
    }

    /**
     * A bad frame in the newest segment is a torn last write when no intact frame after
     * it says it had reached the device: in format 2 a frame records how much of the
     * segment was flushed when it was written (in {@code fsync} mode, everything before
     * it), so only damage below that mark stops the start. The frames of {@code write}
     * mode's last second after a torn one are dropped with it, as that mode allows. A
     * torn write cut short is dropped at INFO; one whose length is all there (a changed
     * byte in the last record looks the same) at WARN, with a copy kept beside the file.
     */
    private void handleBadFrame(Path file, Records.BadRecord bad, boolean newest, boolean grouped, long fileSize)
            throws IOException {
        long offset = bad.offset();
        boolean torn = newest && !Records.Scanner.intactRecordAfter(file, offset, RESYNC_BUDGET,
                (frame) -> !grouped || durableMark(frame) > offset);
        if (!torn) {
            damaged(file, offset, bad.reason(), "everything from there to the end of the file");
            return;
        }
        long length = fileSize - offset;
        if (bad.cutShort() || holdsZeros(file, offset, fileSize)) {
            // Cut short by a crash while it was written: never acknowledged.
            logger.info("Dropped an incomplete last write of " + length + " bytes at offset " + offset + " of "
                    + file.getFileName() + " (" + bad.reason() + ")");
        }
        else {
            Path kept = file.resolveSibling(file.getFileName() + ".damaged-" + offset);
            try (FileChannel source = FileChannel.open(file, StandardOpenOption.READ);
                    FileChannel copy = FileChannel.open(kept, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING)) {
                long at = 0;
                while (at < length) {
                    at += source.transferTo(offset + at, length - at, copy);
                }
                copy.force(false);
            }
            logger.warn("Dropped the last write of " + file.getFileName() + ", " + length + " bytes at offset " + offset
                    + ": its length is all there but " + bad.reason()
                    + ". A write torn by a power loss, or a changed byte in an acknowledged batch; the bytes are kept in "
                    + kept.getFileName());
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(offset);
            channel.force(false);
        }
    }

    /**
     * Whether the bytes from {@code from} to {@code to} hold a run of zeros as long as a
     * lost sector leaves.
     */
    private static boolean holdsZeros(Path file, long from, long to) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(64 << 10);
        int run = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long at = from;
            while (at < to) {
                chunk.clear().limit((int) Math.min(chunk.capacity(), to - at));
                int read = channel.read(chunk, at);
                if (read <= 0) {
                    return false;
                }
                for (int i = 0; i < read; i++) {
                    run = (chunk.get(i) == 0) ? run + 1 : 0;
                    if (run >= TORN_ZEROS) {
                        return true;
                    }
                }
                at += read;
            }
        }
        return false;
    }

    /**
     * What of its segment a group frame says was on the device; unreadable: all of it.
     */
    private static long durableMark(ByteBuffer frame) {
        try {
            return new RecordInput(frame.duplicate()).getVarLong();
        }
        catch (RuntimeException ex) {
            return Long.MAX_VALUE;
        }
    }

    // ---- Damage ----

    /**
     * Damage at an offset: without repair the start stops; with it, the loss is reported
     * and the file is set aside once a snapshot covers it.
     */
    private void damaged(Path file, long offset, String reason, String skipped) throws IOException {
        if (!this.repair) {
            throw new JournalDamagedException(file, offset, reason);
        }
        this.damaged.add(file);
        this.dropped.add(file.getFileName() + ": damaged at offset " + offset + " (" + reason + "); " + skipped
                + " is dropped. The file is set aside as " + file.getFileName()
                + ".damaged once a snapshot of what was read is on disk");
    }

    /**
     * Whether the file starts with the magic and has its whole header: {@code null} when
     * it does, the damage otherwise.
     */
    private static @Nullable Damage checkMagic(Path file, long size, byte[] magic, String kind) throws IOException {
        int headerLength = (magic == Journal.SNAPSHOT_MAGIC) ? magic.length : Journal.SEGMENT_HEADER;
        if (!startsWith(file, magic, (int) Math.min(size, magic.length))) {
            return new Damage(0, "not a " + kind + " file: it does not start with " + new String(magic));
        }
        if (size < headerLength) {
            return new Damage(0, (size == 0) ? "the file is empty"
                    : "the file holds " + size + " bytes, less than a " + kind + "'s header of " + headerLength);
        }
        return null;
    }

    private static boolean startsWith(Path file, byte[] magic) throws IOException {
        return startsWith(file, magic, magic.length);
    }

    /** Whether the file's first {@code length} bytes are the magic's. */
    private static boolean startsWith(Path file, byte[] magic, int length) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(length);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (head.hasRemaining() && channel.read(head, head.position()) > 0) {
                // Read on.
            }
        }
        return !head.hasRemaining() && Arrays.equals(head.array(), 0, length, magic, 0, length);
    }

    private static long segmentBase(Path file) throws IOException {
        ByteBuffer base = ByteBuffer.allocate(8);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.read(base, Journal.SEGMENT_MAGIC.length);
        }
        return base.flip().getLong();
    }

    private static String describe(RuntimeException ex) {
        if (ex instanceof BufferUnderflowException || ex instanceof IndexOutOfBoundsException) {
            return "the record ends before its contents do";
        }
        return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
    }

    private static IOException unreadable(Path file, IOException ex) {
        if (ex.getMessage() != null && ex.getMessage().contains(file.toAbsolutePath().toString())) {
            return ex;
        }
        return new IOException("Could not read journal file " + file.toAbsolutePath() + ": " + ex.getMessage(), ex);
    }

    private record Damage(long offset, String reason) {
    }

    /** The journal's files by kind, numbered. */
    record Inventory(TreeMap<Long, Path> segments, TreeMap<Long, Path> snapshots, List<Path> temporaries) {

        static Inventory of(Path directory) throws IOException {
            Inventory inventory = new Inventory(new TreeMap<>(), new TreeMap<>(), new ArrayList<>());
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    Matcher segment = SEGMENT_NAME.matcher(name);
                    Matcher snapshot = SNAPSHOT_NAME.matcher(name);
                    if (segment.matches()) {
                        inventory.segments.put(Long.parseLong(segment.group(1)), entry);
                    }
                    else if (snapshot.matches()) {
                        inventory.snapshots.put(Long.parseLong(snapshot.group(1)), entry);
                    }
                    else if (SNAPSHOT_TEMP_NAME.matcher(name).matches()) {
                        inventory.temporaries.add(entry);
                    }
                }
            }
            return inventory;
        }

    }

}
