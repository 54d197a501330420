package io.brightcounter.protection;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.ServletInputStream;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class AdmissionTests {

    private static final long LONG_WAIT_NANOS = Duration.ofMinutes(5).toNanos();

    @Test
    void isOverdueOnlyOnceItsDeadlineHasPassed() {
        Admission admission = new Admission(1_000);
        assertThat(admission.isOverdue(999)).isFalse();
        assertThat(admission.isOverdue(1_000)).isFalse();
        assertThat(admission.isOverdue(1_001)).isTrue();
        // Compared as a difference, so a deadline past the wrap of nanoTime still works.
        assertThat(new Admission(Long.MIN_VALUE + 10).isOverdue(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void aPermitIsTakenOnceAndGivenBackOnce() {
        Semaphore pool = new Semaphore(2);
        Admission admission = new Admission(System.nanoTime() + LONG_WAIT_NANOS);
        assertThat(admission.acquire(pool)).isTrue();
        assertThat(admission.acquire(pool)).as("a second acquire holds the same permit").isTrue();
        assertThat(pool.availablePermits()).isOne();
        admission.release();
        admission.release();
        assertThat(pool.availablePermits()).isEqualTo(2);
    }

    @Test
    void releaseWithoutAPermitGivesNothingBack() {
        Semaphore pool = new Semaphore(1);
        new Admission(System.nanoTime()).release();
        assertThat(pool.availablePermits()).isOne();
    }

    @Test
    void anAdmissionPastItsDeadlineIsRefusedWhenThePoolIsEmpty() {
        Semaphore pool = new Semaphore(0);
        Admission admission = new Admission(System.nanoTime() - LONG_WAIT_NANOS);
        assertThat(admission.acquire(pool)).isFalse();
        admission.release();
        assertThat(pool.availablePermits()).as("nothing taken, nothing given back").isZero();
    }

    @Test
    void aPermitFreedBeforeTheDeadlineIsTaken() throws Exception {
        Semaphore pool = new Semaphore(0);
        Admission admission = new Admission(System.nanoTime() + LONG_WAIT_NANOS);
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Boolean> acquired = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            return admission.acquire(pool);
        });
        waiting.await();
        pool.release();
        assertThat(acquired.get(LONG_WAIT_NANOS, TimeUnit.NANOSECONDS)).isTrue();
        assertThat(pool.availablePermits()).isZero();
    }

    @Test
    void anInterruptedWaitIsRefusedAndKeepsTheInterrupt() {
        Semaphore pool = new Semaphore(0);
        Thread.currentThread().interrupt();
        try {
            assertThat(new Admission(System.nanoTime() + LONG_WAIT_NANOS).acquire(pool)).isFalse();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        }
        finally {
            Thread.interrupted();
        }
    }

    @Test
    void ofFindsTheAdmissionAttachedToTheRequest() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        assertThat(Admission.of(request)).isNull();
        Admission admission = new Admission(0);
        admission.attachTo(request);
        assertThat(Admission.of(request)).isSameAs(admission);
    }

    @Test
    void aSmallBodyThatHasArrivedIsReadAndDropped() throws Exception {
        assertThat(unreadAfterDiscard(body(1), 1)).isZero();
        assertThat(unreadAfterDiscard(body(16 * 1024), 16 * 1024)).isZero();
    }

    @Test
    void aLargeBodyIsLeftUnread() throws Exception {
        assertThat(unreadAfterDiscard(body(16 * 1024 + 1), 16 * 1024 + 1)).isEqualTo(16 * 1024 + 1);
    }

    @Test
    void aBodyNotYetArrivedWholeIsLeftUnread() throws Exception {
        // Declares more than has arrived: reading would wait on the client.
        assertThat(unreadAfterDiscard(body(10), 11)).isEqualTo(10);
    }

    @Test
    void aBodyOfNoDeclaredLengthIsLeftUnread() throws Exception {
        assertThat(unreadAfterDiscard(body(10), -1)).isEqualTo(10);
        assertThat(unreadAfterDiscard(body(10), 0)).isEqualTo(10);
    }

    private static byte[] body(int length) {
        return new byte[length];
    }

    private static int unreadAfterDiscard(byte[] body, long declaredLength) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest() {

            @Override
            public long getContentLengthLong() {
                return declaredLength;
            }

        };
        request.setContent(body);
        ServletInputStream in = request.getInputStream();
        Admission.discardSmallBody(request);
        return in.available();
    }

}
