package dev.kintsugi.server.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} driven through its {@code chromedriver}, no
 * download) for the dashboard's browser tests. Skipped where Chromium is not installed, except in
 * CI ({@code CI=true}), where {@code .ci/run} installs it and the tests must run.
 *
 * <p>{@link #screenshot} saves the window as {@code target/screenshots/NAME.png}, and also into the
 * directory named by the system property {@code kintsugi.screenshots} when set (how the README's
 * pictures are made: {@code -Dkintsugi.screenshots=$PWD/docs/screenshots}).
 */
public final class Browser implements AutoCloseable {
  private static final List<String> BROWSERS =
      List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
  private static final List<String> DRIVERS =
      List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

  public final ChromeDriver driver;
  private final Path screenshots;

  private Browser(ChromeDriver driver, Path screenshots) {
    this.driver = driver;
    this.screenshots = screenshots;
  }

  /** Starts a headless Chromium with a laptop-sized window. */
  public static Browser start(Path moduleTarget) {
    Optional<String> binary = first(BROWSERS);
    Optional<String> driverBinary = first(DRIVERS);
    if (binary.isEmpty() || driverBinary.isEmpty()) {
      String why =
          "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(why + ": .ci/run installs them in CI");
      }
      assumeTrue(false, why + ": browser tests skipped");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(binary.get());
    options.addArguments(
        "--headless=new",
        "--no-sandbox", // CI runs as root, where Chromium's own sandbox cannot start
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1366,900",
        "--lang=en-US");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(driverBinary.get()))
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return new Browser(driver, moduleTarget.resolve("screenshots"));
  }

  public void open(String url) {
    driver.get(url);
  }

  public WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  public List<WebElement> findAll(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** Waits (up to {@code seconds}) for an element to be visible and returns it. */
  public WebElement await(String css, int seconds) {
    return new WebDriverWait(driver, Duration.ofSeconds(seconds))
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  /** Waits (up to {@code seconds}) until an element's text contains {@code text}. */
  public void awaitText(String css, String text, int seconds) {
    new WebDriverWait(driver, Duration.ofSeconds(seconds))
        .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
  }

  /** Waits for a confirm() dialog (e.g. htmx's hx-confirm) and accepts it; returns its text. */
  public String acceptDialog(int seconds) {
    var alert =
        new WebDriverWait(driver, Duration.ofSeconds(seconds))
            .until(ExpectedConditions.alertIsPresent());
    String text = alert.getText();
    alert.accept();
    return text;
  }

  public Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  public Object asyncScript(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
  }

  /** Saves the window as NAME.png (see the class comment for where). */
  public Path screenshot(String name) throws IOException {
    File shot = driver.getScreenshotAs(OutputType.FILE);
    Files.createDirectories(screenshots);
    Path out = screenshots.resolve(name + ".png");
    Files.copy(shot.toPath(), out, StandardCopyOption.REPLACE_EXISTING);
    String extra = System.getProperty("kintsugi.screenshots");
    if (extra != null && !extra.isBlank()) {
      Path dir = Path.of(extra);
      Files.createDirectories(dir);
      Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
    return out;
  }

  /** Like {@link #screenshot}, with the window as tall as the page (up to 4,000 pixels). */
  public Path screenshotFullPage(String name) throws IOException {
    org.openqa.selenium.Dimension before = driver.manage().window().getSize();
    Number height = (Number) script("return Math.min(4000, document.documentElement.scrollHeight)");
    driver
        .manage()
        .window()
        .setSize(new org.openqa.selenium.Dimension(before.getWidth(), height.intValue() + 100));
    try {
      return screenshot(name);
    } finally {
      driver.manage().window().setSize(before);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }

  private static Optional<String> first(List<String> paths) {
    return paths.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst();
  }
}
