package io.hammer.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.hammer.engine.account.RunSummary;
import io.hammer.engine.run.RunStore;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A person's path through the console, in headless Chromium (Debian's chromium and chromium-driver,
 * so that Selenium downloads nothing): sign in, start a paced run, change its rate while it goes,
 * watch the live page reach the full count, open the report. The run page is saved as
 * target/run-page.png.
 */
class BrowserTest extends ConsoleTestSupport {
    private static final long ORDERS = 4_000;
    private WebDriver browser;

    @BeforeEach
    void openBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1700", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void operatorStartsARunWatchesItLiveChangesItsRateAndOpensTheReport() throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));

        // Any page asks for a login first.
        signIn(wait);
        assertThat(browser.findElement(By.cssSelector(".who")).getText()).contains("hammer").contains("operator");

        // A paced run: 4,000 orders at 400/s would take 10 s.
        browser.findElement(By.linkText("New run")).click();
        WebElement runId = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("runId")));
        runId.clear();
        runId.sendKeys("browser-1");
        WebElement orders = browser.findElement(By.id("orders"));
        orders.clear();
        orders.sendKeys(Long.toString(ORDERS));
        browser.findElement(By.id("symbols")).sendKeys("VOD.L, BARC.L");
        new Select(browser.findElement(By.id("rateType"))).selectByValue("constant");
        browser.findElement(By.id("perSecond")).sendKeys("400");
        browser.findElement(By.id("start")).click();
        wait.until(ExpectedConditions.urlContains("/runs/browser-1"));

        // Live figures arrive by themselves; while it goes, double the rate.
        new WebDriverWait(browser, Duration.ofSeconds(60)).ignoring(StaleElementReferenceException.class)
                .until(d -> count(d, "delivered") > 0);
        WebElement perSecond = browser.findElement(By.id("per-second"));
        perSecond.sendKeys("800");
        browser.findElement(By.id("change-rate")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Rate changed to 800"));
        assertThat(store.controls("browser-1")).anyMatch(c -> c.kind().equals(RunStore.Control.RATE) && c.value() == 800);

        // The page follows the run to its end without a reload by hand.
        // (it reloads itself once the run has ended, hence stale elements on the way)
        new WebDriverWait(browser, RUN_TIMEOUT).ignoring(StaleElementReferenceException.class)
                .until(d -> count(d, "delivered") == ORDERS
                && d.findElement(By.id("state")).getText().equals("DONE"));
        RunSummary summary = runs.summary("browser-1");
        assertThat(summary.delivered()).isEqualTo(ORDERS);
        assertThat(browser.findElement(By.id("problems")).getText()).contains("Accounting holds");
        assertThat(browser.findElement(By.id("grafana")).getAttribute("href")).endsWith("var-run=browser-1");
        Thread.sleep(1500); // the reload's charts draw after its figures
        new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(By.id("state")).getText().equals("DONE"));
        Path screenshot = Path.of("target", "run-page.png");
        Files.copy(((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);

        // The report: the same run, its verdict and the controls it got.
        String report = browser.findElement(By.id("report")).getAttribute("href");
        browser.get(report);
        wait.until(ExpectedConditions.titleContains("browser-1"));
        assertThat(browser.getPageSource()).contains("browser-1").contains("4,000");
    }

    @Test
    void viewerSeesRunsButNoActions() throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.get(url("/runs/new"));
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("username")).sendKeys(VIEWER);
        browser.findElement(By.id("password")).sendKeys(VIEWER_PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.urlContains("/runs/new"));
        assertThat(browser.findElement(By.cssSelector(".alert.info")).getText()).contains("needs the operator role");
        String runId = browser.findElement(By.id("runId")).getAttribute("value");
        browser.findElement(By.id("start")).click();
        wait.until(d -> d.getPageSource().contains("403"));
        assertThat(store.runHash(runId)).as("a viewer's run %s", runId).isEmpty();
    }

    private void signIn(WebDriverWait wait) {
        browser.get(url("/runs"));
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("username")).sendKeys(OPERATOR);
        browser.findElement(By.id("password")).sendKeys(OPERATOR_PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.urlContains("/runs"));
    }

    private static long count(WebDriver browser, String id) {
        String text = browser.findElement(By.id(id)).getText().replace(",", "");
        return text.matches("\\d+") ? Long.parseLong(text) : -1;
    }
}
