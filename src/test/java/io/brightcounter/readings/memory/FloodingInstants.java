package io.brightcounter.readings.memory;

import java.util.Random;

import it.unimi.dsi.fastutil.HashCommon;

/**
 * Instants chosen against a hash set that places a long at
 * {@code HashCommon.mix(instant) & mask}, as fastutil's {@code LongOpenHashSet} does with
 * a fixed, public mixer.
 *
 * <p>
 * {@code mix} is a bijection, but inverting it from chosen hashes gives longs far outside
 * the years a timestamp can name, so the instants are found by filtering real seconds
 * instead: those whose mixed hash has bits 10 to 16 clear all fall in the first 1,024
 * slots of any table of up to 131,072 slots. Linear probing then turns them into one run,
 * each insert walks to its end, and a batch costs time quadratic in its size. One instant
 * in 128 qualifies, so 60,000 are found among some 8 million seconds checked. Two are
 * taken per 65,536-second window so that the instants stay sparse, which keeps a set that
 * picks its layout by density on the hash set.
 */
public final class FloodingInstants {

    /** As many as the attack that was reported used in one batch. */
    public static final int COUNT = 60_000;

    private static final long CLUSTER_BITS = 0x1FC00L;

    private static final long START = 1_000_000_000L;

    private static final int WINDOW_BITS = 16;

    private static final int PER_WINDOW = 2;

    private FloodingInstants() {
    }

    /**
     * {@code count} distinct instants from 2001 on whose fixed hashes share bits 10 to
     * 16.
     */
    public static long[] chosen(int count) {
        long[] instants = new long[count];
        int found = 0;
        long lastWindow = (START >> WINDOW_BITS) + count;
        for (long window = START >> WINDOW_BITS; found < count && window < lastWindow; window++) {
            int inWindow = 0;
            long end = (window + 1) << WINDOW_BITS;
            for (long instant = window << WINDOW_BITS; inWindow < PER_WINDOW && instant < end; instant++) {
                if ((HashCommon.mix(instant) & CLUSTER_BITS) == 0) {
                    instants[found++] = instant;
                    inWindow++;
                }
            }
        }
        if (found < count) {
            throw new IllegalStateException("found only " + found + " instants");
        }
        return instants;
    }

    /**
     * {@code count} distinct instants at random seconds over the 62 years the chosen ones
     * span.
     */
    public static long[] random(int count, long seed) {
        Random random = new Random(seed);
        long span = (long) count / PER_WINDOW << WINDOW_BITS;
        return random.longs(START, START + span).distinct().limit(count).toArray();
    }

}
