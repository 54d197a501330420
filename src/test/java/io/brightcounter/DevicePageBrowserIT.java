package io.brightcounter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.Keys;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.brightcounter.CreateBodies.create;
import static io.brightcounter.CreateBodies.reading;
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

}
