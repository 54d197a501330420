package io.brightcounter.web.tomcat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProcessor;
import org.apache.coyote.Constants;
import org.apache.coyote.Request;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketProcessorBase;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.WebServer;

/**
 * Tomcat's HTTP/1.1 connector with two limits it lacks.
 *
 * <p>
 * <b>A deadline for the whole request head.</b> Tomcat bounds the silence between two
 * reads ({@code connection-timeout}) but not the time the request line and headers take
 * in all, so a client sending a header byte every few seconds holds its connection for as
 * long as it likes (the 64 KiB head cap, {@code server.max-http-request-header-size},
 * allows days at a byte every few seconds). Once a second this protocol looks at the
 * connections whose head is still arriving and ends those past the deadline with an error
 * event, so Tomcat closes them the way it closes a read that timed out.
 *
 * <p>
 * <b>Refusing connections past the limit.</b> With {@code max-connections} reached,
 * Tomcat stops accepting: further clients sit unanswered in the kernel's backlog, then
 * time out. Here a connection past the limit is accepted and closed at once, so the
 * client (or the load balancer in front) learns immediately and can go elsewhere.
 * {@code server.tomcat.max-connections} sets this limit; Tomcat's own blocking limit is
 * switched off.
 */
public class GuardedHttp11NioProtocol extends Http11NioProtocol {

    private static final long LISTENER_CLOSE_WAIT_MILLIS = 200;

    private final GuardedEndpoint endpoint;

    private volatile long maxRequestHeadNanos = TimeUnit.SECONDS.toNanos(20);

    private @Nullable ScheduledFuture<?> headSweep;

    public GuardedHttp11NioProtocol() {
        this(new GuardedEndpoint());
    }

