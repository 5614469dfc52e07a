package com.talkhint.ui;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
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
 * the built-in simulator drives the real call path (REST create, signed webhooks, TwiML, media stream) while the
 * page follows every step. Media runs at 4× so a 28 s scenario takes 7 s.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"spring.datasource.url=jdbc:h2:mem:callpage-sim;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"talkhint.twilio.account-sid=", "talkhint.twilio.auth-token=", "talkhint.public-base-url=",
		"talkhint.api-token=", "talkhint.simulator.speed=4",
		// Played 4x faster than real time: let recognition queue up instead of dropping audio to catch up.
		"talkhint.transcription.max-lag=120s" })
class CallPageSimulatorTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static Browser browser;

	@LocalServerPort
	private int port;

	@BeforeAll
	static void startBrowser() {
		browser = Browser.start();
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.close();
		}
	}

	@Test
	void callButtonRunsASimulatedCallAndThePageFollowsEveryStep() throws Exception {
		browser.open("http://localhost:" + this.port + "/");
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
		recordHistory("#status", "statusHistory");
		recordHistory("#status-detail", "detailHistory");

		scenario.selectByValue("support");
		browser.find("#to").sendKeys("+14155550100");
		browser.click("#call");
		browser.awaitText("#status", "Calling agent", WAIT);
		String callSid = browser.text("#call-sid");

		browser.awaitText("#status", "Completed", Duration.ofSeconds(40));
		assertThat(history("statusHistory")).containsSubsequence("Calling agent", "Ringing", "Connected", "Streaming",
				"Completed");
		assertThat(history("detailHistory"))
			.anyMatch((line) -> line.matches("Waiting for the agent to answer — ringing for \\d+ s"))
			.anyMatch((line) -> line.matches("Waiting for speech — stream started \\d+ s ago|Listening — .*"));
		assertThat(browser.driver().findElements(By.cssSelector("#status-steps li.reached"))).hasSize(5);
		assertThat(browser.text("#status-detail")).matches("Call ended after 0:\\d\\d\\.");
		assertThat(browser.text("#events")).contains("twiml-fetched", "stream-started",
				"media track=inbound speaker=agent", "media track=outbound speaker=customer", "stop");
		assertThat(browser.text("#diagnostics")).isEqualTo("No problems detected.");
		browser.screenshot("call-page-simulator");

		JsonNode stored = JsonMapper.builder().build().readTree(HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/calls/" + callSid)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body());
		assertThat(stored.get("scenario").asString()).isEqualTo("support");
	}

	/** Records every text the element shows, so quick transitions cannot slip between two polls. */
	private void recordHistory(String css, String name) {
		js("const el = document.querySelector(arguments[0]); const now = () => el.textContent.trim();"
				+ " const list = window[arguments[1]] = [now()];"
				+ " new MutationObserver(() => { if (list[list.length - 1] !== now()) list.push(now()); })"
				+ ".observe(el, {childList: true, characterData: true, subtree: true});", css, name);
	}

	@SuppressWarnings("unchecked")
	private List<String> history(String name) {
		return (List<String>) js("return window[arguments[0]] || []", name);
	}

	private Object js(String script, Object... args) {
		return ((JavascriptExecutor) browser.driver()).executeScript(script, args);
	}

}
