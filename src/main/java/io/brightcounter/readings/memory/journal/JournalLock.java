package io.brightcounter.readings.memory.journal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive operating-system lock on a file in the journal directory, held for the
 * life of the process: two processes appending to one journal would interleave their
 * records and each delete the other's segments. The lock goes with the process, however
 * it ends, so a crash never leaves a stale lock behind; the file itself stays (deleting
 * it would let a second process lock a new file while the first still holds the old one).
 * It holds the owner's process id for the refusal message.
 */
final class JournalLock implements Closeable {

    static final String FILE_NAME = "journal.lock";

    private final FileChannel channel;

    private final FileLock lock;

    private JournalLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static JournalLock acquire(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        }
        catch (OverlappingFileLockException ex) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new JournalLockedException(directory, owner(file));
        }
        byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(pid), 0);
        return new JournalLock(channel, lock);
    }

    private static String owner(Path file) {
        try {
            String pid = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return pid.isEmpty() ? "another process" : "process " + pid;
        }
        catch (IOException ex) {
            return "another process";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            this.lock.release();
        }
        finally {
            this.channel.close();
        }
    }

}
