package io.brightcounter.readings.memory.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real file system, counting writes and flushes, with a gate that can hold each write
 * until the test lets it through: the way to have appenders arrive while a write is under
 * way, without timing.
 */
public final class GatedJournalFileSystem implements JournalFileSystem {

    private final AtomicInteger writes = new AtomicInteger();

    private final AtomicInteger forces = new AtomicInteger();

    private final java.util.Set<String> forcingThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Semaphore entered = new Semaphore(0);

    private final Semaphore passes = new Semaphore(0);

    private volatile boolean gated;

    /**
     * From now on every write waits for {@link #letOneWriteThrough()}; what passed the
     * gate before (in an earlier test on the same file system) is forgotten.
     */
    public void holdWrites() {
        this.passes.drainPermits();
        this.entered.drainPermits();
        this.gated = true;
    }

    /**
     * Lets writes through unhindered again, and the one waiting, if any; may be called
     * again.
     */
    public void openGate() {
        this.gated = false;
        this.passes.drainPermits();
        this.passes.release(Integer.MAX_VALUE / 2);
    }

    /** Waits (generously) until a write has reached the gate. */
    public void awaitWriteAtGate() throws InterruptedException {
        if (!this.entered.tryAcquire(60, TimeUnit.SECONDS)) {
            throw new AssertionError("no write reached the gate within 60 s");
        }
    }

    public void letOneWriteThrough() {
        this.passes.release();
    }

    int writes() {
        return this.writes.get();
    }

    int forces() {
        return this.forces.get();
    }

    /** The names of the threads that flushed. */
    java.util.Set<String> forcingThreads() {
        return this.forcingThreads;
    }

    @Override
    public JournalChannel create(Path path) throws IOException {
        JournalChannel real = JournalFileSystem.DEFAULT.create(path);
        return new ForwardingJournalChannel(real) {

            @Override
            public void write(ByteBuffer bytes) throws IOException {
                if (GatedJournalFileSystem.this.gated) {
                    GatedJournalFileSystem.this.entered.release();
                    GatedJournalFileSystem.this.passes.acquireUninterruptibly();
                }
                GatedJournalFileSystem.this.writes.incrementAndGet();
                super.write(bytes);
            }

            @Override
            public void force() throws IOException {
                GatedJournalFileSystem.this.forces.incrementAndGet();
                GatedJournalFileSystem.this.forcingThreads.add(Thread.currentThread().getName());
                super.force();
            }

        };
    }

}
