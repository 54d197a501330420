package io.brightcounter.protection;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.brightcounter.readings.DiskWaitListener;
import io.brightcounter.readings.memory.journal.GatedJournalFileSystem;
import io.brightcounter.testsupport.JournalHttpClient;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A create that waits for the journal's flush trades its permit for one of a pool four
 * times as large: with one create permit and the disk held, the next creates run and join
 * the next flush instead of waiting for the permit (and, after {@code max-wait}, being
 * refused with 503), up to that pool's size.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "bright-counter.journal.mode=fsync", "bright-counter.overload.max-creates=1",
                "bright-counter.overload.max-wait=60s" })
@Import(DiskWaitPermitsHttpTests.HeldDisk.class)
class DiskWaitPermitsHttpTests {

    @Autowired
    private GatedJournalFileSystem disk;

    @Autowired
    private MeterRegistry registry;

    @Autowired
    private CountedDiskWaits waits;

    @LocalServerPort
    private int port;

    private final JournalHttpClient client = new JournalHttpClient();

    /** A failed check must not leave the disk held: the context's close waits for it. */
    @AfterEach
    void letWritesThrough() {
        this.disk.openGate();
    }

    @Test
    void aCreateWaitingForTheDiskHoldsNoPermitAndTheCreatesBehindItShareTheNextFlush() throws Exception {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        String third = UUID.randomUUID().toString();
        assertThat(this.client.create(this.port, first, 1, "2021-09-29T16:00:00Z").statusCode()).isEqualTo(201);
        int waitsBefore = this.waits.count();
        this.disk.holdWrites();
        CompletableFuture<HttpResponse<String>> held = CompletableFuture
            .supplyAsync(() -> create(first, "2021-09-29T16:01:00Z"));
        this.disk.awaitWriteAtGate();
        assertThat(writesInProgress()).as("the create at the disk gave its permit back").isZero();
        DistributionSummary flushes = this.registry.get("bright_counter.journal.flush.records").summary();
        long flushesBefore = flushes.count();
        double recordsBefore = flushes.totalAmount();
        CompletableFuture<HttpResponse<String>> next = CompletableFuture
            .supplyAsync(() -> create(second, "2021-09-29T16:02:00Z"));
        CompletableFuture<HttpResponse<String>> last = CompletableFuture
            .supplyAsync(() -> create(third, "2021-09-29T16:03:00Z"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (this.waits.count() < waitsBefore + 3) {
            assertThat(System.nanoTime()).as("both creates behind it at the disk within 60 s, with one permit")
                .isLessThan(deadline);
            Thread.sleep(5);
        }
        assertThat(held).as("still at the disk").isNotDone();
        this.disk.openGate();
        for (CompletableFuture<HttpResponse<String>> create : List.of(held, next, last)) {
            assertThat(create.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
        }
        assertThat(flushes.count() - flushesBefore).as("the held write, then one for the two behind it").isEqualTo(2);
        assertThat(flushes.totalAmount() - recordsBefore).isEqualTo(3);
        assertThat(this.client.get(this.port, "/api/device-readings/" + first + "/cumulative-count").body())
            .isEqualTo("{\"cumulative_count\":2}");
        assertThat(this.client.get(this.port, "/api/device-readings/" + third + "/cumulative-count").body())
            .isEqualTo("{\"cumulative_count\":1}");
        assertThat(writesInProgress()).isZero();
    }

    /**
     * Creates waiting for the disk are bounded too, at four times {@code max-creates}:
     * past that a create keeps its permit while it waits, as before, so a stalled disk
     * cannot park every worker thread in the journal and leave reads and pings none.
     */
    @Test
    void thePermitsGivenBackToWaitForTheDiskAreBoundedAtFourTimesMaxCreates() throws Exception {
        assertThat(this.client.create(this.port, UUID.randomUUID().toString(), 1, "2021-09-29T16:00:00Z").statusCode())
            .isEqualTo(201);
        int waitsBefore = this.waits.count();
        this.disk.holdWrites();
        List<CompletableFuture<HttpResponse<String>>> creates = new ArrayList<>();
        creates.add(CompletableFuture.supplyAsync(() -> create(UUID.randomUUID().toString(), "2021-09-29T16:01:00Z")));
        this.disk.awaitWriteAtGate();
        for (int i = 0; i < 4; i++) {
            creates
                .add(CompletableFuture.supplyAsync(() -> create(UUID.randomUUID().toString(), "2021-09-29T16:01:00Z")));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (this.waits.count() < waitsBefore + 5) {
            assertThat(System.nanoTime()).as("five creates at the disk within 60 s").isLessThan(deadline);
            Thread.sleep(5);
        }
        assertThat(writesInProgress()).as("the fifth keeps its permit").isEqualTo(1);
        assertThat(flushWaits()).as("four waiting for the disk without their permit").isEqualTo(4);
        this.disk.openGate();
        for (CompletableFuture<HttpResponse<String>> create : creates) {
            assertThat(create.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
        }
        assertThat(writesInProgress()).isZero();
        assertThat(flushWaits()).isZero();
    }

    private double flushWaits() {
        return this.registry.get("bright_counter.requests.in_progress").tag("pool", "flush_waits").gauge().value();
    }

    private HttpResponse<String> create(String device, String timestamp) {
        try {
            return this.client.create(this.port, device, 1, timestamp);
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private double writesInProgress() {
        return this.registry.get("bright_counter.requests.in_progress").tag("pool", "writes").gauge().value();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class HeldDisk {

        @Bean
        GatedJournalFileSystem gatedJournalFileSystem() {
            return new GatedJournalFileSystem();
        }

        @Bean
        @Primary
        CountedDiskWaits countedDiskWaits(RoutedPermits permits) {
            return new CountedDiskWaits(permits);
        }

    }

    /**
     * The permits as the journal's listener, counting the creates that wait for the disk.
     */
    static final class CountedDiskWaits implements DiskWaitListener {

        private final AtomicInteger count = new AtomicInteger();

        private final DiskWaitListener permits;

        CountedDiskWaits(DiskWaitListener permits) {
            this.permits = permits;
        }

        int count() {
            return this.count.get();
        }

        @Override
        public void waitingForDisk() {
            this.permits.waitingForDisk();
            this.count.incrementAndGet();
        }

    }

}
