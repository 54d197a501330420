package io.brightcounter.web.tomcat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.brightcounter.testsupport.RawHttp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long a request waited for a worker thread, as the guarded connector measures it:
 * from the moment its connection was queued for the worker pool to the moment a worker
 * began on it, and nothing on a thread that serves no request.
 */
class RequestQueueingTests {

    private static final long POOL_DELAY_MILLIS = 20;

    private static final String PING = "GET /ping HTTP/1.1\r\nHost: localhost\r\n\r\n";

    @Test
    void aThreadThatServesNoRequestWaitedForNothing() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            RequestQueueing.enter(5_000);
            assertThat(RequestQueueing.queuedNanos()).isEqualTo(5_000);
            Future<Long> elsewhere = other.submit(RequestQueueing::queuedNanos);
            assertThat(elsewhere.get(10, TimeUnit.SECONDS)).as("another thread's").isZero();
            RequestQueueing.leave();
            assertThat(RequestQueueing.queuedNanos()).isZero();
        }
        finally {
            RequestQueueing.leave();
            other.shutdown();
        }
    }

    @Test
    void aWaitIsNeverNegative() {
        try {
            RequestQueueing.enter(-1);
            assertThat(RequestQueueing.queuedNanos()).isZero();
        }
        finally {
            RequestQueueing.leave();
        }
    }

    /**
     * A worker pool that takes {@value #POOL_DELAY_MILLIS} ms to start each task: every
     * request waited at least that long, and no longer than its client waited for the
     * answer. The second request is served by the first one's processor, taken from
     * Tomcat's cache: it is timed from its own queueing, not the first's.
     */
    @Test
    void aRequestKnowsHowLongItWaitedForAWorker() throws Exception {
        SlowPool pool = new SlowPool();
        try (TestServer server = TestServer.start(Duration.ofSeconds(20),
                (connector) -> connector.getProtocolHandler().setExecutor(pool), TestServer::ok)) {
            for (int i = 0; i < 3; i++) {
                long sent = System.nanoTime();
                RawHttp.Response response = RawHttp.exchange(server.port(), PING);
                long elapsed = System.nanoTime() - sent;
                assertThat(response.status()).isEqualTo(200);
                long queued = Long.parseLong(response.header("X-Queued-Nanos"));
                assertThat(queued).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(POOL_DELAY_MILLIS))
                    .isLessThan(elapsed);
                // A gap between requests, which a wait timed from an earlier request
                // would include.
                Thread.sleep(200);
            }
        }
        finally {
            pool.workers.shutdownNow();
        }
        assertThat(pool.leftAfterTask).isNotEmpty().containsOnly(0L);
    }

    /** Starts each task late, and notes what the task left on its thread. */
    private static final class SlowPool implements Executor {

        private final ExecutorService workers = Executors.newCachedThreadPool();

        private final List<Long> leftAfterTask = new CopyOnWriteArrayList<>();

        @Override
        public void execute(Runnable task) {
            this.workers.execute(() -> {
                try {
                    Thread.sleep(POOL_DELAY_MILLIS);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return;
                }
                task.run();
                this.leftAfterTask.add(RequestQueueing.queuedNanos());
            });
        }

    }

}
