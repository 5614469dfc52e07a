package com.talkhint.ui;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven through the Debian chromedriver, for UI tests; never downloads anything.
 * <p>
 * A test class holds one for all its tests as a JUnit extension,
 * {@code @RegisterExtension static final Browser browser = Browser.perTestClass();}: Chromium starts before the
 * class's first test, the viewport goes back to the window's own after each test, and Chromium is closed after the
 * last.
 */
public final class Browser implements AutoCloseable, BeforeAllCallback, AfterEachCallback, AfterAllCallback {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");

	/**
	 * Selenium warns on every start that it has no typed DevTools bindings for this Chromium; only the raw
	 * {@code executeCdpCommand} is used here, so the warning is noise. Held in a field: JUL keeps loggers weakly.
	 */
	private static final Logger CDP_VERSION_LOG = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

	private ChromeDriver driver;

	private Path profile;

	/** The unique id of the test class whose tests this browser serves: that class's end closes it. */
	private String owner;

	private Browser() {
	}

	/** A browser for one test class's tests, when registered as that class's extension; see above. */
	public static Browser perTestClass() {
		return new Browser();
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		if (this.driver == null) {
			start();
			this.owner = context.getUniqueId();
		}
	}

	@Override
	public void afterEach(ExtensionContext context) {
		if (this.driver != null) {
			windowViewport();
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (context.getUniqueId().equals(this.owner)) {
			close();
		}
	}

	/**
	 * Starts Chromium with a fresh profile. Both binaries are named explicitly: with a driver executable and a
	 * browser binary given, Selenium has nothing to look up, so Selenium Manager (which would download a driver)
	 * is never run.
	 */
	private void start() {
		requireExecutable(CHROMIUM);
		requireExecutable(CHROMEDRIVER);
		Path profile;
		try {
			profile = Files.createTempDirectory("talkhint-chromium-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.withLogFile(profile.resolve("chromedriver.log").toFile())
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
				"--disable-quic", "--window-size=1440,1000", "--user-data-dir=" + profile.toAbsolutePath());
		this.driver = new ChromeDriver(service, options);
		this.profile = profile;
	}

	private ChromeDriver chrome() {
		if (this.driver == null) {
			throw new IllegalStateException("Chromium is not running: register the browser as the test class's "
					+ "extension, @RegisterExtension static final Browser browser = Browser.perTestClass()");
		}
		return this.driver;
	}

	private static Logger quiet(String name) {
		Logger logger = Logger.getLogger(name);
		logger.setLevel(Level.SEVERE);
		return logger;
	}

	static void requireExecutable(Path binary) {
		File file = binary.toFile();
		if (!file.canExecute()) {
			throw new IllegalStateException(binary + " is missing: the UI tests drive a real headless Chromium. "
					+ "Install it with: apt-get install -y chromium chromium-driver");
		}
	}

	public WebDriver driver() {
		return chrome();
	}

	public void open(String url) {
		chrome().get(url);
	}

	public WebElement find(String css) {
		return chrome().findElement(By.cssSelector(css));
	}

	/**
	 * Clicks the element the selector names, finding it afresh until the click lands: the page rebuilds lists
	 * (recent calls, hints) on live events, so an element found a moment ago may be detached by the time the
	 * click is sent ({@link StaleElementReferenceException}); the element the user sees is the new one.
	 */
	public void click(String css) {
		await(Duration.ofSeconds(10), () -> "a clickable " + css, (d) -> {
			try {
				find(css).click();
				return true;
			}
			catch (StaleElementReferenceException | NoSuchElementException
					| ElementClickInterceptedException ex) {
				return false;
			}
		});
	}

	public String text(String css) {
		return find(css).getText();
	}

	/** Waits at most {@code timeout} for the condition to return a non-null, non-false value. */
	public <T> T await(Duration timeout, String what, Function<WebDriver, T> condition) {
		return new WebDriverWait(chrome(), timeout, Duration.ofMillis(100)).withMessage(what).until(condition);
	}

	/** Waits until the element's visible text contains {@code expected}. */
	public void awaitText(String css, String expected, Duration timeout) {
		await(timeout, () -> css + " to contain \"" + expected + "\" but was \"" + safeText(css) + "\"",
				(d) -> safeText(css).contains(expected));
	}

	/** Like {@link #await(Duration, String, Function)}, with a failure message built when it fails. */
	public <T> T await(Duration timeout, Supplier<String> what, Function<WebDriver, T> condition) {
		return new WebDriverWait(chrome(), timeout, Duration.ofMillis(100)).withMessage(what).until(condition);
	}

	private String safeText(String css) {
		try {
			return text(css);
		}
		catch (RuntimeException ex) {
			return "<" + ex.getClass().getSimpleName() + ">";
		}
	}

	/** Runs {@code script} in the page (its {@code arguments} are {@code args}) and returns what it returns. */
	public Object js(String script, Object... args) {
		return chrome().executeScript(script, args);
	}

	/**
	 * Records every text the element {@code css} shows in the page's {@code window[name]}, so quick transitions
	 * cannot slip between two polls; {@link #history(String)} reads it.
	 */
	public void recordHistory(String css, String name) {
		js("const el = document.querySelector(arguments[0]); const now = () => el.textContent.trim();"
				+ " const list = window[arguments[1]] = [now()];"
				+ " new MutationObserver(() => { if (list[list.length - 1] !== now()) list.push(now()); })"
				+ ".observe(el, {childList: true, characterData: true, subtree: true});", css, name);
	}

	/** The texts {@link #recordHistory(String, String)} recorded under {@code name}, oldest first. */
	@SuppressWarnings("unchecked")
	public List<String> history(String name) {
		return (List<String>) js("return window[arguments[0]] || []", name);
	}

	/** Cuts the browser off the network (DevTools network emulation), or reconnects it. */
	public void offline(boolean offline) {
		chrome().executeCdpCommand("Network.enable", Map.of());
		chrome().executeCdpCommand("Network.emulateNetworkConditions",
				Map.of("offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
	}

	/**
	 * Makes the page's viewport exactly {@code width} × {@code height} CSS pixels (DevTools device metrics, so a
	 * phone width is not raised to the headless window's minimum); {@code mobile} also gives it a phone's viewport
	 * rules.
	 */
	public void viewport(int width, int height, boolean mobile) {
		chrome().executeCdpCommand("Emulation.setDeviceMetricsOverride",
				Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
	}

	/** Back to the window's own viewport. */
	public void windowViewport() {
		chrome().executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
	}

	/**
	 * A screenshot the docs show: saved like {@link #screenshot(String, boolean)}, and copied to the folder the
	 * {@code talkhint.screenshots} system property names, when it is set ({@code -Dtalkhint.screenshots=docs/screenshots}
	 * refreshes the docs' pictures).
	 */
	public Path documentationScreenshot(String name, boolean wholePage) {
		Path file = screenshot(name, wholePage);
		String dir = System.getProperty("talkhint.screenshots", "");
		if (!dir.isBlank()) {
			try {
				Path target = Path.of(dir);
				Files.createDirectories(target);
				Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return file;
	}

	/** Saves a PNG of the whole page (not just the window) under target/ui-screenshots/ and returns its path. */
	public Path screenshot(String name) {
		return screenshot(name, true);
	}

	/**
	 * Saves a PNG under target/ui-screenshots/ and returns its path: of the whole page, or of what the viewport
	 * shows ({@code wholePage} false: the first screen as a user sees it).
	 */
	public Path screenshot(String name, boolean wholePage) {
		try {
			Files.createDirectories(SCREENSHOTS);
			Path file = SCREENSHOTS.resolve(name + ".png");
			Number width = (Number) chrome().executeScript(wholePage ? "return document.documentElement.scrollWidth"
					: "return window.innerWidth");
			Number height = (Number) chrome().executeScript(wholePage ? "return document.documentElement.scrollHeight"
					: "return window.innerHeight");
			Map<String, Object> shot = chrome().executeCdpCommand("Page.captureScreenshot",
					Map.of("format", "png", "captureBeyondViewport", wholePage, "clip",
							Map.of("x", 0, "y", wholePage ? 0 : chrome().executeScript("return window.scrollY"), "width", width,
							"height", height, "scale", 1)));
			Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		ChromeDriver running = this.driver;
		if (running == null) {
			return;
		}
		this.driver = null;
		try {
			running.quit();
		}
		finally {
			try (Stream<Path> files = Files.walk(this.profile)) {
				files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
			}
			catch (IOException ex) {
				// A leftover temp profile is harmless; the browser has already quit.
			}
		}
	}

}
