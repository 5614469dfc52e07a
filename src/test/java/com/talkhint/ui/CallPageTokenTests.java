package com.talkhint.ui;

import java.time.Duration;

import com.talkhint.live.UiEventsHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.JavascriptExecutor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page against the real application (simulator mode) protected by {@code TALKHINT_API_TOKEN}: it asks for
 * the token, says when the token is wrong, and then uses it on the API and on the {@code /ui/events} socket.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "talkhint.api-token=s3cret-ui-token",
		"spring.datasource.url=jdbc:h2:mem:callpagetoken;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1" })
class CallPageTokenTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	/** Started before the first test, back to the window's viewport after each, closed after the last. */
	@RegisterExtension
	static final Browser browser = Browser.perTestClass();

	@LocalServerPort
	private int port;

	@Autowired
	private UiEventsHandler uiEvents;

	@Test
	void wrongTokenIsRejectedWithAClearMessageAndTheRightOneOpensTheLiveFeed() {
		browser.open("http://localhost:" + this.port + "/");
		browser.await(WAIT, "token dialog", (d) -> browser.find("#auth-dialog").isDisplayed());
		// No TWILIO_ACCOUNT_SID here: simulator mode, and the page says so.
		assertThat(browser.find("#banner").getAttribute("textContent"))
			.isEqualTo("Simulated calls — set TWILIO_* to place real calls");
		assertThat(this.uiEvents.sessionCount()).isZero();

		browser.find("#auth-token").sendKeys("not-the-token");
		browser.click("#auth-ok");
		browser.awaitText("#auth-message", "The server rejected the API token (401 Unauthorized)", WAIT);
		assertThat(browser.find("#auth-dialog").isDisplayed()).isTrue();

		browser.find("#auth-token").sendKeys("s3cret-ui-token");
		browser.click("#auth-ok");
		browser.awaitText("#live", "live", WAIT);
		browser.awaitText("#calls", "No calls yet.", WAIT);
		browser.await(WAIT, () -> "one browser feed, got " + this.uiEvents.sessionCount(),
				(d) -> this.uiEvents.sessionCount() == 1);
		assertThat(((JavascriptExecutor) browser.driver())
			.executeScript("return sessionStorage.getItem('talkhint.apiToken')")).isEqualTo("s3cret-ui-token");
		assertThat(browser.find("#auth-dialog").isDisplayed()).isFalse();
	}

}
