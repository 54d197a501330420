package io.brightcounter.page;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.brightcounter.testsupport.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.brightcounter.testsupport.Envelopes.envelope;
import static io.brightcounter.testsupport.RawHttp.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The device page over HTTP, with API keys configured: the page and its assets need no
 * key and carry the page's Content-Security-Policy; nothing they add answers under
 * {@code /api}, and unknown paths beside them still get the 404 envelope. (What the page
 * does in a browser: {@code DevicePageBrowserIT}.)
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "bright-counter.api-keys=page-key")
class DevicePageHttpTests {

    static final String POLICY = "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; "
            + "form-action 'self'";

    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"(/[^\"]*)\"");

    @LocalServerPort
    private int port;

    @ParameterizedTest
    @ValueSource(strings = { "/", "/?device=063c5957-8905-45f9-bfe3-960713788919", "/?device=not-an-id" })
    void thePageIsHtmlUnderAPolicyOfItsOwnOrigin(String path) throws IOException {
        RawHttp.Response response = RawHttp.exchange(this.port, get(path));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualToIgnoringCase("text/html;charset=utf-8");
        assertThat(response.header("Content-Security-Policy")).isEqualTo(POLICY);
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.body()).startsWith("<!doctype html>")
            .contains("<input id=\"device\" name=\"device\"")
            .doesNotContain("<script>")
            .doesNotContain("style=");
    }

    @Test
    void everyAssetThePageNamesIsServedFromTheServiceWithoutAKey() throws IOException {
        String page = RawHttp.exchange(this.port, get("/")).body();
        List<String> assets = new ArrayList<>();
        Matcher matcher = ASSET.matcher(page);
        while (matcher.find()) {
            assets.add(matcher.group(1));
        }
        assertThat(assets).contains("/page/page.js", "/page/page.css", "/page/uplot/uPlot.iife.min.js",
                "/page/uplot/uPlot.min.css");
        // Only the page's own assets and the API docs: nothing from another origin.
        assertThat(page).doesNotContain("//cdn").doesNotContain("http://").doesNotContain("https://");
        for (String asset : assets.stream().filter((asset) -> asset.startsWith("/page/")).toList()) {
            RawHttp.Response response = RawHttp.exchange(this.port, get(asset));
            assertThat(response.status()).as(asset).isEqualTo(200);
            assertThat(response.header("Content-Security-Policy")).as(asset).isEqualTo(POLICY);
            assertThat(response.header("X-Content-Type-Options")).as(asset).isEqualTo("nosniff");
            assertThat(response.body()).as(asset).isNotEmpty();
        }
    }

    @ParameterizedTest
    @CsvSource({ "/page/page.js, text/javascript", "/page/page.css, text/css", "/page/icon.svg, image/svg+xml",
            "/page/uplot/uPlot.iife.min.js, text/javascript", "/page/uplot/uPlot.min.css, text/css" })
    void assetsCarryTheirTypeAndAreRevalidated(String path, String type) throws IOException {
        RawHttp.Response response = RawHttp.exchange(this.port, get(path));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith(type);
        assertThat(response.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(response.header("Last-Modified")).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = { "/index.html", "/page", "/page/", "/page/nothing.js", "/page/uplot/nothing.js", "/page/uplot/",
                    "/page/uplot/uPlot.d.ts/x", "/page/index.html/x", "/page/uplot/../../application.properties",
                    "/page/%2e%2e/application.properties", "/page/uplot/%2e%2e/%2e%2e/package.json",
                    "/page/uplot/%2e%2e/LICENSE", "/META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.min.css",
                    "/webjars/uplot/1.6.30/dist/uPlot.min.css", "/application.properties" })
    void unknownPathsBesideThePageGetThe404Envelope(String path) throws IOException {
        RawHttp.Response response = RawHttp.exchange(this.port, get(path));
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.body()).isEqualTo(envelope("Not found.", 404));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/page/page.js", "/api/", "/api/page/uplot/uPlot.min.css", "/api/index.html" })
    void nothingOfThePageAnswersUnderApi(String path) throws IOException {
        RawHttp.Response anonymous = RawHttp.exchange(this.port, get(path));
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.body()).isEqualTo(envelope("Missing or invalid API key.", 401));
        RawHttp.Response keyed = RawHttp.exchange(this.port,
                "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer page-key\r\n\r\n");
        assertThat(keyed.status()).isEqualTo(404);
        assertThat(keyed.body()).isEqualTo(envelope("Not found.", 404));
        assertThat(keyed.header("Content-Security-Policy")).isNull();
    }

    @Test
    void theApiKeepsItsOwnAnswersAndNoPagePolicy() throws IOException {
        RawHttp.Response ping = RawHttp.exchange(this.port, get("/api/ping"));
        assertThat(ping.status()).isEqualTo(200);
        assertThat(ping.header("Content-Type")).startsWith("application/json");
        assertThat(ping.header("Content-Security-Policy")).isNull();
    }

    @Test
    void thePageIsReadOnly() throws IOException {
        RawHttp.Response response = RawHttp.exchange(this.port,
                "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\n{}");
        assertThat(response.status()).isEqualTo(405);
        assertThat(response.body()).isEqualTo(envelope("Method not allowed.", 405));
    }

}
