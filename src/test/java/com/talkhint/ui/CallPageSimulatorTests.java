package com.talkhint.ui;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page in simulator mode (no Twilio account), as a first-time user sees it: pick a scenario, press Call, and
 * the built-in simulator drives the real call path (REST create, signed webhooks, TwiML, media stream, real Vosk,
 * the real hint engine) while the page follows every step. Media runs at 2×, so a 90 s scenario takes 45 s: fast
 * enough for the suite, slow enough that recognition keeps up and hints arrive while the call still streams, as
 * they do in a real call.
 * <p>
 * The acceptance check is here: a hint card wholly in the first screen while the call runs (1280×800 and a
 * 390 px phone), and after the call no sideways scroll at 1440, 1280 and 390 px, nothing raw on the page, and a talk
 * ratio adding up to 100 %. Screenshots land in target/ui-screenshots/; with {@code -Dtalkhint.screenshots=DIR}
 * (e.g. docs/screenshots) they are copied there too.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"spring.datasource.url=jdbc:h2:mem:callpage-sim;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"talkhint.twilio.account-sid=", "talkhint.twilio.auth-token=", "talkhint.public-base-url=",
		"talkhint.api-token=", "talkhint.simulator.speed=2",
		// Played faster than real time: let recognition queue up instead of dropping audio to catch up.
		"talkhint.transcription.max-lag=120s" })
class CallPageSimulatorTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	/** A whole 90 s scenario at 2×, recognised on a machine other builds share. */
	private static final Duration CALL = Duration.ofSeconds(120);

	/** After Twilio's "completed", the transcription's last lines and the summary (later when recognition lags). */
	private static final Duration SUMMARY = Duration.ofSeconds(60);

	private static final List<String> RAW = List.of("At ms", "[object Object]", "undefined", "NaN");

	private static final Pattern TALK_SPLIT = Pattern.compile("You (\\d+) % · Customer (\\d+) %");

	/** Started before the first test, back to the window's viewport after each, closed after the last. */
	@RegisterExtension
	static final Browser browser = Browser.perTestClass();

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Test
	void callButtonRunsASimulatedCallAndThePageFollowsEveryStep() throws Exception {
		browser.open(base() + "/");
		browser.awaitText("#live", "live", WAIT);
		assertThat(browser.text("#banner")).isEqualTo("Simulated calls — set TWILIO_* to place real calls");
		Select scenario = new Select(browser.find("#scenario"));
		// Title and length (m:ss) of each shipped scenario.
		assertThat(scenario.getOptions()).extracting(WebElement::getText)
			.satisfiesExactly(
					(text) -> assertThat(text).matches("Sales discovery call \\(.*\\) — 0:\\d\\d"),
					(text) -> assertThat(text).matches("Support call with churn risk \\(.*\\) — 0:\\d\\d"),
					(text) -> assertThat(text).matches("Renewal call \\(.*\\) — 1:\\d\\d"),
					(text) -> assertThat(text).matches("Account call \\(.*\\) — 1:\\d\\d"));
		assertThat(browser.text("#agent-number")).startsWith("TalkHint will ring your phone +");
		browser.recordHistory("#status", "statusHistory");
		browser.recordHistory("#status-detail", "detailHistory");

		String callSid = placeCall("support");
		browser.awaitText("#status", "Completed", CALL);
		assertThat(browser.history("statusHistory")).containsSubsequence("Calling agent", "Ringing", "Connected",
				"Streaming", "Completed");
		assertThat(browser.history("detailHistory"))
			.anyMatch((line) -> line.matches("Waiting for the agent to answer — ringing for \\d+ s"))
			.anyMatch((line) -> line.matches("Waiting for speech — stream started \\d+ s ago|Listening — .*"));
		assertThat(browser.driver().findElements(By.cssSelector("#status-steps li.reached"))).hasSize(5);
		// One duration everywhere: the status line says the summary's.
		browser.awaitText("#status-detail", "Call ended after 0:", SUMMARY);
		String duration = browser.find("#summary .duration strong").getText();
		assertThat(browser.text("#status-detail")).isEqualTo("Call ended after " + duration + ".");
		browser.click("#details summary");
		assertThat(browser.text("#events")).contains("twiml-fetched", "stream-started",
				"media track=inbound speaker=agent", "media track=outbound speaker=customer", "stop");
		// The recent-calls row says what the status says.
		assertThat(browser.text("#calls button[data-sid='" + callSid + "'] .call-status")).isEqualTo("Completed");

		JsonNode stored = getJson("/api/calls/" + callSid);
		assertThat(stored.get("scenario").asString()).isEqualTo("support");
		assertThat(stored.get("label").asString()).isEqualTo("Completed");
	}

	/**
	 * The acceptance check of the call page (issue 14): a built-in call placed from the page; while it runs the
	 * newest hint card is wholly inside the first screen; after it no sideways scroll at 1440, 1280 or 390 px,
	 * nothing raw on the page, and a talk ratio that adds up to 100 %.
	 */
	@Test
	void aHintCardIsWhollyInTheFirstScreenWhileTheCallRunsAndTheSummaryReadsCleanlyAtEveryWidth() throws Exception {
		browser.viewport(1280, 800, false);
		browser.open(base() + "/");
		browser.awaitText("#live", "live", WAIT);
		recordNewestHintPlacement();
		placeCall("renewal");

		// Mid-call, as the agent sees it: the call still streaming, at least two hints in, and the newest on what
		// the customer said (the tallest kind of card: the customer's words quoted, feedback buttons).
		browser.await(CALL, () -> "a customer hint on top of two while streaming, status " + browser.text("#status"),
				(d) -> "Streaming".equals(browser.text("#status"))
						&& d.findElements(By.cssSelector("#hints .hint")).size() >= 2
						&& !d.findElements(By.cssSelector("#hints .hint.newest .fb-useful")).isEmpty()
						&& browser.find("#hints .hint.newest .quote").isDisplayed());
		for (int[] size : new int[][] { { 1440, 900 }, { 1280, 800 }, { 390, 844 } }) {
			browser.viewport(size[0], size[1], size[0] < 500);
			assertNewestHintWhollyVisible(size[0] + "×" + size[1]);
			browser.documentationScreenshot("call-page-mid-call-" + size[0], false);
		}
		browser.viewport(1280, 800, false);

		browser.awaitText("#status", "Completed", CALL);
		browser.await(SUMMARY, "the summary", (d) -> browser.find("#summary-panel").isDisplayed());
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> placements = (List<Map<String, Object>>) browser.js("return window.hintPlacements");
		assertThat(placements).as("the newest hint card, each time the hints changed while streaming").isNotEmpty()
			.allSatisfy((p) -> assertThat(p.get("whollyVisible")).as(String.valueOf(p)).isEqualTo(true));

		for (int[] size : new int[][] { { 1440, 900 }, { 1280, 800 }, { 390, 844 } }) {
			browser.viewport(size[0], size[1], size[0] < 500);
			browser.await(WAIT, () -> "no sideways scroll at " + size[0] + " px: content is "
					+ browser.js("return document.documentElement.scrollWidth") + " px wide",
					(d) -> (Boolean) browser.js("return document.documentElement.scrollWidth <= window.innerWidth"));
			String text = (String) browser.js("return document.body.innerText");
			assertThat(RAW).as("raw values on the page at %d px", size[0]).noneMatch(text::contains);
			for (String css : List.of("#talk-ratio-text", "#summary .talk strong")) {
				Matcher split = TALK_SPLIT.matcher(browser.text(css));
				assertThat(split.matches()).as("%s reads %s", css, browser.text(css)).isTrue();
				assertThat(Integer.parseInt(split.group(1)) + Integer.parseInt(split.group(2))).isEqualTo(100);
			}
			browser.documentationScreenshot("call-page-after-call-" + size[0], true);
		}
		assertThat(browser.text("#summary")).contains("Duration", "Hints", "Checklist", "Customer questions",
				"Next steps");
	}

	/**
	 * Feedback on a hint and "Check setup" against whatever this server has: the contract's endpoints
	 * ({@code POST /api/feedback} + undo, {@code POST /api/setup/check}) when they exist, and a plain "not on this
	 * server yet" when they answer 404. Either way the page must say what happened.
	 */
	@Test
	void feedbackAndSetupCheckSayWhatTheServerDid() throws Exception {
		browser.viewport(1280, 800, false);
		browser.open(base() + "/");
		browser.awaitText("#live", "live", WAIT);
		String callSid = placeCall("support");
		browser.await(CALL, "a hint on what the customer said",
				(d) -> !d.findElements(By.cssSelector("#hints .hint.newest .fb-useful")).isEmpty());
		WebElement card = browser.find("#hints .hint.newest");
		String hintId = card.getAttribute("data-hint-id");
		browser.click("#hints .hint.newest .fb-useful");
		browser.await(WAIT, "the feedback's outcome",
				(d) -> !browser.text("#hints .hint[data-hint-id='" + hintId + "'] .fb-text").matches("|Sending…"));
		String outcome = browser.text("#hints .hint[data-hint-id='" + hintId + "'] .fb-text");
		HttpResponse<String> list = get("/api/feedback?hintId=" + hintId + "&limit=10");
		if (list.statusCode() == 404) {
			assertThat(outcome).isEqualTo("Feedback is not available on this server yet (POST /api/feedback answered 404).");
		}
		else {
			assertThat(outcome).isEqualTo("Recorded as useful. Thank you.");
			JsonNode items = this.json.readTree(list.body());
			assertThat(items.valueStream().filter((i) -> callSid.equals(i.path("callSid").asString()))).singleElement()
				.satisfies((i) -> assertThat(i.get("verdict").asString()).isEqualTo("useful"));
			browser.click("#hints .hint[data-hint-id='" + hintId + "'] .fb-undo");
			browser.await(WAIT, "undone", (d) -> browser.text("#hints .hint[data-hint-id='" + hintId + "'] .fb-text").isEmpty());
			assertThat(this.json.readTree(get("/api/feedback?hintId=" + hintId + "&limit=10").body()).valueStream()
				.filter((i) -> callSid.equals(i.path("callSid").asString()))).isEmpty();
		}

		// "Missed a hint?" on what the customer said: name the hint that should have fired there.
		browser.click("#transcript .line.customer.final .missed-toggle");
		Select missed = new Select(browser.find("#transcript .missed-form select"));
		String missedTitle = missed.getOptions().get(0).getText();
		missed.selectByIndex(0);
		browser.click("#transcript .missed-form button[type=submit]");
		String reported = browser.await(WAIT, "the report's outcome", (d) -> {
			String text = (String) browser.js("return [...document.querySelectorAll('#transcript .line .fb-text')]"
					+ ".map((n) => n.textContent).find((t) => t && t !== 'Sending…') || null");
			return text;
		});
		if (list.statusCode() == 404) {
			assertThat(reported).isEqualTo("Feedback is not available on this server yet (POST /api/feedback answered 404).");
		}
		else {
			assertThat(reported).isEqualTo("Recorded: " + missedTitle + " should have fired here.");
			browser.click("#transcript .line .fb-undo");
			browser.await(WAIT, "undone", (d) -> browser.driver().findElements(By.cssSelector("#transcript .fb-undo")).isEmpty());
		}

		browser.click("#setup-check");
		browser.await(WAIT, "the setup check's result", (d) -> !browser.text("#setup-body").startsWith("Checking"));
		HttpResponse<String> setup = post("/api/setup/check");
		assertThat(setup.statusCode()).isEqualTo(200);
		JsonNode checks = this.json.readTree(setup.body()).get("checks");
		assertThat(browser.driver().findElements(By.cssSelector("#setup .check")))
			.extracting((row) -> row.getAttribute("data-check"))
			.containsExactlyElementsOf(checks.valueStream().map((c) -> c.get("id").asString()).toList());
		// Simulator mode: the checks that can run pass, and the page says so in words.
		assertThat(browser.text("#setup-body")).contains("Simulator mode is ready for demo calls").contains("Twilio credentials");
		browser.click("#setup-close");
		assertThat(browser.find("#setup").isDisplayed()).isFalse();
	}

	/** Places a call from the page with the given scenario and returns its sid once the page shows it. */
	private String placeCall(String scenarioId) {
		new Select(browser.find("#scenario")).selectByValue(scenarioId);
		browser.find("#to").clear();
		browser.find("#to").sendKeys("+14155550100");
		String before = browser.text("#call-sid");
		browser.click("#call");
		browser.await(WAIT, "the new call shown", (d) -> !browser.text("#call-sid").isEmpty()
				&& !browser.text("#call-sid").equals(before));
		return browser.text("#call-sid");
	}

	/**
	 * Records, each time the hints change while the call streams, whether the newest card lies wholly inside the
	 * viewport: a poll could miss the moment, an observer cannot.
	 */
	private void recordNewestHintPlacement() {
		browser.js("""
				window.hintPlacements = [];
				const check = () => {
				  const card = document.querySelector('#hints .hint');
				  if (!card || document.querySelector('#status').textContent.trim() !== 'Streaming') return;
				  const r = card.getBoundingClientRect();
				  window.hintPlacements.push({ top: r.top, bottom: r.bottom, left: r.left, right: r.right,
				    width: innerWidth, height: innerHeight,
				    whollyVisible: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth });
				};
				new MutationObserver(() => requestAnimationFrame(check))
				  .observe(document.querySelector('#hints'), { childList: true, subtree: true, attributes: true });""");
	}

	private void assertNewestHintWhollyVisible(String size) {
		@SuppressWarnings("unchecked")
		Map<String, Object> rect = (Map<String, Object>) browser.js("""
				const r = document.querySelector('#hints .hint').getBoundingClientRect();
				return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: innerWidth, height: innerHeight };""");
		assertThat(((Number) rect.get("top")).doubleValue()).as("top at %s: %s", size, rect).isGreaterThanOrEqualTo(0);
		assertThat(((Number) rect.get("left")).doubleValue()).as("left at %s: %s", size, rect).isGreaterThanOrEqualTo(0);
		assertThat(((Number) rect.get("bottom")).doubleValue()).as("bottom at %s: %s", size, rect)
			.isLessThanOrEqualTo(((Number) rect.get("height")).doubleValue());
		assertThat(((Number) rect.get("right")).doubleValue()).as("right at %s: %s", size, rect)
			.isLessThanOrEqualTo(((Number) rect.get("width")).doubleValue());
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(base() + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private JsonNode getJson(String path) throws Exception {
		return this.json.readTree(get(path).body());
	}

	private HttpResponse<String> post(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(base() + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
