package dev.fluxion.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Formula lab in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, set
 * explicitly so that Selenium Manager never looks for a driver to download). Skipped, saying so,
 * when either is missing. With {@code -Dfluxion.docs.update=true} the screenshot goes to
 * {@code docs/images/playground-formula.png}, otherwise to {@code target/}.
 */
class BrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String SURVEY = "ln(x1) + x1*x2 - sin(x2)";

  private static Playground graphviz;
  private static Playground layered;
  private static ChromeDriver browser;

  /** Whether the browser and its driver are installed. */
  private static final boolean INSTALLED = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);

  @BeforeAll
  static void start() throws IOException {
    if (!INSTALLED) {
      return;
    }
    Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
    graphviz = Playground.start(Settings.defaults().withPort(0));
    layered = Playground.start(Settings.defaults().withPort(0).withGraphviz(false));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1280,1500");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @BeforeEach
  void browserIsInstalled() {
    assumeTrue(INSTALLED, "browser test skipped: " + CHROMIUM + " or " + CHROMEDRIVER
        + " is missing (apt-get install chromium chromium-driver)");
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    for (Playground p : new Playground[] {graphviz, layered}) {
      if (p != null) {
        p.close();
      }
    }
  }

  /** Opens the page, types {@code formula} and {@code point}, computes and waits for {@code state}. */
  private static void compute(Playground server, String formula, String point, String state) {
    browser.get(server.uri().toString());
    waitFor("ready");
    type("formula", formula);
    type("point", point);
    browser.findElement(By.id("compute")).click();
    waitFor(state);
  }

  private static void type(String id, String text) {
    WebElement input = browser.findElement(By.id(id));
    input.clear();
    input.sendKeys(text);
  }

  private static void waitFor(String state) {
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(
        b -> state.equals(b.findElement(By.tagName("body")).getDomAttribute("data-state")));
  }

  private static String text(String css) {
    return browser.findElement(By.cssSelector(css)).getText();
  }

  /** Clicks Step until it is disabled; returns how many steps that took. */
  private static int stepToTheEnd() {
    WebElement step = browser.findElement(By.id("step"));
    int steps = 0;
    while (step.isEnabled() && steps < 100) {
      step.click();
      steps++;
    }
    return steps;
  }

  @Test
  void shouldStepTheReverseSweepToTheGradient() throws IOException {
    compute(graphviz, SURVEY, "x1=2, x2=5", "ready");
    assertEquals("11.652", text("#value"));
    browser.findElement(By.cssSelector("input[name=mode][value=reverse]")).click();
    assertEquals(9, stepToTheEnd(), "one step per contribution, the seed ȳ first");
    assertEquals("step 9 of 9", text("#progress"));
    WebElement node = browser.findElement(By.cssSelector("#graph .node.active"));
    assertEquals("node-v-1", node.getDomAttribute("id"), "the last step sets v̄-1, the adjoint of x1");
    assertTrue(node.getText().contains("x1"), node.getText());
    assertEquals("5.5", text("#trace tr[data-row='v-1'] td.derivative-value"));
    assertEquals("1.716", text("#trace tr[data-row='v0'] td.derivative-value"));
    assertEquals(List.of("v-1"), browser.findElements(By.cssSelector("#trace tr.active")).stream()
        .map(tr -> tr.getDomAttribute("data-row")).toList());
    assertTrue(text("#now").contains("∂f/∂x1 = 5.5, ∂f/∂x2 = 1.716"), text("#now"));
    assertTrue(text("#sweeps").contains("forward: 2 sweeps for 2 inputs"), text("#sweeps"));
    browser.findElement(By.id("back")).click();
    assertEquals("node-v0", browser.findElement(By.cssSelector("#graph .node.active")).getDomAttribute("id"));
    assertEquals("node-v2", browser.findElement(By.cssSelector("#graph .node.source")).getDomAttribute("id"));
    screenshot();
  }

  @Test
  void shouldStepForwardModeForTheChosenSeedInTheOwnLayout() {
    compute(layered, SURVEY, "x1=2, x2=5", "ready");
    assertTrue(text("#layout-note").contains("own layered layout"), text("#layout-note"));
    new Select(browser.findElement(By.id("seed"))).selectByValue("x2");
    browser.findElement(By.id("step")).click();
    browser.findElement(By.id("step")).click();
    assertEquals("node-v0", browser.findElement(By.cssSelector("#graph .node.active")).getDomAttribute("id"));
    assertEquals("1", text("#trace tr[data-row='v0'] td.derivative-value"), "the seed: ẋ2 = 1");
    assertEquals(5, stepToTheEnd());
    assertEquals("node-v5", browser.findElement(By.cssSelector("#graph .node.active")).getDomAttribute("id"));
    assertEquals(2, browser.findElements(By.cssSelector("#graph .edge.flow")).size(), "v4 and v3 flow into v5");
    assertTrue(text("#now").contains("∂f/∂x2 = v̇5 = 1.716"), text("#now"));
  }

  @Test
  void shouldShowAFormulaErrorWithACaret() {
    compute(graphviz, "ln(x1 * 2", "x1=2", "error");
    assertEquals("expected ')' but found end of input", text("#error-message"));
    assertEquals(List.of("ln(x1 * 2", "         ^ (formula, character 10)"), text("#error-caret").lines().toList());
    assertTrue(browser.findElement(By.id("results")).getDomAttribute("hidden") != null, "no stale results");
    compute(graphviz, "ln(x)", "x=-1", "error");
    assertTrue(text("#error-message").contains("NaN"), text("#error-message"));
  }

  private static void screenshot() throws IOException {
    boolean docs = Boolean.getBoolean("fluxion.docs.update");
    Path target = docs ? Path.of("../docs/images/playground-formula.png") : Path.of("target/playground-formula.png");
    Files.createDirectories(target.getParent());
    Files.write(target, browser.getScreenshotAs(OutputType.BYTES));
  }
}
