package io.brightcounter.readings.memory.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A disk that loses power, for tests: the way SQLite's crash-test file system works.
 * Files are written to the real directory (the journal reads, renames and deletes them
 * there), and beside each file this keeps what a power loss would leave of it: the bytes
 * as of its last {@code force()} (durable), then the writes and truncations since
 * (volatile, in the page cache).
 *
 * <p>
 * The power goes at a chosen operation ({@link #crashBeforeOperation}, counting creates,
 * writes, forces and truncations of every file) or at once ({@link #powerLoss()}); that
 * operation and every later one fail with {@code IOException}, as they would on a machine
 * that is off: nothing done after the loss is acknowledged. A write the power goes at was
 * under way: it is volatile, like those before it. {@link #writeImage} then writes what
 * the disk holds after the loss into another directory, for a fresh start over it. Per
 * file, independently (page cache write-back orders files freely): a random number of its
 * volatile operations reached the disk whole, in order; the next one is lost, or torn at
 * 512-byte sectors as {@link Tear} says.
 *
 * <p>
 * <b>The model of directory operations.</b> The journal creates files through this seam
 * but renames and deletes them with {@code java.nio.file.Files}, and forces the directory
 * itself. Those are not seen here: a rename or a delete is durable when it is made, in
 * the order made (what the journal's directory forces promise it). The process may finish
 * directory operations after the loss (a snapshot flushed before it is renamed and its
 * segments deleted): they stand for a loss that came just after them, a state the disk
 * could be in, since only the writes the loss dropped came later. Files are known by
 * their inode, so a snapshot keeps its model across its rename. Not modelled: a created
 * file or a rename lost for want of a directory force.
 */
public final class PowerLossFileSystem implements JournalFileSystem {

    /** Bytes a disk writes atomically: a torn write is torn at these boundaries. */
    public static final int SECTOR = 512;

    /**
     * What becomes of the first volatile write of a file that did not reach the disk
     * whole.
     */
    public enum Tear {

        /** Lost whole: writes reach the disk whole or not at all. */
        NONE,

        /**
         * Its first sectors reached the disk, the rest did not; the file ends after them
         * or, when its size had been written, runs on to the write's end in zeros.
         */
        IN_ORDER,

        /**
         * Its sectors reached the disk in any order: at least one is missing (zeros)
         * before one that is there, and the file has the write's full size.
         */
        ANY_ORDER

    }

    private final Object lock = new Object();

    /** Every file created, by inode; a snapshot keeps its inode across its rename. */
    private final Map<Object, FileModel> files = new HashMap<>();

    private final boolean lyingForce;

    /** How long a force takes: as a device's flush does, it lets the next group fill. */
    private volatile long forceNanos;

    private long operations;

    private long crashAt = Long.MAX_VALUE;

    /** Part of the names of the files whose operations count towards {@link #crashAt}. */
    private String crashOn = "";

    private long counted;

    private boolean lost;

    private long lostAtNanos;

    private String lostAt = "-";

    private int tornWrites;

    private Consumer<Path> created = (path) -> {
    };

    /** A disk that keeps its promises. */
    public PowerLossFileSystem() {
        this(false);
    }

    /**
     * With {@code lyingForce}, {@code force()} returns without making anything durable: a
     * disk whose write cache ignores flushes, to prove the checks catch lost data.
     */
    public PowerLossFileSystem(boolean lyingForce) {
        this.lyingForce = lyingForce;
    }

    /**
     * Makes every {@code force()} take this long, outside any lock: writers then gather
     * into groups of several records, as they do behind a real device's flush.
     */
    public void forceTakes(long nanos) {
        this.forceNanos = nanos;
    }

    /**
     * The power goes just before operation {@code number} (from 1): it and every later
     * one fail.
     */
    public void crashBeforeOperation(long number) {
        crashBeforeOperation(number, "");
    }

    /**
     * The power goes just before operation {@code number} (from 1) of those on files
     * whose name contains {@code on}, such as {@code ".snap"} for a crash while a
     * snapshot is written.
     */
    public void crashBeforeOperation(long number, String on) {
        synchronized (this.lock) {
            this.crashAt = number;
            this.crashOn = on;
        }
    }

    /** The power goes now. */
    public void powerLoss() {
        synchronized (this.lock) {
            lose("at the caller's request");
        }
    }

    public boolean powerLost() {
        synchronized (this.lock) {
            return this.lost;
        }
    }

    /** {@link System#nanoTime()} when the power went. */
    public long powerLostAtNanos() {
        synchronized (this.lock) {
            return this.lostAtNanos;
        }
    }

    /** Which operation on which file the power went at, for failure messages. */
    public String powerLostAt() {
        synchronized (this.lock) {
            return this.lostAt;
        }
    }

    /** Operations done before the power went (or so far). */
    public long operations() {
        synchronized (this.lock) {
            return this.operations;
        }
    }

    /** Writes {@link #writeImage} tore. */
    public int tornWrites() {
        synchronized (this.lock) {
            return this.tornWrites;
        }
    }

    /** Told of every file created, on the creating thread, once it exists. */
    public void onCreate(Consumer<Path> listener) {
        synchronized (this.lock) {
            this.created = listener;
        }
    }

    @Override
    public JournalChannel create(Path path) throws IOException {
        Channel channel;
        Consumer<Path> listener;
        synchronized (this.lock) {
            step("create", path);
            JournalChannel real = JournalFileSystem.DEFAULT.create(path);
            FileModel model = new FileModel(path.getFileName().toString());
            this.files.put(keyOf(path), model);
            channel = new Channel(real, model);
            listener = this.created;
        }
        listener.accept(path);
        return channel;
    }

    private static Object keyOf(Path path) throws IOException {
        Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        return (key != null) ? key : path.toAbsolutePath();
    }

    /** Counts one operation; the one the power goes at, and all after it, fail. */
    private void step(String operation, Path file) throws IOException {
        if (this.lost) {
            throw new IOException("power lost");
        }
        this.operations++;
        if (file.getFileName().toString().contains(this.crashOn) && ++this.counted >= this.crashAt) {
            lose(operation + " " + file.getFileName() + " (operation " + this.operations + ")");
        }
        if (this.lost) {
            throw new IOException("power lost");
        }
    }

    private void lose(String where) {
        if (!this.lost) {
            this.lost = true;
            this.lostAtNanos = System.nanoTime();
            this.lostAt = where;
        }
    }

    /**
     * Writes into {@code target} what the disk holds after the power loss, for the files
     * now in {@code source}; call it once the process that wrote them has stopped. Files
     * not created through this file system (the lock, copies kept by repair) are copied
     * as they are. The choices are drawn from {@code random} in file-name order, so a
     * seed repeats them.
     */
    public void writeImage(Path source, Path target, Tear tear, Random random) throws IOException {
        synchronized (this.lock) {
            lose("when the image was taken");
            Files.createDirectories(target);
            TreeMap<String, Path> names = new TreeMap<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(source)) {
                for (Path entry : entries) {
                    if (Files.isRegularFile(entry)) {
                        names.put(entry.getFileName().toString(), entry);
                    }
                }
            }
            for (Map.Entry<String, Path> entry : names.entrySet()) {
                FileModel model = this.files.get(keyOf(entry.getValue()));
                Path copy = target.resolve(entry.getKey());
                if (model == null) {
                    Files.copy(entry.getValue(), copy, StandardCopyOption.COPY_ATTRIBUTES);
                    continue;
                }
                String name = entry.getKey();
                if (!name.equals(model.created) && !(model.created.equals(name + ".tmp"))) {
                    throw new IllegalStateException(
                            name + " has the inode of " + model.created + ": not a rename the journal makes");
                }
                Files.write(copy, model.afterPowerLoss(tear, random));
            }
        }
    }

    /** A file as written, as durable, and what is still volatile. */
    private final class FileModel {

        private final String created;

        /** The bytes as of the last force. */
        private byte[] durable = new byte[0];

        /** Writes and truncations since, in order. */
        private final List<Operation> volatileOperations = new ArrayList<>();

        /** Its size as the writer sees it. */
        private long size;

        FileModel(String created) {
            this.created = created;
        }

        void force() {
            if (PowerLossFileSystem.this.lyingForce) {
                return;
            }
            byte[] content = this.durable;
            for (Operation operation : this.volatileOperations) {
                content = operation.applyTo(content);
            }
            this.durable = content;
            this.volatileOperations.clear();
        }

        byte[] afterPowerLoss(Tear tear, Random random) {
            int pending = this.volatileOperations.size();
            int reached = random.nextInt(pending + 1);
            byte[] content = this.durable;
            for (int i = 0; i < reached; i++) {
                content = this.volatileOperations.get(i).applyTo(content);
            }
            if (reached < pending && tear != Tear.NONE) {
                byte[] torn = this.volatileOperations.get(reached).tear(content, tear, random);
                if (torn != null) {
                    PowerLossFileSystem.this.tornWrites++;
                    content = torn;
                }
            }
            return content;
        }

    }

    /**
     * A write at an offset, or a truncation ({@code bytes == null}) to {@code offset}.
     */
    private record Operation(long offset, byte[] bytes) {

        byte[] applyTo(byte[] content) {
            if (this.bytes == null) {
                return (this.offset < content.length) ? Arrays.copyOf(content, (int) this.offset) : content;
            }
            int end = (int) this.offset + this.bytes.length;
            byte[] result = Arrays.copyOf(content, Math.max(content.length, end));
            System.arraycopy(this.bytes, 0, result, (int) this.offset, this.bytes.length);
            return result;
        }

        /**
         * The content with this write torn, or {@code null} when it cannot be torn that
         * way (a truncation, or a write within one sector).
         */
        byte[] tear(byte[] content, Tear tear, Random random) {
            if (this.bytes == null) {
                return null;
            }
            int start = (int) this.offset;
            int end = start + this.bytes.length;
            int first = start / SECTOR;
            int sectors = (end - 1) / SECTOR - first + 1;
            if (sectors < 2) {
                return null;
            }
            boolean[] present = new boolean[sectors];
            int length = end;
            if (tear == Tear.IN_ORDER) {
                int reached = 1 + random.nextInt(sectors - 1);
                Arrays.fill(present, 0, reached, true);
                if (random.nextBoolean()) {
                    length = Math.min(end, (first + reached) * SECTOR);
                }
            }
            else {
                int there = 1 + random.nextInt(sectors - 1);
                int missing = random.nextInt(there);
                for (int i = 0; i < sectors; i++) {
                    present[i] = random.nextBoolean();
                }
                present[there] = true;
                present[missing] = false;
            }
            byte[] result = Arrays.copyOf(content, Math.max(content.length, length));
            for (int i = 0; i < sectors; i++) {
                if (!present[i]) {
                    continue;
                }
                int from = Math.max(start, (first + i) * SECTOR);
                int to = Math.min(Math.min(end, (first + i + 1) * SECTOR), length);
                if (from < to) {
                    System.arraycopy(this.bytes, from - start, result, from, to - from);
                }
            }
            return result;
        }

    }

    /**
     * Writes through to the real file and into the model; fails once the power is gone.
     */
    private final class Channel implements JournalChannel {

        private final JournalChannel real;

        private final FileModel model;

        private final Path name;

        Channel(JournalChannel real, FileModel model) {
            this.real = real;
            this.model = model;
            this.name = Path.of(model.created);
        }

        @Override
        public void write(ByteBuffer bytes) throws IOException {
            synchronized (PowerLossFileSystem.this.lock) {
                byte[] copy = new byte[bytes.remaining()];
                bytes.duplicate().get(copy);
                boolean lostBefore = PowerLossFileSystem.this.lost;
                try {
                    step("write", this.name);
                }
                catch (IOException ex) {
                    if (!lostBefore) {
                        // The power went while this write was under way: any part of it
                        // may have reached the page cache, and so the disk.
                        this.model.volatileOperations.add(new Operation(this.model.size, copy));
                    }
                    throw ex;
                }
                this.real.write(bytes);
                this.model.volatileOperations.add(new Operation(this.model.size, copy));
                this.model.size += copy.length;
            }
        }

        @Override
        public void force() throws IOException {
            long nanos = PowerLossFileSystem.this.forceNanos;
            if (nanos > 0) {
                LockSupport.parkNanos(nanos);
            }
            synchronized (PowerLossFileSystem.this.lock) {
                step("force", this.name);
                // The real file needs no flush: only the model's idea of the disk
                // matters.
                this.model.force();
            }
        }

        @Override
        public void truncate(long size) throws IOException {
            synchronized (PowerLossFileSystem.this.lock) {
                step("truncate", this.name);
                this.real.truncate(size);
                this.model.volatileOperations.add(new Operation(size, null));
                this.model.size = Math.min(this.model.size, size);
            }
        }

        @Override
        public long size() throws IOException {
            synchronized (PowerLossFileSystem.this.lock) {
                if (PowerLossFileSystem.this.lost) {
                    throw new IOException("power lost");
                }
                return this.model.size;
            }
        }

        @Override
        public void close() throws IOException {
            // Closing writes nothing to the disk, so it works with or without power: the
            // process lets go of its files either way.
            this.real.close();
        }

    }

}
