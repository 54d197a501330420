package io.brightcounter.page;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.brightcounter.testsupport.CreateBodies;
import io.brightcounter.testsupport.PageBrowser;
import io.brightcounter.testsupport.RawHttp;
import io.brightcounter.testsupport.RequiresChromium;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The device page with API keys configured: it says the API asked for a key, takes one,
 * keeps it in the tab's session storage only, and shows the device with it.
 */
@RequiresChromium
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "bright-counter.api-keys=page-key-7c1e")
class DevicePageKeyBrowserIT {

    @LocalServerPort
    private int port;

    @Test
    void thePageAsksForTheKeyAndKeepsItInTheTabOnly() throws IOException {
        String device = UUID.randomUUID().toString();
        RawHttp.Response stored = RawHttp.exchange(this.port, keyedCreate(device));
        assertThat(stored.status()).isEqualTo(201);
        try (PageBrowser browser = new PageBrowser(this.port)) {
            browser.open("/?device=" + device);
            assertThat(browser.text("message")).isEqualTo("Missing or invalid API key.");
            assertThat(browser.byId("key-form").isDisplayed()).isTrue();
            assertThat(browser.focused().getDomAttribute("id")).isEqualTo("api-key");

            browser.focused().sendKeys("wrong-key", Keys.ENTER);
            browser.settle();
            assertThat(browser.script("return sessionStorage.getItem('bright-counter.api-key')"))
                .isEqualTo("wrong-key");
            assertThat(browser.text("message")).isEqualTo("Missing or invalid API key.");
            assertThat(browser.focused().getDomAttribute("id")).isEqualTo("api-key");

            browser.byId("api-key").sendKeys("page-key-7c1e", Keys.ENTER);
            browser.settle();
            assertThat(browser.state()).isEqualTo("ready");
            assertThat(browser.byId("message").isDisplayed()).isFalse();
            assertThat(browser.text("summary-count")).isEqualTo("9");
            assertThat(browser.script("return sessionStorage.getItem('bright-counter.api-key')"))
                .isEqualTo("page-key-7c1e");
            assertThat(browser.script("return localStorage.length")).isEqualTo(0L);
            assertThat(browser.script("return document.cookie")).isEqualTo("");
        }
    }

    private static String keyedCreate(String device) {
        String body = CreateBodies.create(device, CreateBodies.reading(9, "2021-09-29T16:09:15+01:00"));
        return "POST /api/device-readings/create HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer page-key-7c1e\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

}
