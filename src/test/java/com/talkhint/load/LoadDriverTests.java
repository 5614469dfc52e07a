package com.talkhint.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load driver end to end at N=1 against a real TalkHint in real mode whose Twilio is the driver's own
 * simulator: the call is placed through {@code /start-call}, streamed over the real webhooks and socket,
 * counted on both sides, and reported with its charts, so the driver cannot rot unnoticed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"spring.datasource.url=jdbc:h2:mem:loaddriver;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"talkhint.calls.max-per-minute=1000" })
class LoadDriverTests {

	static final SimulatorServer simulator = startSimulator();

	@LocalServerPort
	int port;

	@TempDir
	Path out;

	@DynamicPropertySource
	static void twilioIsTheDriversSimulator(DynamicPropertyRegistry registry) {
		var env = simulator.talkHintEnvironment();
		registry.add("talkhint.twilio.account-sid", () -> env.get("TWILIO_ACCOUNT_SID"));
		registry.add("talkhint.twilio.auth-token", () -> env.get("TWILIO_AUTH_TOKEN"));
		registry.add("talkhint.twilio.phone-number", () -> env.get("TWILIO_PHONE_NUMBER"));
		registry.add("talkhint.twilio.agent-phone-number", () -> env.get("AGENT_PHONE_NUMBER"));
		registry.add("talkhint.twilio.api-base-url", () -> env.get("TWILIO_API_BASE_URL"));
	}

	@AfterAll
	static void stopSimulator() {
		simulator.close();
	}

	@Test
	void oneCallIsPlacedStreamedCountedAndReported() throws Exception {
		String simPort = simulator.apiBaseUrl().replaceAll(".*:(\\d+)/simulator$", "$1");
		LoadOptions options = LoadOptions.parse("--calls", "1", "--call-seconds", "8", "--scenarios", "discovery",
				"--url", "http://127.0.0.1:" + this.port, "--pid", Long.toString(ProcessHandle.current().pid()),
				"--sim-port", simPort, "--auth-token", simulator.authToken(), "--out", this.out.toString());

		LoadReport report = LoadDriver.run(options, simulator, System.out);

		assertThat(report.levels()).hasSize(1);
		LevelResult level = report.levels().get(0);
		assertThat(level.failures()).isEmpty();
		assertThat(level.callsStarted()).isEqualTo(1);
		assertThat(level.callsCompleted()).isEqualTo(1);
		// 8 s of both tracks at one message per track per 20 ms, all of it counted by TalkHint.
		assertThat(level.framesSent()).isGreaterThanOrEqualTo(2 * 8000 / 20);
		assertThat(level.framesReceived()).isEqualTo(level.framesSent());
		// The first utterance (agent, 1.0-7.0 s) was streamed in full; the customer's reply (7.8-10.0 s) was not.
		assertThat(level.utterances()).isEqualTo(1);
		// Real Vosk transcribed it, and its final was matched to it and timed.
		assertThat(level.finalsMeasured()).isEqualTo(1);
		assertThat(level.finalP95Ms()).isNotNull();
		// ... and TalkHint's own timers say where its time went inside the node, stage by stage.
		// (queued and recognised only for finals at a pause: Vosk may have ended this one itself, within the hangover)
		assertThat(level.finalStages()).contains("queued ", "recognised ", "listeners ")
			.containsPattern("delivery \\S+ \\(\\S+ over [1-9]");
		assertThat(level.cpuCores()).isPositive();
		assertThat(level.rssMaxMiB()).isPositive();
		assertThat(level.threadsMax()).isPositive();
		assertThat(level.samples()).isNotEmpty();
		assertThat(Path.of(report.files().get("latency chart"))).isNotEmptyFile();
		assertThat(Path.of(report.files().get("report"))).content().contains("Largest N sustained");
	}

	private static SimulatorServer startSimulator() {
		try {
			return new SimulatorServer(0, null, 2);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
