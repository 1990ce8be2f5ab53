package dev.fluxion.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Network lab in headless Chromium, as {@link BrowserTest} runs the Formula lab (skipped when
 * Chromium or its driver is missing): train the default spirals live, pause, step one batch, read a
 * weight's gradient, and point at a bad choice. With {@code -Dfluxion.docs.update=true} the
 * screenshot goes to {@code docs/images/playground-network.png}, otherwise to {@code target/}.
 */
class NetworkBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final boolean INSTALLED = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);

  private static Playground server;
  private static ChromeDriver browser;

  @BeforeAll
  static void start() throws IOException {
    if (!INSTALLED) {
      return;
    }
    Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
    server = Playground.start(Settings.defaults().withPort(0));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1280,1650");
    browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build(), options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  private static String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  private static String labState() {
    return browser.findElement(By.id("network-lab")).getDomAttribute("data-state");
  }

  private static void waitUntil(Duration limit, java.util.function.BooleanSupplier condition) {
    new WebDriverWait(browser, limit).pollingEvery(Duration.ofMillis(100)).withMessage(() -> "the lab is " + labState() + " at step " + text("net-at")
        + ", accuracy " + text("net-accuracy") + "; error: " + text("net-error-message"))
        .until(b -> condition.getAsBoolean());
  }

  @Test
  void shouldTrainTheSpiralsLivePauseAndStepOneBatch() throws IOException {
    assumeTrue(INSTALLED, "browser test skipped: " + CHROMIUM + " or " + CHROMEDRIVER + " is missing");
    browser.get(server.uri().toString());
    assertFalse(browser.findElement(By.id("formula-lab")).getDomAttribute("hidden") != null, "the Formula lab first");
    browser.findElement(By.id("tab-network")).click();
    waitUntil(Duration.ofSeconds(15), () -> "ready".equals(labState()));
    assertTrue(browser.findElement(By.id("formula-lab")).getDomAttribute("hidden") != null);
    assertEquals("16,16", browser.findElement(By.name("hidden")).getDomProperty("value"), "the server's defaults");
    assertEquals("0", text("net-at"));
    assertEquals(2 * 16 + 16 * 16 + 16 * 2, browser.findElements(By.cssSelector("#net-graph line")).size());

    browser.findElement(By.id("net-run")).click();
    assertEquals("Pause", text("net-run"));
    // Accuracy moves up and down as training goes on: keep the reading that ended the wait.
    double[] reached = {0};
    waitUntil(Duration.ofSeconds(40), () -> {
      reached[0] = accuracy();
      return reached[0] >= 0.95 || "done".equals(labState());
    });
    assertTrue(reached[0] >= 0.95, "accuracy " + reached[0] + " when the wait ended, step " + text("net-at"));

    browser.findElement(By.id("net-run")).click();
    waitUntil(Duration.ofSeconds(10), () -> "ready".equals(labState()));
    assertEquals("Run", text("net-run"));
    long paused = Long.parseLong(text("net-at"));
    assertTrue(paused > 0 && paused < 3000, "paused at " + paused);
    sleep(600);
    assertEquals(paused, Long.parseLong(text("net-at")), "nothing trains while paused");

    browser.findElement(By.id("net-step")).click();
    waitUntil(Duration.ofSeconds(10), () -> text("net-at").equals(String.valueOf(paused + 1)));
    waitUntil(Duration.ofSeconds(10), () -> "ready".equals(labState()));
    assertEquals(paused + 1, Long.parseLong(text("net-at")), "Step trains exactly one batch");

    browser.findElement(By.cssSelector("input[name=net-show][value=dw]")).click();
    new Actions(browser).moveToElement(browser.findElements(By.cssSelector("#net-graph line")).get(40)).perform();
    String edge = text("net-edge");
    assertTrue(edge.matches("h1\\.\\d+ → h2\\.\\d+: w = \\S+, ∂L/∂w = \\S+"), edge);
    screenshot();

    browser.findElement(By.id("tab-formula")).click();
    assertTrue(browser.findElement(By.id("network-lab")).getDomAttribute("hidden") != null);
    assertEquals(null, browser.findElement(By.id("formula-lab")).getDomAttribute("hidden"));
  }

  @Test
  void shouldPointAtABadChoice() {
    assumeTrue(INSTALLED, "browser test skipped: " + CHROMIUM + " or " + CHROMEDRIVER + " is missing");
    browser.get("about:blank");
    browser.get(server.uri().resolve("/#network").toString()); // the address opens the Network lab
    waitUntil(Duration.ofSeconds(15), () -> "ready".equals(labState()));
    WebElement points = browser.findElement(By.name("points"));
    points.clear();
    points.sendKeys("5000");
    browser.findElement(By.name("seed")).click(); // leaving the field applies the change
    waitUntil(Duration.ofSeconds(10), () -> "error".equals(labState()));
    assertEquals("points = 5000 is outside 20 to 1000", text("net-error-message"));
    assertTrue(points.getDomAttribute("class").contains("invalid"));
  }

  private static double accuracy() {
    String a = text("net-accuracy");
    return a.matches("[0-9.]+") ? Double.parseDouble(a) : 0;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void screenshot() throws IOException {
    boolean docs = Boolean.getBoolean("fluxion.docs.update");
    Path target = docs ? Path.of("../docs/images/playground-network.png") : Path.of("target/playground-network.png");
    Files.createDirectories(target.getParent());
    Files.write(target, browser.getScreenshotAs(OutputType.BYTES));
  }
}
