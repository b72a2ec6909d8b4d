package dev.slicewise.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.slicewise.recommend.Recommendation;
import dev.slicewise.recommend.Sharing;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Pdf;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.print.PrintOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The report and the approval page in real headless Chromium (Debian's chromium + chromium-driver), served by a
 * local HTTP server so the form POST can be observed. Screenshots and a PDF land in target/screenshots/ for review.
 * Every expected count is derived from the inputs, so swapping the fixture for the real demo ({@link DemoInputs})
 * changes nothing here.
 */
class ReportPageIT {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final String TOKEN = "one-time-form-token-3f9a";

    static HttpServer server;
    static String base;
    static final Map<String, String> pages = new ConcurrentHashMap<>();
    static final List<Request> requests = new CopyOnWriteArrayList<>();

    record Request(String method, String path, String contentType, String body) {
        Map<String, String> form() {
            Map<String, String> m = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) continue;
                String[] kv = pair.split("=", 2);
                m.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            return m;
        }
    }

    ChromeDriver driver;
    Path profile;

    @BeforeAll
    static void browserAndServer() throws IOException {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(chromium())) missing.add("chromium (" + chromium() + ")");
        if (!Files.isExecutable(chromedriver())) missing.add("chromedriver (" + chromedriver() + ")");
        if (!missing.isEmpty()) {
            fail("The report's browser tests need headless Chromium and its driver; missing: " + String.join(", ", missing)
                    + ". Install them with `apt-get install -y chromium chromium-driver` (Debian/Ubuntu; .ci/run does this), "
                    + "or point -Dslicewise.chromium=… and -Dslicewise.chromedriver=… at your own binaries.");
        }
        Files.createDirectories(SCREENSHOTS);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ReportPageIT::handle);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) server.stop(0);
    }

    static Path chromium() {
        return Path.of(System.getProperty("slicewise.chromium", "/usr/bin/chromium"));
    }

    static Path chromedriver() {
        return Path.of(System.getProperty("slicewise.chromedriver", "/usr/bin/chromedriver"));
    }

    /** GET serves a registered page; POST records the form and answers with a small page of its own. */
    static void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getPath();
        requests.add(new Request(ex.getRequestMethod(), path, ex.getRequestHeaders().getFirst("Content-Type"), body));
        String html;
        int status = 200;
        if (ex.getRequestMethod().equals("GET") && pages.containsKey(path)) {
            html = pages.get(path);
        } else if (ex.getRequestMethod().equals("POST") && path.matches("/recommendations/[^/]+/(approve|reject)")) {
            html = "<!doctype html><html lang=en><head><meta charset=utf-8><link rel=icon href=\"data:,\"><title>Recorded</title></head>"
                    + "<body><p id=result>recorded</p></body></html>";
        } else {
            status = 404;
            html = "<!doctype html><title>not found</title>";
        }
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @BeforeEach
    void startBrowser() throws IOException {
        requests.clear();
        pages.clear();
        profile = Files.createTempDirectory("slicewise-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium().toFile());
        // This machine has no network: without these Chromium waits on connections it will never get.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--user-data-dir=" + profile, "--window-size=1280,900", "--force-device-scale-factor=1",
                "--hide-scrollbars");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver().toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (driver != null) driver.quit();
        if (profile != null) {
            try (var walk = Files.walk(profile)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // ------------------------------------------------------------------------------------------ tests

    @Test
    void demoReportDrawsEveryGpuAndSliceWithoutConsoleErrors() throws IOException {
        ReportInputs demo = DemoInputs.load();
        open("/report.html", ReportRenderer.render(demo.report(), demo.snapshot(), new Page.LocalReport()));

        int gpusWithEvidence = demo.report().recommendations().stream().mapToInt(r -> r.evidence().size()).sum();
        int sharedGpus = 0, migGpus = 0, migSlices = 0;
        for (Recommendation r : demo.report().recommendations()) {
            switch (r.sharing()) {
                case Sharing.TimeSlicing ts -> sharedGpus += ts.gpus().size();
                case Sharing.Mig mig -> {
                    migGpus += mig.gpus().size();
                    migSlices += mig.gpus().stream().mapToInt(g -> g.slices().size()).sum();
                }
                case Sharing.Unchanged u -> {}
            }
        }
        assertThat(gpusWithEvidence).isPositive();
        assertThat(sharedGpus + migGpus).isPositive();

        // utilization: one drawn chart per GPU, each with a line of real length
        List<Map<String, Object>> util = js("""
                return [...document.querySelectorAll('svg.util-chart')].map(s => {
                  const r = s.getBoundingClientRect();
                  const lines = [...s.querySelectorAll('polyline.util-avg')];
                  return {w: r.width, h: r.height, lines: lines.length,
                          length: lines.reduce((a, l) => a + l.getTotalLength(), 0), noData: s.classList.contains('no-data')};
                });""");
        assertThat(util).hasSize(gpusWithEvidence);
        for (Map<String, Object> c : util) {
            assertThat(num(c.get("w"))).isGreaterThan(200);
            assertThat(num(c.get("h"))).isGreaterThan(60);
            if (!(Boolean) c.get("noData")) assertThat(num(c.get("length"))).isGreaterThan(20);
        }
        // packing: one bar per target GPU, tenants and MIG instances drawn with real size
        assertThat(count("svg.ts-gpu")).isEqualTo(sharedGpus);
        assertThat(count("svg.mig-gpu")).isEqualTo(migGpus);
        assertThat(count("svg.mig-gpu g.mig-slice")).isEqualTo(migSlices);
        List<Map<String, Object>> shapes = js("""
                return [...document.querySelectorAll('svg.mig-gpu g.mig-slice rect, svg.ts-gpu g.tenant rect')].map(r => {
                  const b = r.getBoundingClientRect(); return {w: b.width, h: b.height};
                });""");
        assertThat(shapes).isNotEmpty().allSatisfy(s -> {
            assertThat(num(s.get("w"))).isGreaterThan(1);
            assertThat(num(s.get("h"))).isGreaterThan(10);
        });
        assertThat(Integer.parseInt(driver.findElement(By.cssSelector("figure.packing.mig")).getAttribute("data-slice-count")))
                .isEqualTo(migSlices);

        assertNoConsoleErrors();
        // self-contained: the browser asked the server for the page and nothing else (no favicon, no CDN)
        assertThat(requests).extracting(Request::path).containsExactly("/report.html");
        fullPageScreenshot("report-desktop.png");

        Pdf pdf = driver.print(new PrintOptions());
        byte[] bytes = Base64.getDecoder().decode(pdf.getContent());
        assertThat(new String(bytes, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        Files.write(SCREENSHOTS.resolve("report.pdf"), bytes);
    }

    @Test
    void reportIsReadableOnAPhone() throws IOException {
        driver.manage().window().setSize(new Dimension(390, 844));
        ReportInputs demo = DemoInputs.load();
        open("/report.html", ReportRenderer.render(demo.report(), demo.snapshot(), new Page.LocalReport()));
        Map<String, Object> layout = js("""
                const panels = [...document.querySelectorAll('.gpu-panel')].map(p => Math.round(p.getBoundingClientRect().left));
                return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
                        columns: new Set(panels).size, font: parseFloat(getComputedStyle(document.body).fontSize)};""");
        // what sticks out of the page, outside any scrolling box (named in the failure message)
        List<String> wide = js("""
                const clipped = e => { for (let p = e.parentElement; p; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'hidden' || o === 'scroll') return true; } return false; };
                return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !clipped(e))
                  .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().width) + ' px: ' + (e.textContent || '').slice(0, 80));""");
        assertThat(num(layout.get("inner"))).isLessThanOrEqualTo(390);
        assertThat(num(layout.get("scroll"))).as("no sideways scrolling; too wide: " + wide).isLessThanOrEqualTo(num(layout.get("inner")));
        assertThat(num(layout.get("columns"))).as("small multiples in one column").isEqualTo(1);
        assertThat(num(layout.get("font"))).isGreaterThanOrEqualTo(14);
        assertNoConsoleErrors();
        fullPageScreenshot("report-phone.png");
    }

    @Test
    void approvalPageChangesNothingOnViewAndApprovePostsTheForm() throws IOException {
        ReportInputs demo = DemoInputs.load();
        Recommendation rec = firstActionable(demo);
        open("/approve/" + rec.id(), approvalPage(demo, rec));
        assertThat(requests).extracting(Request::method).containsOnly("GET");
        assertNoConsoleErrors();
        fullPageScreenshot("approval-desktop.png");

        // printing leaves the buttons out and prints the collapsed tables
        // (Selenium's isDisplayed() calls anything inside a closed <details> hidden whatever the CSS; ask the browser)
        String tableVisible = "return document.querySelector('details.fallback table').checkVisibility()";
        assertThat(driver.executeScript(tableVisible)).isEqualTo(false);
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        assertThat(driver.findElement(By.cssSelector("button.approve")).isDisplayed()).isFalse();
        assertThat(driver.executeScript(tableVisible)).isEqualTo(true);
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
        assertThat(driver.findElement(By.cssSelector("button.approve")).isDisplayed()).isTrue();

        driver.findElement(By.cssSelector("button.approve")).click();
        Request post = awaitPost();
        assertThat(post.path()).isEqualTo("/recommendations/" + rec.id() + "/approve");
        assertThat(post.contentType()).startsWith("application/x-www-form-urlencoded");
        assertThat(post.form()).containsExactlyInAnyOrderEntriesOf(Map.of("token", TOKEN, "decision", "approve"));
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> !d.findElements(By.id("result")).isEmpty());
        assertNoConsoleErrors();
    }

    @Test
    void rejectPostsToTheRejectAction() {
        ReportInputs demo = DemoInputs.load();
        Recommendation rec = firstActionable(demo);
        open("/approve/" + rec.id(), approvalPage(demo, rec));
        driver.findElement(By.cssSelector("button.reject")).click();
        Request post = awaitPost();
        assertThat(post.path()).isEqualTo("/recommendations/" + rec.id() + "/reject");
        assertThat(post.form()).containsExactlyInAnyOrderEntriesOf(Map.of("token", TOKEN, "decision", "reject"));
    }

    @Test
    void hostileNamesRunNothingInTheBrowser() {
        ReportInputs hostile = DemoReportFixture.build(new DemoReportFixture.Names("<script>alert(1)</script>", "\"><img src=x onerror=alert(2)>"));
        Recommendation rec = hostile.report().recommendations().getFirst();
        open("/approve/" + rec.id(), approvalPage(hostile, rec));
        try {
            driver.switchTo().alert();
            fail("an alert opened: injected script ran");
        } catch (NoAlertPresentException expected) {
            // nothing ran
        }
        assertThat(count("script, img")).isZero();
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Approve GPU sharing for NodePool \"><img src=x onerror=alert(2)>");
        assertThat(driver.findElement(By.cssSelector("figure.packing")).getText()).contains("notebooks/<script>alert(1)</script>");
        assertNoConsoleErrors();
        assertThat(requests).extracting(Request::path).containsExactly("/approve/" + rec.id());
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static Recommendation firstActionable(ReportInputs in) {
        return in.report().recommendations().stream().filter(Recommendation::actionable).findFirst().orElseThrow();
    }

    private static String approvalPage(ReportInputs in, Recommendation rec) {
        var page = new Page.ApprovalPage(rec.id(), URI.create(base + "/recommendations/" + rec.id() + "/approve"),
                URI.create(base + "/recommendations/" + rec.id() + "/reject"), TOKEN, Instant.parse("2026-11-27T00:05:00Z"),
                Page.ApprovalStatus.PENDING, null);
        return ReportRenderer.render(in.report(), in.snapshot(), page);
    }

    private void open(String path, String html) {
        pages.put(path, html);
        driver.get(base + path);
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    private Request awaitPost() {
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> requests.stream().anyMatch(r -> r.method().equals("POST")));
        List<Request> posts = requests.stream().filter(r -> r.method().equals("POST")).toList();
        assertThat(posts).hasSize(1);
        return posts.getFirst();
    }

    private int count(String css) {
        return driver.findElements(By.cssSelector(css)).size();
    }

    @SuppressWarnings("unchecked")
    private <T> T js(String script) {
        return (T) driver.executeScript(script);
    }

    private static double num(Object o) {
        return ((Number) o).doubleValue();
    }

    private void assertNoConsoleErrors() {
        List<LogEntry> entries = driver.manage().logs().get(LogType.BROWSER).getAll();
        entries.forEach(e -> System.out.println("[browser " + e.getLevel() + "] " + e.getMessage()));
        assertThat(entries).filteredOn(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).extracting(LogEntry::getMessage).isEmpty();
    }

    /** Grows the window to the page's height for one screenshot of the whole page (capped at Chromium's texture size). */
    private void fullPageScreenshot(String name) throws IOException {
        Dimension before = driver.manage().window().getSize();
        long height = ((Number) driver.executeScript("return Math.ceil(document.documentElement.scrollHeight)")).longValue();
        driver.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(16000, Math.max(before.getHeight(), height))));
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name), png);
        driver.manage().window().setSize(before);
        assertThat(png.length).isGreaterThan(10_000);
    }
}
