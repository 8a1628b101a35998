package vn.hailong.support;

import com.deque.html.axecore.args.AxeRunOnlyOptions;
import com.deque.html.axecore.args.AxeRunOptions;
import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumDriverLogLevel;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Headless Debian Chromium driven through its own chromedriver, one browser per test class:
 * <pre>
 *   &#64;RegisterExtension
 *   static final Browser browser = Browser.phone();
 * </pre>
 * Both executables are given explicitly (Selenium Manager cannot download anything here); override
 * with env {@code HAILONG_CHROMIUM} / {@code HAILONG_CHROMEDRIVER}. When they are missing the class is
 * skipped with the reason, except under CI (env {@code CI} set), where that fails the run, as
 * {@link TestDatabase} does. A failing test leaves a screenshot under {@code target/browser-screenshots}.
 */
public final class Browser implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, TestWatcher {

    public static final Duration WAIT = Duration.ofSeconds(10);
    /** axe-core impacts the tests do not accept. */
    public static final Set<String> BLOCKING_IMPACTS = Set.of("serious", "critical");

    private static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");
    // Selenium logs through java.util.logging; keep the references so the levels stick.
    private static final List<Logger> QUIET = List.of(Logger.getLogger("org.openqa.selenium"));

    static {
        QUIET.forEach(logger -> logger.setLevel(Level.SEVERE));
    }

    /** The visible page area in CSS pixels; a mobile one also honours the page's viewport meta tag, as a phone does. */
    public record Viewport(int width, int height, boolean mobile) {
    }

    private Viewport viewport;
    private Path downloads;
    private boolean scriptsOff;
    private ChromeDriverService service;
    private ChromeDriver driver;
    private Path profile;
    private String skipReason;

    private Browser(Viewport viewport) {
        this.viewport = viewport;
    }

    /** A small phone: 360 × 740 CSS pixels, mobile viewport rules. */
    public static Browser phone() {
        return new Browser(new Viewport(360, 740, true));
    }

    /** A counter kiosk / desktop screen: 1280 × 900. */
    public static Browser kiosk() {
        return new Browser(new Viewport(1280, 900, false));
    }

    public static Browser sized(int width, int height, boolean mobile) {
        return new Browser(new Viewport(width, height, mobile));
    }

    /** Files the page downloads are saved, without asking, in {@code folder} (Chrome's download preferences). */
    public Browser downloadingTo(Path folder) {
        this.downloads = folder;
        return this;
    }

    /**
     * Pages run no JavaScript of their own ({@code --blink-settings=scriptEnabled=false}), as for a
     * citizen whose phone has it off. The test's own synchronous scripts (measurements, readyState)
     * still run; axe-core, an asynchronous one, never finishes: check accessibility with scripts on.
     */
    public Browser withoutJavaScript() {
        this.scriptsOff = true;
        return this;
    }

