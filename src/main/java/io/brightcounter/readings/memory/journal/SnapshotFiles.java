package io.brightcounter.readings.memory.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Writes a snapshot the way Redis rewrites its RDB file: into a temporary file, flushed,
 * then renamed into place and the directory flushed, so that a crash leaves either the
 * old files or the complete new one. Only then are the files it covers deleted.
 */
final class SnapshotFiles {

    private static final Log logger = LogFactory.getLog(Journal.class);

    private SnapshotFiles() {
    }

    /**
     * Writes snapshot {@code covered}, which covers every segment numbered below it.
     * @return bytes written
     */
    static long write(Path directory, JournalFileSystem files, long covered, Journal.SnapshotContents contents)
            throws IOException {
        Path temp = JournalFiles.snapshotTemp(directory, covered);
        Files.deleteIfExists(temp);
        long size;
        try (JournalChannel channel = files.create(temp)) {
            SnapshotOutput output = new SnapshotOutput(channel);
            contents.writeTo(output);
            output.finish();
            channel.force();
            size = channel.size();
        }
        catch (IOException | RuntimeException ex) {
            Files.deleteIfExists(temp);
            throw ex;
        }
        Files.move(temp, JournalFiles.snapshot(directory, covered), StandardCopyOption.ATOMIC_MOVE);
        JournalFiles.syncDirectory(directory);
        return size;
    }

    /**
     * Deletes the files a durable snapshot covers; files that recovery could read only in
     * part ({@code damaged} says which, and forgets them) are set aside as
     * {@code <name>.damaged} instead, for inspection. The caller flushes the directory.
     * @return record bytes of the segments deleted
     */
    static long deleteCoveredBy(Path directory, long covered, Predicate<Path> damaged) throws IOException {
        JournalFiles.Inventory inventory = JournalFiles.Inventory.of(directory);
        List<Path> coveredFiles = new ArrayList<>(inventory.segments().headMap(covered).values());
        coveredFiles.addAll(inventory.snapshots().headMap(covered).values());
        long deleted = 0;
        for (Path file : coveredFiles) {
            if (damaged.test(file)) {
                Path kept = JournalFiles.setAside(file);
                Files.move(file, kept, StandardCopyOption.REPLACE_EXISTING);
                logger.warn("Set " + file.getFileName() + " aside as " + kept.getFileName()
                        + ": a snapshot now holds what could be read of it");
                continue;
            }
            if (JournalFiles.isSegment(file)) {
                deleted += Math.max(0, Files.size(file) - JournalFiles.SEGMENT_HEADER);
            }
            Files.delete(file);
        }
        return deleted;
    }

}
