package com.talkhint.ui;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.talkhint.testing.FakeTwilioApi;
import com.talkhint.testing.SharedAudio;
import com.talkhint.testing.TwilioPlayer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The call page in a real headless Chromium against the real application: the button places the call through
 * a real HTTP server standing in for Twilio's REST API, the test plays Twilio's signed webhooks and media stream,
 * and the page must follow every step from the events the application publishes on {@code /ui/events}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"spring.datasource.url=jdbc:h2:mem:callpage;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1" })
class CallPageAppTests {

	static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";

	static final String TOKEN = "test-auth-token-0123456789";

	static final String TWILIO_NUMBER = "+15005550006";

	static final String AGENT = "+15005550001";

	private static final Duration WAIT = Duration.ofSeconds(10);

	static final FakeTwilioApi twilio = startTwilio();

	private static Browser browser;

	private final TwilioPlayer player = new TwilioPlayer(TOKEN);

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void twilioAccount(DynamicPropertyRegistry registry) {
		registry.add("talkhint.twilio.account-sid", () -> ACCOUNT);
		registry.add("talkhint.twilio.auth-token", () -> TOKEN);
		registry.add("talkhint.twilio.phone-number", () -> TWILIO_NUMBER);
		registry.add("talkhint.twilio.agent-phone-number", () -> AGENT);
		registry.add("talkhint.twilio.api-base-url", twilio::baseUrl);
	}

	@BeforeAll
	static void startBrowser() {
		browser = Browser.start();
	}

	@AfterAll
	static void stop() {
		try {
			if (browser != null) {
				browser.close();
			}
		}
		finally {
			twilio.close();
		}
	}

	@BeforeEach
	void openPage() {
		twilio.accept();
		browser.open(base() + "/");
		browser.awaitText("#live", "live", WAIT);
	}

	@Test
	void pageFollowsTheCallFromTheButtonToTheEndOfTheStream() throws Exception {
		assertThat(browser.find("#banner").isDisplayed()).isFalse();
		assertThat(browser.find("#scenario").isDisplayed()).isFalse();
		assertThat(browser.text("#agent-number"))
			.isEqualTo("TalkHint will ring your phone " + AGENT + " first, then connect you to this number (caller ID "
					+ TWILIO_NUMBER + ").");
		recordHistory("#status", "statusHistory");

		String callSid = placeCall("+1 415 555 0100");
		assertThat(twilio.requests().get(twilio.requests().size() - 1).first("Url"))
			.isEqualTo(base() + "/twilio/outbound?to=%2B14155550100");

		status(callSid, "ringing");
		browser.awaitText("#status-detail", "Waiting for the agent to answer — ringing for", WAIT);
		status(callSid, "in-progress");
		// The seconds tick from the event, so the page cannot sit on a bare "waiting" line.
		browser.awaitText("#status-detail", "Waiting for Twilio to fetch /twilio/outbound — 1 s since answered", WAIT);

		this.player.webhook(base() + "/twilio/outbound?to=%2B14155550100",
				TwilioPlayer.callFields(ACCOUNT, callSid, "in-progress", TWILIO_NUMBER, AGENT));
		browser.awaitText("#status-detail", "s since TwiML was served", WAIT);
		assertThat(browser.text("#status-detail")).startsWith("Waiting for the media stream — ");

		TwilioPlayer.Stream stream = this.player.openStream("ws://localhost:" + this.port + "/twilio/stream");
		String streamSid = "MZ0123456789abcdef0123456789abcdef";
		stream.connected();
		stream.start(ACCOUNT, callSid, streamSid, "outbound");
		browser.awaitText("#status", "Streaming", WAIT);
		browser.awaitText("#status-detail", "Waiting for speech — stream started", WAIT);
		stream.playBothTracks(streamSid, SharedAudio.scenario("discovery", "agent.ulaw"),
				SharedAudio.scenario("discovery", "customer.ulaw"), 100);
		browser.awaitText("#events", "media track=outbound speaker=customer", WAIT);
		stream.stop(ACCOUNT, callSid, streamSid);
		stream.close();
		status(callSid, "completed");

		browser.awaitText("#status", "Completed", WAIT);
		assertThat(history("statusHistory")).containsSubsequence("Calling agent", "Ringing", "Connected", "Streaming",
				"Completed");
		assertThat(browser.driver().findElements(By.cssSelector("#status-steps li.reached"))).hasSize(5);
		assertThat(browser.text("#status-detail")).matches("Call ended after \\d+:\\d\\d\\.");
		assertThat(browser.text("#events")).contains("twiml-fetched", "start", "media track=inbound speaker=agent", "stop");
		// Real Twilio only opens wss:// streams: the http://localhost base this test runs on is called out.
		assertThat(browser.driver().findElements(By.cssSelector("#diagnostics .diag")))
			.extracting((d) -> d.getAttribute("data-code"))
			.containsExactly("public-url-not-https");
		assertThat(browser.find("#diagnostics .diag .fix").getText()).isNotBlank();
		browser.screenshot("call-page-real-app");

		// Reloaded from storage through the recent-calls list: the same steps, from the stored events.
		browser.open(base() + "/");
		browser.awaitText("#calls", "+14155550100", WAIT);
		browser.find("#calls button[data-sid='" + callSid + "']").click();
		browser.awaitText("#status", "Completed", WAIT);
		assertThat(browser.driver().findElements(By.cssSelector("#status-steps li.reached"))).hasSize(5);
		assertThat(browser.text("#events")).contains("twiml-fetched");
	}

