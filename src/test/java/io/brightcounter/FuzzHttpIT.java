package io.brightcounter;

/**
 * The long fuzz run, for the verify tier: the same mutations and checks as
 * {@link FuzzHttpTests}, thirty times as many requests, from another seed so that it does
 * not repeat the short run.
 */
class FuzzHttpIT extends FuzzHttpTests {

    @Override
    int defaultTries() {
        return 3000;
    }

    @Override
    long defaultSeed() {
        return 20260929L;
    }

}
