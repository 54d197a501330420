package io.brightcounter.readings.memory;

/**
 * An {@link InstantSet}'s bitmap layout, its two parts kept in step: the instants in the
 * bitmap, and each reading's count and offset in the window values at the instant's rank
 * in its window. A reading goes into both; the history is visited window by window, and
 * series are added from the windows' sums.
 */
final class BitmapLayout {

    private BitmapLayout() {
    }

    /**
     * Adds a reading whose instant the bitmap does not hold; {@code pastLast} when it
     * lies after every instant of its span, so that its rank is its window's size. A
     * failure leaves both parts as they were.
     */
    static void insert(InstantBitmap bitmap, WindowValues values, long epochSecond, long count, int offsetSeconds,
            boolean pastLast) {
        long window = epochSecond >> InstantSet.WINDOW_BITS;
        int rank;
        if (pastLast) {
            int index = values.find(window);
            rank = (index >= 0) ? values.size(index) : 0;
        }
        else {
            rank = bitmap.rankInWindow(epochSecond);
        }
        values.insert(window, rank, count, offsetSeconds);
        try {
            bitmap.add(epochSecond);
        }
        catch (Throwable ex) {
            values.remove(window, rank);
            throw ex;
        }
    }

    /** As {@link InstantSet#forEach}, for the bitmap layout. */
    static void forEach(InstantBitmap bitmap, WindowValues values, long from, long to,
            InstantSet.ReadingVisitor visitor) {
        for (int w = values.ceiling(from >> InstantSet.WINDOW_BITS); w < values.windows(); w++) {
            long start = values.key(w) << InstantSet.WINDOW_BITS;
            if (start >= to) {
                return;
            }
            long low = Math.max(from, start);
            int[] rank = { bitmap.rankInWindow(low) };
            int window = w;
            boolean[] stopped = { false };
            bitmap.forEachInWindow(low, Math.min(to, start + (1L << InstantSet.WINDOW_BITS)), (instant) -> {
                int r = rank[0]++;
                if (!visitor.visit(instant, values.offsetSeconds(window, r), values.count(window, r))) {
                    stopped[0] = true;
                    return false;
                }
                return true;
            });
            if (stopped[0]) {
                return;
            }
        }
    }

    /**
     * As {@link InstantSet#series}, for the bitmap layout: whole windows are added from
     * their sums, and a window a bucket boundary cuts from the slices its ranks give, so
     * a year of daily buckets reads a few hundred windows, not every reading.
     */
    static void series(InstantBitmap bitmap, WindowValues values, long from, long to, long step, long[] sums,
            long[] readings) {
        InstantBitmap.RankCursor ranks = bitmap.rankCursor();
        for (int w = values.ceiling(from >> InstantSet.WINDOW_BITS); w < values.windows(); w++) {
            long start = values.key(w) << InstantSet.WINDOW_BITS;
            long end = start + (1L << InstantSet.WINDOW_BITS);
            if (start >= to) {
                return;
            }
            long low = Math.max(from, start);
            long high = Math.min(to, end);
            int firstBucket = (int) ((low - from) / step);
            int lastBucket = (int) ((high - 1 - from) / step);
            if (firstBucket == lastBucket && low == start && high == end) {
                sums[firstBucket] += values.sum(w);
                readings[firstBucket] += values.size(w);
                continue;
            }
            int rankLow = ranks.rankInWindow(low);
            for (int bucket = firstBucket; bucket <= lastBucket; bucket++) {
                long bucketEnd = Math.min(high, from + (bucket + 1) * step);
                int rankHigh = (bucketEnd == end) ? values.size(w) : ranks.rankInWindow(bucketEnd);
                sums[bucket] += values.sum(w, rankLow, rankHigh);
                readings[bucket] += rankHigh - rankLow;
                rankLow = rankHigh;
            }
        }
    }

}