    private GuardedHttp11NioProtocol(GuardedEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    public void setMaxRequestHeadTime(long millis) {
        this.maxRequestHeadNanos = TimeUnit.MILLISECONDS.toNanos(millis);
    }

    public long getMaxRequestHeadTime() {
        return TimeUnit.NANOSECONDS.toMillis(this.maxRequestHeadNanos);
    }

    @Override
    public void setMaxConnections(int maxConnections) {
        this.endpoint.connectionLimit = maxConnections;
        super.setMaxConnections(-1);
    }

    @Override
    public int getMaxConnections() {
        return this.endpoint.connectionLimit;
    }

    @Override
    public void start() throws Exception {
        super.start();
        // A quarter of the deadline, at most a second: a trickling head is closed within
        // the
        // deadline plus one sweep plus one poller check.
        long period = Math.max(100, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(this.maxRequestHeadNanos) / 4));
        this.headSweep = getUtilityExecutor().scheduleWithFixedDelay(this::closeOverdueHeads, period, period,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws Exception {
        if (this.headSweep != null) {
            this.headSweep.cancel(false);
        }
        super.stop();
    }

    /**
     * {@link #stopAcceptingAndAwaitConnections} on every connector of the server that
     * uses this protocol, one after the other.
     * @return the connections still open
     */
    public static int stopAccepting(@Nullable WebServer server, long millis) throws InterruptedException {
        int open = 0;
        if (server instanceof TomcatWebServer tomcat) {
            for (Connector connector : tomcat.getTomcat().getService().findConnectors()) {
                if (connector.getProtocolHandler() instanceof GuardedHttp11NioProtocol protocol) {
                    open += protocol.stopAcceptingAndAwaitConnections(millis);
                }
            }
        }
        return open;
    }

    /**
     * Stops accepting (new connections are refused by the operating system from then on)
     * and waits, at most the given time, for the connections already accepted to be
     * answered and closed. Spring Boot's graceful shutdown waits for requests in progress
     * only: a connection accepted a moment before, its request not yet read, would be
     * closed without a response. Tomcat answers every request after this with
     * {@code Connection: close}.
     * @return the connections still open
     */
    public int stopAcceptingAndAwaitConnections(long millis) throws InterruptedException {
        // Clients still connecting close the listener between two accepts at once; with
        // none
        // connecting, Tomcat's own close has no one to catch out.
        this.endpoint.closeListenerAfterNextAccept(LISTENER_CLOSE_WAIT_MILLIS);
        closeServerSocketGraceful();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (this.endpoint.connectionCount() > 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
        return this.endpoint.connectionCount();
    }

    private void closeOverdueHeads() {
        long now = System.nanoTime();
        for (SocketWrapperBase<NioChannel> connection : this.endpoint.connections()) {
            if (connection.getCurrentProcessor() instanceof AbstractProcessor processor
                    && isHeadOverdue(processor.getRequest(), now)) {
                // Closed the way Tomcat closes a read that timed out: an error event,
                // processed after whatever a worker is doing with the connection (as its
                // own async timeouts are, from this executor). Shortening the read
                // timeout for the poller to act on was undone by the parser, which sets
                // the connection timeout again whenever another byte arrives: a client
                // trickling faster than the poller's once-a-second check stayed open.
                connection.setError(new SocketTimeoutException("request head not complete within "
                        + TimeUnit.NANOSECONDS.toMillis(this.maxRequestHeadNanos) + " ms"));
                if (!this.endpoint.processSocket(connection, SocketEvent.ERROR, true)) {
                    connection.close();
                }
            }
        }
    }

    /**
     * A request whose first byte has arrived (Tomcat marks its start time then) and that
     * has not reached the application: its head is still being read.
     */
    private boolean isHeadOverdue(Request request, long now) {
        long start = request.getStartTimeNanos();
        int stage = request.getRequestProcessor().getStage();
        return start > 0 && (stage == Constants.STAGE_PARSE || stage == Constants.STAGE_ENDED)
                && now - start > this.maxRequestHeadNanos;
    }

    /**
     * The endpoint that refuses connections past the limit instead of leaving them in the
     * backlog.
     */
    static final class GuardedEndpoint extends NioEndpoint {

        private volatile int connectionLimit = -1;

        private volatile boolean closeListenerAfterNextAccept;

        private final CountDownLatch listenerClosed = new CountDownLatch(1);

        Iterable<SocketWrapperBase<NioChannel>> connections() {
            return this.connections.values();
        }

        int connectionCount() {
            return this.connections.size();
        }

        /**
         * Closes the listening socket in the acceptor's thread right after it has
         * accepted and registered a connection, and waits (at most the given time) for
         * that to happen. Closing a listening socket resets the connections the kernel
         * has queued but nobody accepted: their clients, request already sent, see the
         * connection closed without a response. Tomcat's own close leaves milliseconds
         * for that queue to fill (and drops what its acceptor takes meanwhile); here the
         * gap is the time to register one connection.
         */
        boolean closeListenerAfterNextAccept(long waitMillis) throws InterruptedException {
            this.closeListenerAfterNextAccept = true;
            return this.listenerClosed.await(waitMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        protected SocketProcessorBase<NioChannel> createSocketProcessor(SocketWrapperBase<NioChannel> socket,
                SocketEvent event) {
            return new QueueTimedProcessor(socket, event);
        }

        @Override
        protected boolean setSocketOptions(SocketChannel socket) {
            // One acceptor thread calls this, so the count cannot pass the limit between
            // check and use.
            if (this.connectionLimit > 0 && this.connections.size() >= this.connectionLimit) {
                // Closed here: the acceptor's own clean-up after a false only closes
                // registered connections.
                destroySocket(socket);
                return false;
            }
            if (this.closeListenerAfterNextAccept && this.listenerClosed.getCount() > 0) {
                closeListenerKeepingQueued();
            }
            return super.setSocketOptions(socket);
        }

        /**
         * Tomcat's processor of a socket event, stamped when it is handed to the worker
         * pool (created, or taken from Tomcat's cache and reset), so that the request it
         * serves knows how long it waited for a thread ({@link RequestQueueing}).
         */
        private final class QueueTimedProcessor extends SocketProcessor {

            private long queuedAt = System.nanoTime();

            QueueTimedProcessor(SocketWrapperBase<NioChannel> socket, SocketEvent event) {
                super(socket, event);
            }

            @Override
            public void reset(SocketWrapperBase<NioChannel> socket, SocketEvent event) {
                super.reset(socket, event);
                this.queuedAt = System.nanoTime();
            }

            @Override
            protected void doRun() {
                RequestQueueing.enter(System.nanoTime() - this.queuedAt);
                try {
                    super.doRun();
                }
                finally {
                    RequestQueueing.leave();
                }
            }

        }

        /**
         * Takes every connection still queued in the kernel, then closes the listening
         * socket, then serves what it took: between the last accept and the close there
         * is no time for another client to be queued (and reset).
         */
        private void closeListenerKeepingQueued() {
            // The acceptor checks this flag before its next accept and ends.
            this.acceptor.stopMillis(-1);
            List<SocketChannel> queued = new ArrayList<>();
            try {
                ServerSocketChannel listener = (ServerSocketChannel) getServerSocket();
                listener.configureBlocking(false);
                for (SocketChannel next = listener.accept(); next != null; next = listener.accept()) {
                    queued.add(next);
                }
            }
            catch (IOException ex) {
                // Nothing more to take.
            }
            try {
                doCloseServerSocket();
            }
            catch (IOException ex) {
                // Closed already: the graceful shutdown closes it again anyway.
            }
            this.listenerClosed.countDown();
            for (SocketChannel next : queued) {
                if (!super.setSocketOptions(next)) {
                    closeSocket(next);
                }
            }
        }

    }

}
