package io.brightcounter.page;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.brightcounter.testsupport.PageBrowser;
import io.brightcounter.testsupport.RawHttp;
import io.brightcounter.testsupport.RequiresChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.support.ui.Select;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.brightcounter.testsupport.CreateBodies.create;
import static io.brightcounter.testsupport.CreateBodies.reading;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The device page for histories that are not evenly spread: a dense run of readings with
 * a few far later ones, and a device whose clock once said 1970. Both were found by a
 * black-box pass: the first sent history requests for ever, the second charted nothing.
 */
@RequiresChromium
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DevicePageLongHistoryBrowserIT {

    private static final DateTimeFormatter API_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxx")
        .withZone(ZoneOffset.UTC);

    private static final long DENSE_START = 1_700_000_000L;

    private static final int DENSE = 10_800;

    private static final long LATER_START = DENSE_START + 900_000;

    @LocalServerPort
    private int port;

    private PageBrowser browser;

    @BeforeAll
    void startTheBrowser() {
        this.browser = new PageBrowser(this.port);
    }

    @AfterAll
    void stopTheBrowser() {
        if (this.browser != null) {
            this.browser.close();
        }
    }

    /**
     * Three hours of one reading a second, then five readings ten minutes apart 900,000 s
     * later: a window holding fewer than a page of the newest readings, widened four
     * times, held more than the API's largest page, and narrowed back, for ever.
     */
    @Test
    void theNewestReadingsOfAHistoryWithADenseRunAndAFewLaterOnesAreShown() throws IOException {
        String device = UUID.randomUUID().toString();
        List<String> readings = new ArrayList<>();
        for (int i = 0; i < DENSE; i++) {
            readings.add(reading(1, API_TIME.format(Instant.ofEpochSecond(DENSE_START + i))));
            if (readings.size() == 1000) {
                store(device, readings);
            }
        }
        for (int i = 0; i < 5; i++) {
            readings.add(reading(2, API_TIME.format(Instant.ofEpochSecond(LATER_START + 600L * i))));
        }
        store(device, readings);

        this.browser.open("/?device=" + device);
        assertThat(this.browser.state()).isEqualTo("ready");
        List<List<String>> newest = this.browser.rows("history-table");
        assertThat(newest).hasSize(20);
        for (int i = 0; i < 5; i++) {
            assertThat(newest.get(i))
                .containsExactly(API_TIME.format(Instant.ofEpochSecond(LATER_START + 600L * (4 - i))), "2");
        }
        for (int i = 5; i < 20; i++) {
            assertThat(newest.get(i))
                .containsExactly(API_TIME.format(Instant.ofEpochSecond(DENSE_START + DENSE - 1 - (i - 5))), "1");
        }
    }

    /**
     * 1970 and 2021: about 18,900 days, more buckets than a series answers by the day.
     * The whole range shown is its newest 10,000 days, and the note says so.
     */
    @Test
    void aHistoryOfMoreThanTenThousandDaysIsChartedOverItsNewestTenThousand() throws IOException {
        String device = UUID.randomUUID().toString();
        store(device,
                new ArrayList<>(List.of(reading(1, "1970-01-01T00:00:05Z"), reading(2, "2021-09-29T16:09:15+01:00"))));

        this.browser.open("/?device=" + device);
        assertThat(this.browser.text("series-message")).isEmpty();
        assertThat(new Select(this.browser.byId("step")).getFirstSelectedOption().getText()).isEqualTo("day");
        assertThat(this.browser.text("series-caption")).isEqualTo("Counts per day, 10000 buckets");
        assertThat(this.browser.text("range-note")).isEqualTo(
                "The readings span more than 10,000 days, more than one chart holds: the whole range shown is the "
                        + "newest 10,000.");
        assertThat(this.browser.text("series-total-count")).as("the 2021 reading is in it, 1970 is not").isEqualTo("2");
    }

    private void store(String device, List<String> readings) throws IOException {
        byte[] body = create(device, readings.toArray(String[]::new)).getBytes(StandardCharsets.UTF_8);
        assertThat(RawHttp.post(this.port, "/api/device-readings/create", body).status()).isEqualTo(201);
        readings.clear();
    }

}
