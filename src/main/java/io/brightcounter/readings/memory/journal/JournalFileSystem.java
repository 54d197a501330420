package io.brightcounter.readings.memory.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens the files the journal writes: its segments and snapshots. The seam where tests
 * inject a full disk or a failing device; the default writes through a
 * {@link FileChannel}.
 */
public interface JournalFileSystem {

    /** The real file system. */
    JournalFileSystem DEFAULT = (path) -> new FileJournalChannel(
            FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));

    /** Creates a new, empty file for writing; fails if it exists. */
    JournalChannel create(Path path) throws IOException;

    /** A journal channel over a file channel. */
    final class FileJournalChannel implements JournalChannel {

        private final FileChannel channel;

        FileJournalChannel(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(ByteBuffer bytes) throws IOException {
            while (bytes.hasRemaining()) {
                this.channel.write(bytes);
            }
        }

        @Override
        public void force() throws IOException {
            this.channel.force(false);
        }

        @Override
        public void truncate(long size) throws IOException {
            this.channel.truncate(size);
            this.channel.position(size);
        }

        @Override
        public long size() throws IOException {
            return this.channel.size();
        }

        @Override
        public void close() throws IOException {
            this.channel.close();
        }

    }

}
