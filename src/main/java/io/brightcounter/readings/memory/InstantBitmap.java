package io.brightcounter.readings.memory;

import java.util.Arrays;
import java.util.function.LongConsumer;
import java.util.function.LongPredicate;

import io.brightcounter.readings.ReadingBatch;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.Container;
import org.roaringbitmap.ContainerPointer;
import org.roaringbitmap.PeekableCharRankIterator;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Instants in Roaring bitmaps, one 32-bit bitmap per 2^32-second span (136 years) an
 * instant falls in: a device's instants nearly always share one span, so this is one
 * bitmap behind two one-element arrays. Roaring's own {@code Roaring64NavigableMap} does
 * the same with a tree map and cardinality caches, which cost more per device and hide
 * the 32-bit bitmaps that tell the store how many instants a 65,536-second window already
 * holds, which its byte count needs.
 *
 * <p>
 * Not thread-safe: the owning device state guards it.
 */
final class InstantBitmap {

    private int[] spans = new int[0];

    private RoaringBitmap[] bitmaps = new RoaringBitmap[0];

    boolean contains(long epochSecond) {
        RoaringBitmap bitmap = bitmapOf(span(epochSecond));
        return bitmap != null && bitmap.contains((int) epochSecond);
    }

    void add(long epochSecond) {
        int span = span(epochSecond);
        RoaringBitmap bitmap = bitmapOf(span);
        if (bitmap == null) {
            bitmap = addSpan(span);
        }
        bitmap.add((int) epochSecond);
    }

    /**
     * Adds the instants of readings {@code from} to {@code to}, ascending and in one
     * span, with one lookup of the span's bitmap: Roaring finds the container of each
     * from its last one.
     */
    void addAscending(ReadingBatch readings, int from, int to) {
        int span = span(readings.epochSecond(from));
        RoaringBitmap bitmap = bitmapOf(span);
        if (bitmap == null) {
            bitmap = addSpan(span);
        }
        for (int i = from; i < to; i++) {
            bitmap.add((int) readings.epochSecond(i));
        }
    }

    void remove(long epochSecond) {
        RoaringBitmap bitmap = bitmapOf(span(epochSecond));
        if (bitmap != null) {
            bitmap.remove((int) epochSecond);
        }
    }

    /**
     * How many instants the set holds in the 65,536-second {@code window}
     * ({@code epochSecond >> 16}).
     */
    long windowCardinality(long window) {
        RoaringBitmap bitmap = bitmapOf((int) (window >> 16));
        if (bitmap == null) {
            return 0;
        }
        long start = (window & 0xFFFF) << 16;
        return bitmap.rangeCardinality(start, start + 65536);
    }

    /**
     * How many instants of the set lie in {@code epochSecond}'s 65,536-second window
     * before it: its rank there, the slot of its values in {@link WindowValues}.
     */
    int rankInWindow(long epochSecond) {
        RoaringBitmap bitmap = bitmapOf(span(epochSecond));
        if (bitmap == null) {
            return 0;
        }
        long low = epochSecond & 0xFFFF_FFFFL;
        return (int) bitmap.rangeCardinality(low & ~0xFFFFL, low);
    }

    /**
     * Whether {@code epochSecond} lies after every instant of its span: its rank in its
     * window is then the window's size, with no count of the container. Readings mostly
     * arrive in time order, and Roaring finds its last value without a search.
     */
    boolean isPastLast(long epochSecond) {
        RoaringBitmap bitmap = bitmapOf(span(epochSecond));
        return bitmap == null || bitmap.isEmpty()
                || (epochSecond & 0xFFFF_FFFFL) > Integer.toUnsignedLong(bitmap.last());
    }

    /**
     * A cursor giving the ranks in their windows of ascending instants, as a series asks
     * for them bucket bound after bucket bound. {@link #rankInWindow} counts from the
     * window's start at every call, which for a full window (a Roaring bitmap container)
     * is a loop over up to 1,024 words; the cursor counts on from the bound before.
     */
    RankCursor rankCursor() {
        return new RankCursor();
    }

