package io.brightcounter.web.tomcat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.net.ApplicationBufferHandler;

/**
 * Ends the connection after an answer given before the request body was read (401 without
 * a key, 405, 413, 408, 503), instead of letting Tomcat drain the rest on the worker
 * thread: Tomcat would read up to {@code max-swallow-size} at whatever pace the client
 * sends, so a client trickling a byte every few seconds held a worker for minutes, and a
 * few hundred of them every worker.
 *
 * <p>
 * The answer goes out at once with {@code Connection: close}. What of the body has
 * already arrived, or arrives within {@link #DRAIN_NANOS}, is read and dropped without
 * waiting on the socket: a client that sends its whole body before reading the answer
 * (most do) would otherwise meet a reset and may lose the answer. Then the connection is
 * closed, whatever is still unsent. Runs in the engine's pipeline, around everything
 * else, so the answer is complete when it runs.
 */
final class UnreadBodyValve extends ValveBase {

    /**
     * Long enough for a body already in flight on a healthy connection, short enough that
     * a trickle cannot hold a worker.
     */
    static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final long MAX_DRAIN_BYTES = 64L * 1024 * 1024;

    private static final long POLL_MILLIS = 5;

    UnreadBodyValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        getNext().invoke(request, response);
        if (request.isAsyncStarted() || isBodyFullyRead(request)) {
            return;
        }
        org.apache.coyote.Request coyoteRequest = request.getCoyoteRequest();
        if (!response.isCommitted()) {
            response.setHeader("Connection", "close");
        }
        try {
            // Out before anything else: Tomcat turns a status under 400 into 500 when the
            // connection
            // is marked for closing while the answer is still unsent.
            response.flushBuffer();
        }
        catch (IOException ex) {
            // The client is gone: nothing to send, nothing to drain.
        }
        // With Expect: 100-continue the client waits for our word before sending: there
        // is nothing
        // to drain, and a read would send it the 100 after the final answer.
        if (!coyoteRequest.hasExpectation()) {
            drainBriefly(request);
        }
        coyoteRequest.action(ActionCode.DISABLE_SWALLOW_INPUT, null);
    }

    private static boolean isBodyFullyRead(Request request) {
        AtomicBoolean fullyRead = new AtomicBoolean(true);
        request.getCoyoteRequest().action(ActionCode.REQUEST_BODY_FULLY_READ, fullyRead);
        return fullyRead.get();
    }

    /** Reads only what is already there, polling, until the body ends or time is up. */
    private static void drainBriefly(Request request) {
        org.apache.coyote.Request coyoteRequest = request.getCoyoteRequest();
        Discard discard = new Discard();
        try {
            long drained = 0;
            long deadline = System.nanoTime() + DRAIN_NANOS;
            while (drained < MAX_DRAIN_BYTES && System.nanoTime() - deadline < 0 && !isBodyFullyRead(request)) {
                // A non-blocking look at the socket: a trickling client never makes us
                // wait on a read.
                coyoteRequest.action(ActionCode.AVAILABLE, Boolean.TRUE);
                if (coyoteRequest.getAvailable() <= 0) {
                    Thread.sleep(POLL_MILLIS);
                    continue;
                }
                int read = coyoteRequest.doRead(discard);
                if (read < 0) {
                    return;
                }
                drained += read;
            }
        }
        catch (IOException ex) {
            // The client is gone, or sent a malformed chunk: close without draining
            // further.
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes the bytes the connector reads and drops them. */
    private static final class Discard implements ApplicationBufferHandler {

        private ByteBuffer buffer = ByteBuffer.allocate(0);

        @Override
        public void setByteBuffer(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public ByteBuffer getByteBuffer() {
            return this.buffer;
        }

        @Override
        public void expand(int size) {
            // Nothing is kept, so nothing needs room.
        }

    }

}