    // --- lifecycle ---

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Path chromium = Path.of(System.getenv().getOrDefault("HAILONG_CHROMIUM", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getenv().getOrDefault("HAILONG_CHROMEDRIVER", "/usr/bin/chromedriver"));
        List<String> missing = Stream.of(chromium, chromedriver).filter(p -> !Files.isExecutable(p)).map(Path::toString).toList();
        if (!missing.isEmpty()) {
            String reason = "No browser for the browser tests: " + String.join(" and ", missing)
                    + " missing (apt-get install chromium chromium-driver, as .ci/run does).";
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(reason + " Under CI this is a failure, not a skip.");
            }
            // Skipped test by test (beforeEach): a class-level skip shows in Maven's report as "0 tests", without the reason.
            System.err.println("Browser: skipping " + context.getDisplayName() + ": " + reason);
            skipReason = reason;
            return;
        }
        profile = Files.createTempDirectory("hailong-chromium-");
        Files.createDirectories(Path.of("target"));
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .withLogFile(new File("target/chromedriver.log"))
                .withLogLevel(ChromiumDriverLogLevel.WARNING)
                .withAppendLog(true)
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--disable-search-engine-choice-screen", "--user-data-dir=" + profile,
                "--window-size=" + viewport.width() + "," + viewport.height());
        if (scriptsOff) {
            options.addArguments("--blink-settings=scriptEnabled=false");
        }
        if (downloads != null) {
            Files.createDirectories(downloads);
            options.setExperimentalOption("prefs", Map.of(
                    "download.default_directory", downloads.toAbsolutePath().toString(),
                    "download.prompt_for_download", false,
                    "download.directory_upgrade", true,
                    "safebrowsing.enabled", false));
        }
        // The console (CSP refusals, script errors) is kept for consoleErrors().
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().implicitlyWait(Duration.ZERO);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        viewport(viewport);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (skipReason != null) {
            Assumptions.abort(skipReason);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            driver = null;
            if (service != null) {
                service.stop();
                service = null;
            }
            if (profile != null) {
                try (Stream<Path> files = Files.walk(profile)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
                profile = null;
            }
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (driver != null) {
            try {
                Path saved = screenshot(context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName());
                System.err.println("Browser: screenshot of the failed test at " + saved.toAbsolutePath() + " (" + driver.getCurrentUrl() + ")");
            } catch (RuntimeException e) {
                System.err.println("Browser: no screenshot of the failed test: " + e);
            }
        }
    }

    // --- driving ---

    public WebDriver driver() {
        return running();
    }

    private ChromeDriver running() {
        if (driver == null) {
            throw new IllegalStateException("The browser is not running (outside a test class that registers it?)");
        }
        return driver;
    }

    /** Changes the visible page area; it stays for the following pages. */
    public void viewport(Viewport size) {
        this.viewport = size;
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("width", size.width());
        metrics.put("height", size.height());
        metrics.put("deviceScaleFactor", size.mobile() ? 2 : 1);
        metrics.put("mobile", size.mobile());
        running().executeCdpCommand("Emulation.setDeviceMetricsOverride", metrics);
        running().executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", size.mobile()));
    }

    public Viewport viewport() {
        return viewport;
    }

    /** Opens {@code url} and waits until the document is loaded. */
    public void open(String url) {
        driver().get(url);
        waitForLoad();
    }

    public void waitForLoad() {
        waitUntil(d -> "complete".equals(script("return document.readyState")));
    }

    public <T> T waitUntil(ExpectedCondition<T> condition) {
        return new WebDriverWait(driver(), WAIT).until(condition);
    }

    /** Waits until the current URL's path (with query) matches {@code regex}. */
    public void waitForPath(String regex) {
        waitUntil(d -> {
            String path = (String) script("return location.pathname + location.search");
            return path != null && path.matches(regex);
        });
    }

    public WebElement find(By by) {
        return waitUntil(d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() ? null : found.get(0);
        });
    }

    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver()).executeScript(script, args);
    }

    public long number(String script, Object... args) {
        return ((Number) script(script, args)).longValue();
    }

    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
            Files.write(target, ((TakesScreenshot) driver()).getScreenshotAs(OutputType.BYTES));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- accessibility ---

    /** One axe-core rule broken on the page, with the elements that break it. */
    public record Violation(String rule, String impact, String help, String helpUrl, List<String> targets) {
        @Override
        public String toString() {
            return rule + " [" + impact + "] " + help + " at " + String.join(", ", targets) + " (" + helpUrl + ")";
        }
    }

    /** axe-core's serious and critical violations on the page shown now (WCAG 2.x A/AA and best practices). */
    public List<Violation> axe() {
        return axe(driver());
    }

    /**
     * As {@link #axe()}, leaving out the parts matched by {@code excluded} (CSS selectors): a third-party
     * widget embedded in our page, whose markup we do not write, is checked by its makers, the page around it by us.
     */
    public List<Violation> axeExcluding(String... excluded) {
        return axe(driver(), new AxeBuilder().exclude(List.of(excluded)));
    }

    /**
     * The browser console's errors since the last call (chromedriver hands each entry out once):
     * Content-Security-Policy refusals and uncaught script errors show here.
     */
    public List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : driver().manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(entry.getMessage());
            }
        }
        return errors;
    }

    /** axe-core's serious and critical violations on the page {@code driver} shows. */
    public static List<Violation> axe(WebDriver driver) {
        return axe(driver, new AxeBuilder());
    }

    private static List<Violation> axe(WebDriver driver, AxeBuilder builder) {
        AxeRunOnlyOptions tags = new AxeRunOnlyOptions();
        tags.setType("tag");
        tags.setValues(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"));
        AxeRunOptions options = new AxeRunOptions();
        options.setRunOnly(tags);
        // Details of passed rules are not read: leaving them out keeps a long questionnaire quick to check.
        options.setResultTypes(List.of("violations"));
        Results results = builder.withOptions(options).analyze(driver);
        if (results.isErrored()) {
            throw new IllegalStateException("axe-core failed on " + driver.getCurrentUrl() + ": " + results.getErrorMessage());
        }
        List<Violation> blocking = new ArrayList<>();
        for (Rule rule : results.getViolations()) {
            if (!BLOCKING_IMPACTS.contains(rule.getImpact())) {
                continue;
            }
            List<String> targets = new ArrayList<>();
            for (CheckedNode node : rule.getNodes()) {
                // A rule's impact is the worst of its elements': name the elements that reach it.
                if (node.getImpact() == null || BLOCKING_IMPACTS.contains(node.getImpact())) {
                    targets.add(String.valueOf(node.getTarget()));
                }
            }
            blocking.add(new Violation(rule.getId(), rule.getImpact(), rule.getHelp(), rule.getHelpUrl(), targets));
        }
        return blocking;
    }
}
