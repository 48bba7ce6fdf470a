package dev.mercato.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real headless Chromium driven through ChromeDriver, both Debian's ({@code chromium},
 * {@code chromium-driver}): Selenium is given both paths, so it never looks for (or downloads) a
 * browser of its own. {@code .ci/run} installs the packages when missing and sets
 * {@code MERCATO_REQUIRE_CHROMIUM=1}, so there a missing browser fails the test; on a developer's
 * machine without it the browser tests are skipped with a message saying so.
 *
 * <p>Screenshots go under {@code target/screenshots/<suite>/}, named by step, for a person to look at.
 * The browser's console is recorded, and {@link #assertNoConsoleErrors()} fails on any error there
 * (a script error, a refused request, a content-security-policy violation).
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** A small phone, the width the storefront must be usable at. */
    public static final Dimension PHONE = new Dimension(360, 740);
    public static final Dimension DESKTOP = new Dimension(1280, 900);
    public static final Duration WAIT = Duration.ofSeconds(15);

    private final ChromeDriver driver;
    private final Path screenshots;
    private final String origin;
    private int step;

    private Browser(ChromeDriver driver, Path screenshots, String origin) {
        this.driver = driver;
        this.screenshots = screenshots;
        this.origin = origin;
    }

    /** Skips the calling test (or fails it where the browser is required) when Chromium is not installed. */
    public static void assumeInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        boolean required = "1".equals(System.getenv("MERCATO_REQUIRE_CHROMIUM"));
        assertThat(installed || !required)
                .as("MERCATO_REQUIRE_CHROMIUM=1 but no %s / %s (.ci/run installs Debian's chromium and chromium-driver)",
                        CHROMIUM, CHROMEDRIVER).isTrue();
        assumeTrue(installed, "chromium or chromedriver not installed: browser tests skipped here "
                + "(apt-get install chromium chromium-driver; CI always runs them)");
    }

    /** A new browser with an empty profile, at {@code size}, for the application at {@code http://127.0.0.1:port}. */
    public static Browser open(int port, Dimension size, String suite) {
        assumeInstalled();
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // the flags that keep headless Chromium from calling out of this machine (closed network)
        // and from needing a display or a sandbox (CI runs as root)
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--window-size=" + size.getWidth() + "," + size.getHeight());
        var logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        var driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(size);
        Path screenshots = Path.of("target", "screenshots", suite);
        try {
            Files.createDirectories(screenshots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Browser(driver, screenshots, "http://127.0.0.1:" + port);
    }

    public WebDriver driver() {
        return driver;
    }

    public void go(String pathAndFragment) {
        driver.get(origin + pathAndFragment);
    }

    /** Waits until {@code condition} holds (non-null, non-false), failing with {@code what} after {@link #WAIT}. */
    public <T> T await(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).withMessage(what).until(condition);
    }

    /** The first element matching {@code css} once it is displayed. */
    public WebElement visible(String css) {
        return await("visible: " + css, d -> d.findElements(By.cssSelector(css)).stream()
                .filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Writes {@code target/screenshots/<suite>/<nn>-<name>.png} and returns its path. */
    public Path screenshot(String name) {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Path file = screenshots.resolve("%02d-%s.png".formatted(++step, name));
        try {
            Files.write(file, png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The page's width overflows the window (a phone would have to scroll sideways). */
    public boolean overflowsHorizontally() {
        Object overflow = driver.executeScript(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth;");
        return Boolean.TRUE.equals(overflow);
    }

    public List<LogEntry> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    }

    public void assertNoConsoleErrors() {
        assertThat(consoleErrors()).extracting(LogEntry::getMessage).as("browser console errors").isEmpty();
    }

    public Object script(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    public Map<String, Object> capabilities() {
        return driver.getCapabilities().asMap();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
