package io.brightcounter.readings.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.brightcounter.readings.memory.SnapshotFormat0Tests.Format0;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The service started on a journal directory the release before reading history wrote
 * (see {@link SnapshotFormat0Tests}): history lists the snapshot's readings with
 * {@code "count": null}, series count them in {@code readings} only, the totals are
 * exact.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "bright-counter.store=memory", "bright-counter.journal.mode=fsync" })
@AutoConfigureRestTestClient
class SnapshotFormat0HttpTests {

    @Autowired
    private RestTestClient client;

    @DynamicPropertySource
    static void journalOfTheOldRelease(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "test-journals")).resolve("format-0-" + System.nanoTime());
        Files.createDirectories(dir);
        Format0.copyTo(dir);
        registry.add("bright-counter.journal.dir", dir::toString);
    }

    @Test
    void historyListsTheSnapshotsReadingsWithCountNull() {
        get("/api/devices/" + Format0.SINGLE + "/readings", "{\"device_id\":\"" + Format0.SINGLE
                + "\",\"readings\":[{\"timestamp\":\"2021-09-28T18:00:00-0500\",\"count\":null}],\"next\":null}");
        get("/api/devices/" + Format0.DENSE + "/readings?from=2021-09-29T08:58:00Z&limit=3",
                "{\"device_id\":\"" + Format0.DENSE + "\",\"readings\":["
                        + "{\"timestamp\":\"2021-09-29T09:58:00+0100\",\"count\":null},"
                        + "{\"timestamp\":\"2021-09-29T09:59:00+0100\",\"count\":null},"
                        + "{\"timestamp\":\"2021-09-29T10:00:00+0100\",\"count\":" + Format0.denseCount(600)
                        + "}],\"next\":\"2021-09-29T10:01:00+0100\"}");
    }

    @Test
    void seriesCountTheReadingsButAddOnlyKnownCountsAndTotalsAreExact() {
        get("/api/devices/" + Format0.DENSE + "/series?from=2021-09-29T08:00:00Z&to=2021-09-29T10:00:00Z"
                + "&step=PT1H",
                "{\"device_id\":\"" + Format0.DENSE + "\",\"step_seconds\":3600,\"buckets\":["
                        + "{\"start\":\"2021-09-29T08:00:00+0000\",\"cumulative_count\":0,\"readings\":60},"
                        + "{\"start\":\"2021-09-29T09:00:00+0000\",\"cumulative_count\":" + Format0.denseSum(600, 610)
                        + ",\"readings\":10}]}");
        get("/api/device-readings/" + Format0.DENSE + "/cumulative-count",
                "{\"cumulative_count\":" + Format0.denseSum(0, 610) + "}");
    }

    private void get(String uri, String body) {
        this.client.get().uri(uri).exchange().expectStatus().isOk().expectBody(String.class).isEqualTo(body);
    }

}
