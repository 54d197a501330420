package io.brightcounter.readings.memory.journal;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A channel that passes every call to another: test file systems extend it and change
 * only the calls they are about.
 */
class ForwardingJournalChannel implements JournalChannel {

    private final JournalChannel real;

    ForwardingJournalChannel(JournalChannel real) {
        this.real = real;
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
        this.real.write(bytes);
    }

    @Override
    public void force() throws IOException {
        this.real.force();
    }

    @Override
    public void truncate(long size) throws IOException {
        this.real.truncate(size);
    }

    @Override
    public long size() throws IOException {
        return this.real.size();
    }

    @Override
    public void close() throws IOException {
        this.real.close();
    }

}
