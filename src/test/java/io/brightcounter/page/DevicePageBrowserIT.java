package io.brightcounter.page;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.brightcounter.testsupport.CreateBodies.create;
import static io.brightcounter.testsupport.CreateBodies.reading;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The device page in a real browser against the running service: a device with thirty
 * readings in three hours (counts 1 to 30, one every six minutes from 10:03), shown
 * through the public API. Screenshots at 360 and 1280 px go to
 * {@code target/screenshots}.
 */
@RequiresChromium
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DevicePageBrowserIT {

    static final String DEVICE = UUID.randomUUID().toString();

    @LocalServerPort
    private int port;

    private PageBrowser browser;

    @BeforeAll
    void storeReadingsAndStartTheBrowser() throws IOException {
        storeThreeHours(this.port, DEVICE);
        this.browser = new PageBrowser(this.port);
    }

    /** Readings k = 1..30 with count k at 10:03 + 6(k-1) minutes, +01:00. */
    static void storeThreeHours(int port, String device) throws IOException {
        List<String> readings = new ArrayList<>();
        for (int k = 1; k <= 30; k++) {
            int minutes = 3 + 6 * (k - 1);
            readings.add(reading(k, "2021-09-29T%02d:%02d:00+01:00".formatted(10 + minutes / 60, minutes % 60)));
        }
        byte[] body = create(device, readings.toArray(String[]::new)).getBytes(StandardCharsets.UTF_8);
        assertThat(RawHttp.post(port, "/api/device-readings/create", body).status()).isEqualTo(201);
    }

    @AfterAll
    void stopTheBrowser() {
        if (this.browser != null) {
            this.browser.close();
        }
    }

    @Test
    void anInvalidIdTypedInShowsTheApisMessage() {
        this.browser.open("/");
        assertThat(this.browser.state()).isEqualTo("idle");
        assertThat(this.browser.focused().getDomAttribute("id")).isEqualTo("device");
        this.browser.focused().sendKeys(" not-a-device ", Keys.ENTER);
        this.browser.settleAt("device=not-a-device");
        assertThat(this.browser.state()).isEqualTo("error");
        assertThat(this.browser.text("message")).isEqualTo("Device ID must be valid UUID string.");
        assertThat(this.browser.byId("summary").isDisplayed()).isFalse();
    }

    @Test
    void anUnknownDeviceShowsTheApisMessage() {
        this.browser.open("/?device=" + UUID.randomUUID());
        assertThat(this.browser.text("message")).isEqualTo("Device readings not found.");
        assertThat(this.browser.byId("series").isDisplayed()).isFalse();
    }

    @Test
    void theSummaryShowsTheDevicesFigures() {
        this.browser.open("/?device=" + DEVICE);
        assertThat(this.browser.state()).isEqualTo("ready");
        assertThat(this.browser.text("summary-device")).isEqualTo(DEVICE);
        assertThat(this.browser.text("summary-count")).isEqualTo("465");
        assertThat(this.browser.text("summary-readings")).isEqualTo("30");
        assertThat(this.browser.text("summary-earliest")).isEqualTo("2021-09-29T10:03:00+0100");
        assertThat(this.browser.text("summary-latest")).isEqualTo("2021-09-29T12:57:00+0100");
        assertThat(this.browser.byId("device").getDomProperty("value")).isEqualTo(DEVICE);
        // Nothing refused by the Content-Security-Policy, nothing failed.
        assertThat(this.browser.consoleErrors()).isEmpty();
    }

    @Test
    void theSeriesCoversTheWholeRangeByTheHourAndItsTableSumsUp() {
        this.browser.open("/?device=" + DEVICE);
        assertThat(new Select(this.browser.byId("step")).getFirstSelectedOption().getText()).isEqualTo("hour");
        assertThat(this.browser.rows("series-table")).containsExactly(List.of("2021-09-29T10:00:00+0100", "55", "10"),
                List.of("2021-09-29T11:00:00+0100", "155", "10"), List.of("2021-09-29T12:00:00+0100", "255", "10"));
        assertThat(this.browser.text("series-total-count")).isEqualTo("465");
        assertThat(this.browser.text("series-total-readings")).isEqualTo("30");
        assertThat(this.browser.find("#chart canvas").isDisplayed()).isTrue();

        new Select(this.browser.byId("step")).selectByVisibleText("minute");
        this.browser.settle();
        List<List<String>> minutes = this.browser.rows("series-table");
        assertThat(minutes).hasSize(180);
        assertThat(minutes.get(3)).containsExactly("2021-09-29T10:03:00+0100", "1", "1");
        assertThat(this.browser.text("series-total-count")).isEqualTo("465");

        new Select(this.browser.byId("step")).selectByVisibleText("day");
        this.browser.settle();
        assertThat(this.browser.rows("series-table")).containsExactly(List.of("2021-09-29T00:00:00+0100", "465", "30"));
    }

    @Test
    void theRangeIsAdjustableAndTheApisRefusalIsShown() {
        this.browser.open("/?device=" + DEVICE);
        setValue("from", "2021-09-29T11:00");
        setValue("to", "2021-09-29T12:00");
        this.browser.byId("to").sendKeys(Keys.ENTER);
        this.browser.settle();
        assertThat(this.browser.rows("series-table")).containsExactly(List.of("2021-09-29T11:00:00+0100", "155", "10"));

        setValue("to", "2021-09-29T11:00");
        this.browser.byId("to").sendKeys(Keys.ENTER);
        this.browser.settle();
        assertThat(this.browser.text("series-message")).isEqualTo("Query parameter 'to' must be after 'from'.");
    }

    @Test
    void theNewestReadingsComePageByPageFromTheKeyboard() {
        this.browser.open("/?device=" + DEVICE);
        List<List<String>> newest = this.browser.rows("history-table");
        assertThat(newest).hasSize(20);
        assertThat(newest.get(0)).containsExactly("2021-09-29T12:57:00+0100", "30");
        assertThat(newest.get(19)).containsExactly("2021-09-29T11:03:00+0100", "11");
        assertThat(this.browser.text("history-caption")).isEqualTo("Readings 1 to 20 of 30, newest first");
        assertThat(this.browser.byId("newer").isEnabled()).isFalse();

        this.browser.byId("older").sendKeys(Keys.ENTER);
        this.browser.settle();
        List<List<String>> older = this.browser.rows("history-table");
        assertThat(older).hasSize(10);
        assertThat(older.get(0)).containsExactly("2021-09-29T10:57:00+0100", "10");
        assertThat(older.get(9)).containsExactly("2021-09-29T10:03:00+0100", "1");
        assertThat(this.browser.byId("older").isEnabled()).isFalse();
        // The keyboard is not left on the disabled button.
        assertThat(this.browser.focused().getDomAttribute("id")).isEqualTo("newer");

        this.browser.focused().sendKeys(Keys.ENTER);
        this.browser.settle();
        assertThat(this.browser.rows("history-table")).isEqualTo(newest);
    }

    @Test
    void thePageFitsA360PixelScreenAndIsPhotographedAtTwoWidths() throws IOException {
        this.browser.open("/?device=" + DEVICE);
        this.browser.screenshot(1280, Path.of("target", "screenshots", "device-page-1280.png"));
        this.browser.screenshot(360, Path.of("target", "screenshots", "device-page-360.png"));
        // No sideways scrolling at 360 px: everything wraps or scrolls inside its own
        // box.
        assertThat((Long) this.browser.script("return document.documentElement.scrollWidth"))
            .isLessThanOrEqualTo((Long) this.browser.script("return window.innerWidth"));
        this.browser.resize(1280, 900);
    }

    private void setValue(String id, String value) {
        this.browser.script("document.getElementById('" + id + "').value = '" + value + "'");
    }

}