	/** The seed bug: answered, never fetched the TwiML, "completed". The page must say what went wrong. */
	@Test
	void callThatNeverFetchedTheTwimlEndsWithTheDiagnosticCauseAndFix() throws Exception {
		String callSid = placeCall("+14155550123");
		status(callSid, "ringing");
		status(callSid, "in-progress");
		browser.awaitText("#status-detail", "Waiting for Twilio to fetch /twilio/outbound", WAIT);

		// Reloaded mid-call, the page picks the live call up from storage and keeps counting from "answered".
		browser.open(base() + "/");
		browser.awaitText("#call-sid", callSid, WAIT);
		browser.awaitText("#status", "Connected", WAIT);
		assertThat(browser.text("#status-detail")).matches("Waiting for Twilio to fetch /twilio/outbound — \\d+ s since answered");
		browser.awaitText("#live", "live", WAIT);
		status(callSid, "completed");

		browser.awaitText("#diagnostics", "no-twiml-fetch", WAIT);
		WebElement diagnostic = browser.find("#diagnostics .diag[data-code='no-twiml-fetch']");
		assertThat(diagnostic.findElement(By.className("message")).getText()).isNotBlank();
		assertThat(diagnostic.findElement(By.className("cause")).getText()).isNotBlank();
		assertThat(diagnostic.findElement(By.className("fix")).getText()).isNotBlank();
		assertThat(browser.text("#status")).isEqualTo("Completed");
		assertThat(browser.find("#status").getAttribute("class")).contains("warn");
		assertThat(browser.text("#status-detail")).contains("but Twilio never fetched the TwiML: nothing was transcribed");
		assertThat(browser.find("#status-steps li[data-step='streaming']").getText()).contains("never happened");
		browser.screenshot("call-page-no-twiml-fetch");
	}

	@Test
	void unansweredCallEndsInRedWithTheCallFailedDiagnostic() throws Exception {
		String callSid = placeCall("+14155550124");
		status(callSid, "ringing");
		status(callSid, "no-answer");
		browser.awaitText("#status", "No answer", WAIT);
		assertThat(browser.find("#status").getAttribute("class")).contains("bad");
		assertThat(browser.text("#status-detail")).isEqualTo("The call ended: No answer.");
		assertThat(browser.find("#status-steps li.failed").getText()).contains("No answer");
		browser.awaitText("#diagnostics", "call-failed", WAIT);
	}

	@Test
	void twilioRefusingTheCallShowsTwiliosOwnMessage() {
		twilio.refuseWith(400, 21219, "The number +14155550199 is unverified. Trial accounts cannot call unverified numbers");
		browser.find("#to").sendKeys("+14155550199");
		browser.find("#call").click();
		browser.awaitText("#error", "Twilio refused the call: The number +14155550199 is unverified. "
				+ "Trial accounts cannot call unverified numbers", WAIT);
		assertThat(browser.text("#status")).isEqualTo("No call yet");
	}

	private String placeCall(String number) {
		browser.find("#to").clear();
		browser.find("#to").sendKeys(number);
		browser.find("#call").click();
		browser.awaitText("#status", "Calling agent", WAIT);
		String callSid = browser.text("#call-sid");
		assertThat(callSid).matches("CA[0-9a-f]{32}");
		return callSid;
	}

	private void status(String callSid, String status) throws Exception {
		assertThat(this.player
			.webhook(base() + "/twilio/status", TwilioPlayer.callFields(ACCOUNT, callSid, status, TWILIO_NUMBER, AGENT))
			.statusCode()).isEqualTo(200);
	}

	private String base() {
		return "http://localhost:" + this.port;
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

	private static FakeTwilioApi startTwilio() {
		try {
			return new FakeTwilioApi();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
