package com.talkhint.ui;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.socket.config.annotation.EnableWebSocket;

import com.talkhint.event.TalkHintEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The call page in a real headless Chromium against {@link FakeTalkHint}, a server speaking the browser contract
 * with a scripted call: every status step, waiting states, transcript, hints, coaching, diagnostics, errors, auth.
 */
@SpringBootTest(classes = CallPageTests.FakeServer.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "talkhint.data-dir=./target/ui-test-data", "spring.main.banner-mode=off" })
class CallPageTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static Browser browser;

	@LocalServerPort
	private int port;

	@Autowired
	private FakeTalkHint fake;

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

	@BeforeEach
	void openPage() {
		this.fake.requireToken("");
		browser.open("http://localhost:" + this.port + "/");
		browser.awaitText("#live", "live", WAIT);
	}

	@AfterEach
	void forgetToken() {
		js("sessionStorage.clear()");
	}

	@Test
	void callShowsEveryStepWhatItWaitsForTranscriptHintsCoachingAndSummary() {
		assertThat(browser.text("#banner")).isEqualTo("Simulated calls — set TWILIO_* to place real calls");
		assertThat(browser.text("#agent-number")).contains("TalkHint will ring your phone +15550001111 first");
		assertThat(new Select(browser.find("#scenario")).getOptions()).extracting(WebElement::getText)
			.containsExactly("Discovery call", "Support call");
		recordHistory("#status", "statusHistory");
		recordHistory("#status-detail", "detailHistory");

		new Select(browser.find("#scenario")).selectByVisibleText("Support call");
		browser.find("#to").sendKeys("+1 (415) 555-0100");
		browser.find("#call").click();

		browser.awaitText("#status", "Completed", Duration.ofSeconds(20));
		assertThat(this.fake.lastStartCall()).containsEntry("to", "+14155550100").containsEntry("scenario", "support");
		assertThat(history("statusHistory")).containsSubsequence("Calling agent", "Ringing", "Connected", "Streaming",
				"Completed");
		assertThat(history("detailHistory")).anyMatch(
				(line) -> line.matches("Waiting for Twilio to fetch /twilio/outbound — [12] s since answered"))
			.anyMatch((line) -> line.matches("Waiting for speech — stream started [12] s ago"))
			.noneMatch((line) -> line.contains("Waiting for conversation"));
		assertThat(browser.text("#status-detail")).matches("Call ended after 0:(0[89]|1[0-2])\\.");
		assertThat(browser.driver().findElements(By.cssSelector("#status-steps li.reached"))).hasSize(5);

		List<WebElement> bubbles = browser.driver().findElements(By.cssSelector("#transcript .bubble.final"));
		assertThat(bubbles).extracting((b) -> b.getAttribute("data-speaker"))
			.containsExactly("agent", "customer", "agent");
		assertThat(bubbles.get(1).getText()).contains("Customer · 0:02")
			.contains("well that's way over our budget honestly");
		assertThat(bubbles.get(2).getText()).contains("<img src=x onerror=alert(1)> understood");
		assertThat(browser.driver().findElements(By.cssSelector("#transcript img"))).isEmpty();
		assertThat(browser.driver().findElements(By.cssSelector("#transcript .partial"))).isEmpty();

		WebElement hint = browser.find("#hints .hint");
		assertThat(hint.getText()).contains("OBJECTION", "Price objection", "Ask which part of the budget",
				"Heard: “way over our budget”");
		assertThat(hint.findElement(By.className("age")).getText()).matches("\\d+ s ago");
		assertThat(browser.text("#talk-ratio-text")).isEqualTo("You 55 % · Customer 45 %");
		assertThat(browser.driver().findElements(By.cssSelector("#checklist li.done"))).extracting(WebElement::getText)
			.containsExactly("Greeting", "Recording disclosure");
		assertThat(browser.text("#diagnostics")).contains("track-silent", "silent for 20 s", "both_tracks");
		assertThat(browser.text("#summary")).contains("price-objection", "Send the pricing options by Friday",
				"You 55 %");
		assertThat(browser.text("#events")).contains("call.status", "twilio.event", "twiml-fetched",
				"transcript.final", "hint", "diagnostic", "coaching.metrics", "call.summary");
		browser.screenshot("call-page-completed");

		// Narrow screens get one column and no sideways scrolling.
		Dimension wide = browser.driver().manage().window().getSize();
		browser.driver().manage().window().setSize(new Dimension(400, 900));
		try {
			browser.await(WAIT, "one column", (d) -> (Boolean) js(
					"return document.documentElement.scrollWidth <= window.innerWidth"));
			browser.screenshot("call-page-narrow");
		}
		finally {
			browser.driver().manage().window().setSize(wide);
		}

		hint.findElement(By.className("dismiss")).click();
		assertThat(browser.driver().findElements(By.cssSelector("#hints .hint"))).isEmpty();

		// The same call, reloaded from storage through the recent-calls list.
		browser.open("http://localhost:" + this.port + "/");
		browser.awaitText("#calls", "+14155550100", WAIT);
		browser.find("#calls button").click();
		browser.awaitText("#status", "Completed", WAIT);
		assertThat(browser.driver().findElements(By.cssSelector("#transcript .bubble.final"))).hasSize(3);
		assertThat(browser.text("#hints")).contains("Price objection", "at 0:04");
		assertThat(browser.text("#summary")).contains("Send the pricing options by Friday");
		assertThat(browser.text("#events")).contains("twiml-fetched");
	}

	@Test
	void numberIsCheckedInTheBrowserAndTheServersOwnErrorIsShown() {
		int before = this.fake.startCallRequests();
		browser.find("#to").sendKeys("415 555 0100");
		browser.find("#call").click();
		assertThat(browser.text("#error")).contains("is not an E.164 number", "+14155550100");
		assertThat(browser.find("#to").getAttribute("aria-invalid")).isEqualTo("true");
		assertThat(this.fake.startCallRequests()).isEqualTo(before);

		browser.find("#to").clear();
		browser.find("#to").sendKeys(FakeTalkHint.REFUSED_NUMBER);
		browser.find("#call").click();
		browser.awaitText("#error", FakeTalkHint.REFUSAL, WAIT);
		assertThat(browser.find("#call").isEnabled()).isTrue();
	}

	@Test
	void tokenIsAskedOnceAndSentOnTheApiAndTheEventSocket() {
		this.fake.requireToken("s3cret");
		browser.open("http://localhost:" + this.port + "/");
		browser.await(WAIT, "token dialog", (d) -> browser.find("#auth-dialog").isDisplayed());
		assertThat(browser.text("#auth-dialog")).contains("TALKHINT_API_TOKEN");
		browser.find("#auth-token").sendKeys("s3cret");
		browser.find("#auth-ok").click();
		browser.awaitText("#banner", "Simulated calls", WAIT);
		browser.awaitText("#live", "live", WAIT);
		assertThat(js("return sessionStorage.getItem('talkhint.apiToken')")).isEqualTo("s3cret");

		// A reload in the same tab keeps the token: no second question.
		browser.open("http://localhost:" + this.port + "/");
		browser.awaitText("#live", "live", WAIT);
		assertThat(browser.find("#auth-dialog").isDisplayed()).isFalse();
		assertThat(browser.text("#error")).isEmpty();
	}

	@Test
	void socketReconnectsAfterTheServerDropsItAndSaysSoMeanwhile() throws Exception {
		recordHistory("#live", "liveHistory");
		browser.await(WAIT, () -> "one socket, got " + this.fake.liveSessions(), (d) -> this.fake.liveSessions() == 1);
		this.fake.dropSockets();
		browser.await(WAIT, () -> "reconnect, seen " + history("liveHistory"),
				(d) -> history("liveHistory").stream().anyMatch((s) -> s.startsWith("reconnecting"))
						&& browser.text("#live").equals("live"));
		browser.await(WAIT, "server sees the new socket", (d) -> this.fake.liveSessions() == 1);
	}

	@Test
	void transcriptStopsFollowingWhenScrolledUpAndJumpsBackOnRequest() {
		String sid = "CAscroll" + System.nanoTime();
		this.fake.publish(TalkHintEvent.CALL_STATUS, sid, Map.of("status", "in-progress", "label", "Connected"));
		browser.awaitText("#status", "Connected", WAIT);
		for (int i = 0; i < 30; i++) {
			this.fake.publish(TalkHintEvent.TRANSCRIPT_FINAL, sid, Map.of("speaker", (i % 2 == 0) ? "agent" : "customer",
					"text", "line number " + i, "startMs", i * 1000, "endMs", i * 1000 + 800));
		}
		browser.await(WAIT, "30 lines", (d) -> d.findElements(By.cssSelector("#transcript .final")).size() == 30);
		assertThat(atBottom()).isTrue();
		assertThat(browser.find("#jump").isDisplayed()).isFalse();

		js("document.getElementById('transcript').scrollTop = 0");
		this.fake.publish(TalkHintEvent.TRANSCRIPT_FINAL, sid,
				Map.of("speaker", "customer", "text", "a line while reading back", "startMs", 40_000, "endMs", 41_000));
		browser.await(WAIT, () -> "jump pill; scrollTop " + js("return document.getElementById('transcript').scrollTop"),
				(d) -> browser.find("#jump").isDisplayed());
		assertThat(js("return document.getElementById('transcript').scrollTop")).isEqualTo(0L);

		browser.find("#jump").click();
		assertThat(atBottom()).isTrue();
		assertThat(browser.find("#jump").isDisplayed()).isFalse();
	}

	private boolean atBottom() {
		return (Boolean) js("const t = document.getElementById('transcript');"
				+ " return t.scrollHeight - t.scrollTop - t.clientHeight < 30;");
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

	/**
	 * Boots {@link FakeTalkHint} alone (no application beans). Nested in a test class, so the application's
	 * component scan in every other test excludes it.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableWebSocket
	static class FakeServer {

		@Bean
		FakeTalkHint fakeTalkHint(JsonMapper json) {
			return new FakeTalkHint(json);
		}

		@Bean
		RouterFunction<ServerResponse> fakeRoutes(FakeTalkHint fake) {
			return fake.routes();
		}

	}

}
