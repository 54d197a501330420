package io.brightcounter.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium on the device page, driven through the system chromedriver (never
 * one downloaded at test time). Waits are on the page's own {@code data-state}, which it
 * sets once every answer it asked for is shown, with a generous deadline for a loaded
 * machine.
 */
public final class PageBrowser implements AutoCloseable {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final ChromeDriver driver;

    private final String base;

    public PageBrowser(int port) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(ChromiumAvailableCondition.browser().orElseThrow().toFile());
        // Root in containers needs --no-sandbox; a small /dev/shm needs the other.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(ChromiumAvailableCondition.driver().orElseThrow().toFile())
            .usingAnyFreePort()
            .build();
        this.driver = new ChromeDriver(service, options);
        this.base = "http://127.0.0.1:" + port;
    }

    /**
     * Opens the path and waits until the page has settled (shown its data, or why not).
     */
    public void open(String path) {
        this.driver.get(this.base + path);
        settle();
    }

    /**
     * Waits for the navigation a form submission started to reach a URL containing the
     * text, then for the new page to settle.
     */
    public void settleAt(String urlPart) {
        new WebDriverWait(this.driver, DEADLINE).until((driver) -> driver.getCurrentUrl().contains(urlPart));
        settle();
    }

    public void settle() {
        new WebDriverWait(this.driver, DEADLINE).until((driver) -> {
            String state = find("body").getDomAttribute("data-state");
            return state != null && !"loading".equals(state);
        });
    }

    public String state() {
        return find("body").getDomAttribute("data-state");
    }

    public WebElement byId(String id) {
        return this.driver.findElement(By.id(id));
    }

    public WebElement find(String css) {
        return this.driver.findElement(By.cssSelector(css));
    }

    public String text(String id) {
        return byId(id).getText();
    }

    /** Each row of the table's body, as the texts of its cells. */
    public List<List<String>> rows(String tableId) {
        return this.driver.findElements(By.cssSelector("#" + tableId + " tbody tr"))
            .stream()
            .map((row) -> row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList())
            .toList();
    }

    public Object script(String script) {
        return ((JavascriptExecutor) this.driver).executeScript(script);
    }

    public WebElement focused() {
        return this.driver.switchTo().activeElement();
    }

    /**
     * What the page wrote to the console as errors (a refused script or style among
     * them).
     */
    public List<String> consoleErrors() {
        return this.driver.manage()
            .logs()
            .get(LogType.BROWSER)
            .getAll()
            .stream()
            .filter((entry) -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
            .map(LogEntry::getMessage)
            .toList();
    }

    /**
     * Resizes the window to the width and the page's full height, and writes a screenshot
     * of it.
     */
    public void screenshot(int width, Path file) throws IOException {
        this.driver.manage().window().setSize(new Dimension(width, 900));
        long height = (Long) script("return document.documentElement.scrollHeight");
        this.driver.manage().window().setSize(new Dimension(width, (int) Math.min(height + 120, 4000)));
        Files.createDirectories(file.getParent());
        Files.write(file, this.driver.getScreenshotAs(OutputType.BYTES));
    }

    public void resize(int width, int height) {
        this.driver.manage().window().setSize(new Dimension(width, height));
    }

    @Override
    public void close() {
        this.driver.quit();
    }

}
