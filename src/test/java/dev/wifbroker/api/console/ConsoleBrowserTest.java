package dev.wifbroker.api.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.testing.RawHttp;
import dev.wifbroker.testing.TestPorts;
import dev.wifbroker.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser: Debian's headless chromium driven through its chromedriver, against a broker whose
 * console signs in at a stub operator IdP ({@link OperatorIdpStub}). Each page is photographed into
 * {@code docs/console/} (docs/console.md shows them). Without chromium the class is skipped with a loud reason, but
 * never in CI ({@code CI=true}): there a missing browser fails it, since .ci/run installs one.
 */
@QuarkusTest
@TestProfile(ConsoleTestResource.Profile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    /** Debian's paths; WIF_TEST_CHROMIUM / WIF_TEST_CHROMEDRIVER point elsewhere (or nowhere, to see the skip). */
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("WIF_TEST_CHROMIUM", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("WIF_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final int CHROMEDRIVER_PORT = Integer.parseInt(System.getenv().getOrDefault("WIF_TEST_CHROMEDRIVER_PORT", "18320"));
    private static final Path SCREENSHOTS = Path.of("docs/console");
    private static WebDriver browser;

    private static String console() {
        return "http://127.0.0.1:" + TestPorts.management();
    }

    @BeforeAll
    static void startBrowser() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            String why = "ConsoleBrowserTest needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): apt-get install chromium chromium-driver";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(why + " (CI=true: not skipped; .ci/run installs them)");
            }
            System.err.println("\n*** SKIPPED: " + why + " ***\n");
            Assumptions.abort(why);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        // --no-sandbox: CI runs as root, where chromium's sandbox cannot start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--disable-gpu", "--no-first-run", "--disable-extensions", "--disable-background-networking");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingPort(CHROMEDRIVER_PORT).build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    @Order(1)
    void signingInThroughTheOperatorIdpLandsOnTheOverview() {
        int redeemedBefore = ConsoleTestResource.idp().redeemed();
        browser.get(console() + "/console/");
        waitForTitle("Overview");
        assertThat(ConsoleTestResource.idp().redeemed()).isEqualTo(redeemedBefore + 1);
        assertThat(ConsoleTestResource.idp().refusedVerifiers()).isZero();
        Cookie session = browser.manage().getCookieNamed(ConsoleCookies.SESSION);
        assertThat(session).isNotNull();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.isSecure()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        assertThat(text("#policy-version")).startsWith("sha256:");
        assertThat(text("#last-error")).isEqualTo("none");
        assertThat(text("#issuers")).contains("operators", "github");
        assertThat(browser.findElements(By.cssSelector("#keys tbody tr"))).isNotEmpty();
        assertThat(text("#readiness")).isEqualTo("UP");
        assertThat(text("header .who")).contains("operators:alice");
        screenshot("overview");
        for (String path : List.of("/console/", "/console/roles", "/console/explain", "/console/decisions", "/console/revocations")) {
            RawHttp.Reply page = get(path, session());
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.header("Content-Security-Policy")).as(path).isEqualTo(ConsoleRoutes.CSP);
            assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(page.header("Cache-Control")).isEqualTo("no-store");
            assertThat(page.text()).as(path).doesNotContain("<script", " style=", " onclick=").contains("/console/static/console.css");
        }
    }

    @Test
    @Order(2)
    void rolesShowTheirBindingsAndTheirFileWithLintFindingsInline() {
        browser.get(console() + "/console/roles");
        waitForTitle("Roles");
        WebElement deploy = browser.findElement(By.id("role-deploy"));
        assertThat(deploy.findElement(By.cssSelector("table.bindings")).getText()).contains("trust[0]", "github", "repository_id", "892551");
        assertThat(deploy.findElement(By.cssSelector("pre.yaml")).getText()).contains("role: deploy");
        WebElement legacy = browser.findElement(By.id("role-legacy-deploy"));
        assertThat(legacy.findElements(By.cssSelector(".finding"))).isNotEmpty();
        screenshot("roles");
    }

    @Test
    @Order(3)
    void aDeniedDecisionOpensByItsIdAndNamesTheFailingCondition() {
        Response denied = exchange(github(c -> c.put("ref", "refs/heads/dev")), "deploy");
        assertThat(denied.statusCode()).isEqualTo(403);
        String id = denied.jsonPath().getString("decision_id");
        browser.get(console() + "/console/decisions?decision_id=" + id);
        waitForTitle("Decisions");
        String selected = text("#selected");
        assertThat(selected).contains(id, "no_matching_rule");
        assertThat(failingRow("#selected", "ref")).contains("refs/heads/main", "refs/heads/dev");
        assertThat(text("#decisions")).contains(id);
        screenshot("decisions");
    }

    @Test
    @Order(4)
    void explainOnAPastedTokenShowsTheTraceAndNearMisses() {
        browser.get(console() + "/console/explain");
        waitForTitle("Explain");
        browser.findElement(By.id("input")).sendKeys(github(c -> c.put("environment", "Production")));
        new Select(browser.findElement(By.id("role"))).selectByValue("deploy");
        browser.findElement(By.id("explain")).click();
        waitFor("#result");
        assertThat(text("#result")).contains("Verified token", "deploy", "denied", "environment");
        assertThat(failingRow("#result", "environment")).contains("production", "Production");
        assertThat(text("#result .hints")).containsIgnoringCase("case");
        screenshot("explain");

        browser.findElement(By.id("input")).clear();
        browser.findElement(By.id("input")).sendKeys("{\"repository_id\": \"892551\", \"repository_owner_id\": \"65\", "
                + "\"ref\": \"refs/heads/main\", \"environment\": \"production\", \"event_name\": \"push\", \"sub\": \"repo:x\", "
                + "\"repository\": \"acme/payments\"}");
        new Select(browser.findElement(By.id("issuer"))).selectByValue("github");
        browser.findElement(By.id("explain")).click();
        // The first answer's #result stays on screen until the second page replaces it.
        waitForText("#result", "Unverified claims");
        assertThat(text("#result")).contains("Unverified claims", "deploy: allowed by trust[0]");
    }

    @Test
    @Order(5)
    void aRevocationRefusesTheExchangeUntilItIsLifted() {
        String token = github(c -> {});
        assertThat(exchange(token, "deploy").statusCode()).isEqualTo(200);
        browser.get(console() + "/console/revocations");
        waitForTitle("Revocations");
        new Select(browser.findElement(By.id("kind"))).selectByValue("role");
        browser.findElement(By.id("value")).sendKeys("deploy");
        browser.findElement(By.id("reason")).sendKeys("incident 42: deploy key leaked");
        browser.findElement(By.id("revoke")).click();
        waitFor("#outcome");
        assertThat(text("#outcome")).contains("Revoked role deploy");
        assertThat(text("#revocations")).contains("deploy", "incident 42");
        screenshot("revocations");

        Response refused = exchange(github(c -> {}), "deploy");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.jsonPath().getString("reason")).isEqualTo("revoked");

        browser.findElement(By.cssSelector("#revocations a.lift")).click();
        waitForTitle("Lift a revocation");
        assertThat(text("#lift-value")).isEqualTo("deploy");
        screenshot("revocations-lift");
        browser.findElement(By.id("confirm-lift")).click();
        waitFor("#outcome");
        assertThat(text("#outcome")).contains("Lifted role deploy");
        assertThat(exchange(github(c -> {}), "deploy").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(6)
    void withoutASessionPagesRedirectToLoginAndFormsAreRefused() {
        RawHttp.Reply page = RawHttp.send(TestPorts.management(), "GET", "/console/roles", List.of(), null);
        assertThat(page.status()).isEqualTo(303);
        assertThat(page.header("Location")).isEqualTo("/console/login");
        RawHttp.Reply post = post("/console/revocations", null, List.of("Origin: " + console()), "kind=role&value=x&csrf=x");
        assertThat(post.status()).isEqualTo(401);
        assertThat(revocations()).doesNotContain("\"x\"");
        RawHttp.Reply api = RawHttp.send(TestPorts.management(), "GET", "/admin/v1/revocations", List.of(), null);
        assertThat(api.status()).isEqualTo(401);
    }

    @Test
    @Order(7)
    void aForgedOrExpiredAdminTokenIsRefused() throws Exception {
        String real = session();
        String[] parts = real.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("alice", "mallory");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        RawHttp.Reply forgedReply = get("/console/", forged);
        assertThat(forgedReply.status()).isEqualTo(401);
        assertThat(forgedReply.text()).contains("Session not valid", "signature");
        assertThat(String.join(" ", forgedReply.headers().getOrDefault("set-cookie", List.of()))).contains(ConsoleCookies.SESSION + "=;");

        String workloadToken = github(c -> {});
        assertThat(get("/console/", workloadToken).status()).isEqualTo(401);

        Response brief = given().contentType(ContentType.URLENC).formParams(Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "subject_token", ConsoleTestResource.idp().idToken(OperatorIdpStub.alice(), null, 300),
                "subject_token_type", "urn:ietf:params:oauth:token-type:id_token", "audience", "console-brief")).post("/v1/token");
        assertThat(brief.statusCode()).isEqualTo(200);
        String shortLived = brief.jsonPath().getString("access_token");
        assertThat(get("/console/", shortLived).status()).isEqualTo(200);
        // Its role grants read only: explain and revocations need permissions it lacks.
        assertThat(get("/console/explain", shortLived).status()).isEqualTo(403);
        assertThat(post("/console/revocations", shortLived, List.of("Origin: " + console()),
                "kind=role&value=read-only&csrf=" + ConsoleCookies.csrf(shortLived)).status()).isEqualTo(403);
        Thread.sleep(Duration.ofSeconds(5).toMillis());
        RawHttp.Reply expired = get("/console/", shortLived);
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.text()).contains("expired");

        browser.manage().addCookie(new Cookie.Builder(ConsoleCookies.SESSION, forged).path("/console").isHttpOnly(true)
                .isSecure(true).sameSite("Strict").build());
        browser.get(console() + "/console/");
        waitForTitle("Session not valid");
        screenshot("refused");
        browser.manage().deleteCookieNamed(ConsoleCookies.SESSION);
        browser.get(console() + "/console/");
        waitForTitle("Overview");
    }

    @Test
    @Order(8)
    void aCrossSitePostIsRefused() {
        String token = session();
        String csrf = browser.findElement(By.name("csrf")).getAttribute("value");
        assertThat(csrf).isEqualTo(ConsoleCookies.csrf(token));
        String origin = "Origin: " + console();
        assertThat(post("/console/revocations", token, List.of(origin), "kind=role&value=csrf-a").status()).isEqualTo(403);
        assertThat(post("/console/revocations", token, List.of(origin), "kind=role&value=csrf-b&csrf=" + csrf.substring(1) + "A").status())
                .isEqualTo(403);
        assertThat(post("/console/revocations", token, List.of("Origin: http://localhost:" + ConsoleTestResource.IDP_PORT),
                "kind=role&value=csrf-c&csrf=" + csrf).status()).isEqualTo(403);
        assertThat(post("/console/revocations", token, List.of(), "kind=role&value=csrf-d&csrf=" + csrf).status()).isEqualTo(403);
        assertThat(post("/console/revocations", token, List.of(origin, "Sec-Fetch-Site: cross-site"),
                "kind=role&value=csrf-e&csrf=" + csrf).status()).isEqualTo(403);
        assertThat(revocations()).doesNotContain("csrf-a", "csrf-b", "csrf-c", "csrf-d", "csrf-e");
        // The same form from the console itself is accepted: the refusals above are the checks, not a broken form.
        assertThat(post("/console/revocations", token, List.of(origin, "Sec-Fetch-Site: same-origin"),
                "kind=role&value=csrf-ok&csrf=" + csrf).status()).isEqualTo(200);
        assertThat(revocations()).contains("csrf-ok");
        assertThat(post("/console/revocations/lift", token, List.of(origin), "kind=role&value=csrf-ok&csrf=" + csrf).status())
                .isEqualTo(200);

        browser.get(ConsoleTestResource.idp().crossSitePage(console()));
        browser.findElement(By.id("go")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().startsWith(console()));
        assertThat(browser.getTitle()).containsAnyOf("Refused", "Not signed in");
        assertThat(revocations()).doesNotContain("cross-site-victim");
    }

    @Test
    @Order(9)
    void aShadowDisagreementIsHighlightedAndOpensWithTheCandidatesVerdict() {
        assertThat(exchange(github(c -> c.put("event_name", "push")), "deploy").statusCode()).isEqualTo(200);
        browser.get(console() + "/console/decisions?role=deploy");
        waitForTitle("Decisions");
        WebElement newest = browser.findElement(By.cssSelector("#decisions tbody tr"));
        assertThat(newest.getAttribute("class")).contains("disagree");
        assertThat(newest.getText()).contains("allow", "deny no_matching_rule on event_name", "(disagrees)");
        screenshot("decisions-shadow");
        newest.findElement(By.tagName("a")).click();
        waitFor("#selected-shadow");
        assertThat(text("#selected-outcome")).startsWith("allow");
        assertThat(text("#selected-shadow")).contains("deny", "event_name", "shadow.trust[0]", "(disagrees)");
    }

    @Test
    @Order(9)
    void theLiveDecisionsPageShowsANewDecisionWithoutNavigating() {
        assertThat(exchange(github(c -> c.put("event_name", "push")), "deploy").statusCode()).isEqualTo(200);
        browser.get(console() + "/console/decisions?role=deploy");
        waitForTitle("Decisions");
        assertThat(browser.findElements(By.cssSelector("meta[http-equiv=refresh]"))).isEmpty();
        browser.findElement(By.id("f-live")).click();
        browser.findElement(By.cssSelector("#filters button")).click();
        waitFor("#f-live:checked");
        String before = text("#decisions tbody tr");
        assertThat(exchange(github(c -> c.put("event_name", "push")), "deploy").statusCode()).isEqualTo(200);
        new WebDriverWait(browser, Duration.ofSeconds(15)).withMessage(ConsoleBrowserTest::where)
                .until(d -> !d.findElement(By.cssSelector("#decisions tbody tr")).getText().equals(before));
        assertThat(browser.getCurrentUrl()).contains("live=1", "role=deploy");
        browser.get(console() + "/console/decisions?rol=deploy");
        assertThat(browser.getPageSource()).contains("unknown query parameter 'rol'");
    }

    @Test
    @Order(10)
    void anOperatorThePolicyDoesNotTrustCannotSignIn() {
        ConsoleTestResource.idp().signInAs(Map.of("sub", "bob", "email", "bob@example.com"));
        try {
            browser.manage().deleteAllCookies();
            browser.get(console() + "/console/");
            waitForTitle("Login failed");
            assertThat(text("#message")).contains("console-admin", "no_matching_rule");
            assertThat(browser.manage().getCookieNamed(ConsoleCookies.SESSION)).isNull();
            screenshot("login-refused");
        } finally {
            ConsoleTestResource.idp().signInAs(OperatorIdpStub.alice());
        }
    }

    @Test
    @Order(11)
    void aRefusedReloadShowsItsFileAndLineOnTheOverviewWhileTheLastGoodSetServes() throws Exception {
        browser.get(console() + "/console/");
        waitForTitle("Overview");
        String before = text("#policy-version");
        Path broken = ConsoleTestResource.policyDir().resolve("roles/broken.yaml");
        Files.writeString(broken, "role: broken\ntrust:\n  - issuer: nobody\n    claims: {sub: x}\ncredentials:\n  internal: {audience: a}\n");
        try {
            new WebDriverWait(browser, Duration.ofSeconds(20)).withMessage(ConsoleBrowserTest::where).until(d -> {
                d.get(console() + "/console/");
                return d.findElement(By.id("last-error")).getText().contains("broken.yaml:");
            });
            assertThat(text("#last-error")).containsPattern("broken\\.yaml:\\d+:\\d+");
            assertThat(text("#policy-version")).isEqualTo(before);
            screenshot("overview-reload-error");
            assertThat(exchange(github(c -> {}), "deploy").statusCode()).isEqualTo(200);
        } finally {
            Files.delete(broken);
        }
    }

    /** The text of the mismatched condition on {@code claim} in the trust rules' trace under {@code scope}. */
    private static String failingRow(String scope, String claim) {
        return browser.findElements(By.cssSelector(scope + " tr.outcome-mismatched")).stream().map(WebElement::getText)
                .filter(t -> t.startsWith(claim + " ")).findFirst().orElseThrow(() -> new AssertionError(
                        "no mismatched condition on " + claim + " in " + text(scope)));
    }

    private static String session() {
        Cookie c = browser.manage().getCookieNamed(ConsoleCookies.SESSION);
        assertThat(c).as("a console session").isNotNull();
        return c.getValue();
    }

    private static RawHttp.Reply get(String path, String token) {
        return RawHttp.send(TestPorts.management(), "GET", path, List.of("Cookie: " + ConsoleCookies.SESSION + "=" + token), null);
    }

    private static RawHttp.Reply post(String path, String token, List<String> headers, String form) {
        List<String> all = new ArrayList<>(headers);
        all.add("Content-Type: application/x-www-form-urlencoded");
        if (token != null) {
            all.add("Cookie: " + ConsoleCookies.SESSION + "=" + token);
        }
        return RawHttp.send(TestPorts.management(), "POST", path, all, form.getBytes(StandardCharsets.UTF_8));
    }

    /** The revocation list as the admin API has it, read with this browser's session. */
    private static String revocations() {
        return RawHttp.send(TestPorts.management(), "GET", "/admin/v1/revocations",
                List.of("Authorization: Bearer " + session()), null).text();
    }

    private static String github(Consumer<Map<String, Object>> edit) {
        Map<String, Object> claims = Tokens.fresh(Tokens.fixture("github/deploy-main-production.json"), Instant.now(), 300);
        claims.put("iss", ConsoleTestResource.GITHUB_ISSUER);
        edit.accept(claims);
        return Tokens.sign(claims, ConsoleTestResource.GITHUB_KEY, "RS256");
    }

    private static Response exchange(String token, String role) {
        return given().contentType(ContentType.URLENC).formParams(Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange", "subject_token", token,
                "subject_token_type", "urn:ietf:params:oauth:token-type:jwt", "audience", role)).post("/v1/token");
    }

    private static String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText().strip();
    }

    private static void waitFor(String css) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).withMessage(ConsoleBrowserTest::where)
                .until(d -> !d.findElements(By.cssSelector(css)).isEmpty());
    }

    /** Until {@code css} shows {@code expected}, across a navigation that makes the previous page's element stale. */
    private static void waitForText(String css, String expected) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).withMessage(ConsoleBrowserTest::where)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElements(By.cssSelector(css)).stream().anyMatch(e -> e.getText().contains(expected)));
    }

    private static void waitForTitle(String title) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).withMessage(ConsoleBrowserTest::where)
                .until(d -> d.getTitle() != null && d.getTitle().startsWith(title));
    }

    /** Where the browser is, for a failed wait: its URL, title and the page's text. */
    private static String where() {
        String body = browser.findElements(By.tagName("body")).isEmpty() ? "" : browser.findElement(By.tagName("body")).getText();
        return "at " + browser.getCurrentUrl() + " titled '" + browser.getTitle() + "': " + body.substring(0, Math.min(1500, body.length()));
    }

    private static void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            // The whole page, not only the window: chromium's DevTools capture beyond the viewport.
            ChromeDriver chrome = (ChromeDriver) browser;
            Map<String, Object> metrics = chrome.executeCdpCommand("Page.getLayoutMetrics", Map.of());
            @SuppressWarnings("unchecked")
            Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
            double height = Math.min(4000, ((Number) size.get("height")).doubleValue());
            Map<String, Object> shot = chrome.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                    "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", 1280, "height", height, "scale", 1)));
            Files.write(SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
