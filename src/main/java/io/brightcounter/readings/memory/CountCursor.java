package io.brightcounter.readings.memory;

/**
 * Counts of a bitmap layout's instants asked for in ascending order, the way a batch in
 * time order asks (see {@link InstantSet#countCursor}): Roaring's rank iterator stops at
 * the instant when it is there, so one forward step says both whether it is stored and
 * its rank. Not valid once the set changes.
 */
final class CountCursor {

    private final InstantBitmap.RankCursor ranks;

    private final WindowValues values;

    CountCursor(InstantBitmap.RankCursor ranks, WindowValues values) {
        this.ranks = ranks;
        this.values = values;
    }

    /**
     * As {@link InstantSet#countOf}; each call's instant is at or after the one before.
     */
    long countOf(long epochSecond) {
        int rank = this.ranks.rankInWindow(epochSecond);
        if (!this.ranks.holdsLast()) {
            return -1;
        }
        return this.values.count(this.values.find(epochSecond >> InstantSet.WINDOW_BITS), rank);
    }

}
