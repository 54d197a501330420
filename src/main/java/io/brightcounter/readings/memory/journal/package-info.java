/**
 * The in-memory store's journal on disk: checksummed segment files written with group
 * commit, snapshots written aside and renamed into place, recovery on start, the
 * directory lock, and the file-system seam that tests use to inject faults. It knows
 * records and files, not devices.
 */
@NullMarked
package io.brightcounter.readings.memory.journal;

import org.jspecify.annotations.NullMarked;