    /**
     * Visits, in ascending order, the instants from {@code from} (inclusive) to
     * {@code to} (exclusive), both within one window, until {@code visitor} returns
     * {@code false}.
     */
    void forEachInWindow(long from, long to, LongPredicate visitor) {
        RoaringBitmap bitmap = bitmapOf(span(from));
        if (bitmap == null) {
            return;
        }
        long high = from & ~0xFFFF_FFFFL;
        PeekableIntIterator it = bitmap.getIntIterator();
        it.advanceIfNeeded((int) from);
        while (it.hasNext()) {
            long instant = high | Integer.toUnsignedLong(it.peekNext());
            if (instant >= to || !visitor.test(instant)) {
                return;
            }
            it.next();
        }
    }

    boolean hasSpan(long window) {
        return bitmapOf((int) (window >> 16)) != null;
    }

    void forEach(LongConsumer action) {
        for (int i = 0; i < this.spans.length; i++) {
            long high = (long) this.spans[i] << 32;
            this.bitmaps[i].forEach((int low) -> action.accept(high | Integer.toUnsignedLong(low)));
        }
    }

    /**
     * Ranks in their windows of instants asked for in ascending order: one pass over the
     * containers of the bitmaps, and within a window one pass of Roaring's rank iterator.
     * Not valid once the set changes.
     */
    final class RankCursor {

        private long span = Long.MIN_VALUE;

        private @Nullable ContainerPointer containers;

        private long window = Long.MIN_VALUE;

        private @Nullable PeekableCharRankIterator ranks;

        private int windowSize;

        /** The instant asked for last: Roaring's rank iterators only go forward. */
        private long last = Long.MIN_VALUE;

        private RankCursor() {
        }

        /**
         * How many instants of {@code epochSecond}'s window lie before it; each call's
         * instant is at or after the one before.
         */
        int rankInWindow(long epochSecond) {
            assert epochSecond >= this.last : "asked for " + epochSecond + " after " + this.last;
            this.last = epochSecond;
            long window = epochSecond >> 16;
            if (window != this.window) {
                moveTo(window);
            }
            PeekableCharRankIterator ranks = this.ranks;
            if (ranks == null) {
                return 0;
            }
            if (ranks.hasNext()) {
                ranks.advanceIfNeeded((char) epochSecond);
            }
            // Past the window's last instant every one of them lies before.
            return ranks.hasNext() ? ranks.peekNextRank() - 1 : this.windowSize;
        }

        /**
         * Whether the set holds the instant last given to {@link #rankInWindow}:
         * Roaring's rank iterator stops at it when it is there, so one search gives both.
         */
        boolean holdsLast() {
            PeekableCharRankIterator ranks = this.ranks;
            return ranks != null && ranks.hasNext() && ranks.peekNext() == (char) this.last;
        }

        private void moveTo(long window) {
            this.window = window;
            this.ranks = null;
            long span = window >> 16;
            if (span != this.span) {
                this.span = span;
                RoaringBitmap bitmap = bitmapOf((int) span);
                this.containers = (bitmap != null) ? bitmap.getContainerPointer() : null;
            }
            ContainerPointer containers = this.containers;
            if (containers == null) {
                return;
            }
            char key = (char) window;
            while (containers.getContainer() != null && containers.key() < key) {
                containers.advance();
            }
            Container container = containers.getContainer();
            if (container != null && containers.key() == key) {
                this.ranks = container.getCharRankIterator();
                this.windowSize = container.getCardinality();
            }
        }

    }

    private static int span(long epochSecond) {
        return (int) (epochSecond >> 32);
    }

    private @Nullable RoaringBitmap bitmapOf(int span) {
        // One or two spans: a scan beats a search.
        for (int i = 0; i < this.spans.length; i++) {
            if (this.spans[i] == span) {
                return this.bitmaps[i];
            }
        }
        return null;
    }

    private RoaringBitmap addSpan(int span) {
        RoaringBitmap bitmap = new RoaringBitmap();
        int[] spans = Arrays.copyOf(this.spans, this.spans.length + 1);
        RoaringBitmap[] bitmaps = Arrays.copyOf(this.bitmaps, this.bitmaps.length + 1);
        spans[spans.length - 1] = span;
        bitmaps[bitmaps.length - 1] = bitmap;
        // Both arrays are complete before either is published, so a failed allocation
        // changes nothing.
        this.bitmaps = bitmaps;
        this.spans = spans;
        return bitmap;
    }

}
