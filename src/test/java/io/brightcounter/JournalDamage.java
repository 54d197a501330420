package io.brightcounter;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Damage of the kind a start must refuse: a flipped bit in the middle of a journal
 * segment, not the cut-short last record a crash leaves.
 */
final class JournalDamage {

    private JournalDamage() {
    }

    /**
     * Flips one bit in the middle of the oldest segment in {@code directory}.
     * @return the damaged segment
     */
    static Path inTheMiddleOfTheFirstSegment(Path directory) throws IOException {
        Path segment;
        try (Stream<Path> files = Files.list(directory)) {
            segment = files.filter((file) -> file.getFileName().toString().endsWith(".log"))
                .sorted()
                .findFirst()
                .orElseThrow();
        }
        long middle = Files.size(segment) / 2;
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.seek(middle);
            int b = file.read();
            file.seek(middle);
            file.write(b ^ 0x10);
        }
        return segment;
    }

}
