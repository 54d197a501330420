package io.brightcounter.readings.memory.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The journal directory's files: their names, their headers, and the directory's own
 * flush. Writing, snapshots and recovery all name files through here, so a file's format
 * is stated once.
 */
final class JournalFiles {

    /**
     * Segments of format 2: each group of records written together is one frame, with its
     * length and checksum, so that a group torn by a power loss reads as one bad frame
     * whichever of its sectors reached the disk.
     */
    static final byte[] SEGMENT_MAGIC = { 'B', 'C', 'J', 'R', 'N', 'L', '0', '2' };

    /** Segments of format 1: a frame per record. Read at start, no longer written. */
    static final byte[] SEGMENT_MAGIC_V1 = { 'B', 'C', 'J', 'R', 'N', 'L', '0', '1' };

    /**
     * A segment starts with its magic and its base instant: the epoch second it was begun
     * at.
     */
    static final int SEGMENT_HEADER = SEGMENT_MAGIC.length + 8;

    static final byte[] SNAPSHOT_MAGIC = { 'B', 'C', 'S', 'N', 'A', 'P', '0', '1' };

    /**
     * Snapshot record types: a device's state, and the closing record that proves the
     * file complete.
     */
    static final int SNAPSHOT_DATA = 1;

    static final int SNAPSHOT_END = 2;

    static final Pattern SEGMENT_NAME = Pattern.compile("segment-(\\d{16})\\.log");

    static final Pattern SNAPSHOT_NAME = Pattern.compile("snapshot-(\\d{16})\\.snap");

    static final Pattern SNAPSHOT_TEMP_NAME = Pattern.compile("snapshot-(\\d{16})\\.snap\\.tmp");

    private JournalFiles() {
    }

    static Path segment(Path directory, long number) {
        return directory.resolve(String.format("segment-%016d.log", number));
    }

    static Path snapshot(Path directory, long covered) {
        return directory.resolve(String.format("snapshot-%016d.snap", covered));
    }

    static Path snapshotTemp(Path directory, long covered) {
        return directory.resolve(String.format("snapshot-%016d.snap.tmp", covered));
    }

    /** Where a damaged file is kept once nothing needs it. */
    static Path setAside(Path file) {
        return file.resolveSibling(file.getFileName() + ".damaged");
    }

    /**
     * Makes the directory's entries (a new or renamed file, a deletion) durable, as a
     * file's own flush does not.
     */
    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    static boolean isSegment(Path file) {
        return SEGMENT_NAME.matcher(file.getFileName().toString()).matches();
    }

    /** The format a segment file starts with: format 1's magic, else format 2's. */
    static byte[] segmentMagic(Path file) throws IOException {
        return startsWith(file, SEGMENT_MAGIC_V1, SEGMENT_MAGIC_V1.length) ? SEGMENT_MAGIC_V1 : SEGMENT_MAGIC;
    }

    /** Whether the file's first {@code length} bytes are the magic's. */
    static boolean startsWith(Path file, byte[] magic, int length) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(length);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (head.hasRemaining() && channel.read(head, head.position()) > 0) {
                // Read on.
            }
        }
        return !head.hasRemaining() && Arrays.equals(head.array(), 0, length, magic, 0, length);
    }

    /**
     * Whether the file starts with the magic and has its whole header: {@code null} when
     * it does, the damage otherwise.
     */
    static DamageLog.@Nullable Damage checkHeader(Path file, long size, byte[] magic, String kind) throws IOException {
        int headerLength = (magic == SNAPSHOT_MAGIC) ? magic.length : SEGMENT_HEADER;
        if (!startsWith(file, magic, (int) Math.min(size, magic.length))) {
            return new DamageLog.Damage(0, "not a " + kind + " file: it does not start with " + new String(magic));
        }
        if (size < headerLength) {
            return new DamageLog.Damage(0, (size == 0) ? "the file is empty"
                    : "the file holds " + size + " bytes, less than a " + kind + "'s header of " + headerLength);
        }
        return null;
    }

    /** The base instant in a segment's header. */
    static long segmentBase(Path file) throws IOException {
        ByteBuffer base = ByteBuffer.allocate(8);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.read(base, SEGMENT_MAGIC.length);
        }
        return base.flip().getLong();
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
