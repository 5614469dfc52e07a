package com.talkhint.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The playbook page in a real headless Chromium against the real application (real meaning model, H2, an API
 * token): set-up prompt for the example answers, try a line and see what fires and what came close, mark it
 * wrong and see the next try blocked, undo, and edit -> validate (line-numbered error) -> save.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"spring.datasource.url=jdbc:h2:mem:playbookpage;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"talkhint.api-token=page-token" })
class PlaybookPageTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final Path DIR = tempDir();

	/** Started before the first test, back to the window's viewport after each, closed after the last. */
	@RegisterExtension
	static final Browser browser = Browser.perTestClass();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void playbookFile(DynamicPropertyRegistry registry) {
		Path file = DIR.resolve("playbook.yml");
		try (InputStream in = PlaybookPageTests.class.getResourceAsStream("/playbook.yml")) {
			Files.write(file, in.readAllBytes());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		registry.add("talkhint.hints.playbook", file::toString);
	}

	private static Path tempDir() {
		try {
			return Files.createTempDirectory("playbook-page");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Test
	void tryMarkWrongUndoAndEditThePlaybook() throws Exception {
		browser.open("http://127.0.0.1:" + this.port + "/playbook.html");
		// the token form, then the page loads with it
		browser.await(WAIT, "token form", d -> browser.find("#auth").isDisplayed());
		browser.find("#auth-token").sendKeys("page-token");
		browser.click("#auth-form button");
		browser.await(WAIT, "page loaded", d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-loaded")));

		assertThat(browser.find("#setup").isDisplayed()).as("set up your answers prompt").isTrue();
		assertThat(browser.text("#setup-list")).contains("info-pricing").contains("info-security");
		assertThat(browser.text("#entries")).contains("Price objection").contains("fired 0");
		browser.click("li[data-id='price-objection'] details.examples summary");
		assertThat(browser.text("li[data-id='price-objection'] details.examples")).contains("Examples (");

		String line = "that figure would swallow most of what we set aside for tools this year";
		tryLine(line);
		browser.await(WAIT, "meaning hint", d -> browser.text("#fired").contains("Price objection"));
		assertThat(browser.text("#fired li[data-id='price-objection'] .tag")).isEqualTo("meaning");
		assertThat(browser.text("#fired")).contains("closest example");

		tryLine("please do not cancel my Thursday session");
		browser.await(WAIT, "blocked list", d -> browser.text("#blocked").contains("Cancellation risk"));
		assertThat(browser.text("#try-result")).contains("Came close");

		// wrong: the next try of the same line is blocked as a look-alike, undo brings it back
		tryLine(line);
		browser.await(WAIT, "fires again", d -> browser.text("#fired").contains("Price objection"));
		browser.click("#fired li[data-id='price-objection'] button.wrong");
		browser.await(WAIT, "feedback listed", d -> browser.text("#feedback").contains("wrong"));
		browser.await(WAIT, "wrong applied", d -> {
			tryLine(line);
			browser.await(WAIT, "answer", x -> !x.findElements(By.id("blocked")).isEmpty());
			return browser.text("#blocked").contains("look-alike");
		});
		assertThat(browser.text("li[data-id='price-objection'] .counts")).contains("wrong 1");
		browser.click("#feedback button.undo");
		browser.await(WAIT, "undone", d -> browser.text("#feedback").contains("No feedback yet"));

		// edit -> validate with a line number -> fix -> save
		JavascriptExecutor js = (JavascriptExecutor) browser.driver();
		String yaml = (String) js.executeScript("return document.getElementById('yaml').value");
		String broken = yaml.replaceFirst("kind: objection", "kind: objektion");
		setYaml(js, broken);
		browser.click("#validate");
		browser.await(WAIT, "error shown", d -> browser.text("#edit-errors").contains("objektion"));
		assertThat(browser.text("#edit-errors")).matches("(?s)line \\d+: .*objektion.*");
		browser.click("#save");
		browser.await(WAIT, "not saved", d -> browser.text("#edit-status").contains("Not saved"));
		String renamed = yaml.replace("title: Price objection", "title: Budget pushback");
		setYaml(js, renamed);
		browser.click("#save");
		browser.await(WAIT, "saved", d -> browser.text("#edit-status").contains("Saved"));
		assertThat(Files.readString(DIR.resolve("playbook.yml"))).contains("title: Budget pushback");
		browser.await(WAIT, "entry renamed", d -> browser.text("#entries").contains("Budget pushback"));
		browser.screenshot("playbook-page");
	}

	private static void tryLine(String text) {
		JavascriptExecutor js = (JavascriptExecutor) browser.driver();
		js.executeScript("document.getElementById('try-result').replaceChildren()");
		browser.find("#try-text").clear();
		browser.find("#try-text").sendKeys(text);
		browser.click("#try");
	}

	private static void setYaml(JavascriptExecutor js, String yaml) {
		js.executeScript("const t = document.getElementById('yaml'); t.value = arguments[0];"
				+ "t.dispatchEvent(new Event('input'));", yaml);
	}

}
