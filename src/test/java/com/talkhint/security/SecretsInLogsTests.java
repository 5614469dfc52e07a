package com.talkhint.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.talkhint.testing.FakeTwilioApi;
import com.talkhint.testing.TwilioPlayer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No secret reaches the log: the Twilio auth token, the API token and the LLM key are configured, a call
 * is placed, webhooks are signed, forged, and refused, tokens are presented right and wrong, and then the
 * whole captured output (startup included) is searched for each secret.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"spring.datasource.url=jdbc:h2:mem:secrets;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"talkhint.twilio.account-sid=AC0123456789abcdef0123456789abcdef",
		"talkhint.twilio.auth-token=SECRET-twilio-auth-token-7d1f", "talkhint.twilio.phone-number=+15005550006",
		"talkhint.twilio.agent-phone-number=+15005550001", "talkhint.api-token=SECRET-api-token-93ab",
		"talkhint.llm.base-url=http://127.0.0.1:9/v1", "talkhint.llm.api-key=SECRET-llm-key-51c2",
		"talkhint.llm.model=test-model", "logging.level.com.talkhint=DEBUG" })
class SecretsInLogsTests {

	static final String[] SECRETS = { "SECRET-twilio-auth-token-7d1f", "SECRET-api-token-93ab", "SECRET-llm-key-51c2" };

	static final FakeTwilioApi twilio = start();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void api(DynamicPropertyRegistry registry) {
		registry.add("talkhint.twilio.api-base-url", twilio::baseUrl);
	}

	@AfterAll
	static void stop() {
		twilio.close();
	}

	@Test
	void noSecretAppearsInTheLog(CapturedOutput output) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		String base = "http://localhost:" + this.port;
		HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/start-call"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer SECRET-api-token-93ab")
			.POST(HttpRequest.BodyPublishers.ofString("{\"to\": \"+14155550100\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).isEqualTo(201);
		HttpResponse<String> wrongToken = http.send(HttpRequest.newBuilder(URI.create(base + "/api/calls"))
			.header("Authorization", "Bearer SECRET-api-token-93ab-but-wrong")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(wrongToken.statusCode()).isEqualTo(401);
		TwilioPlayer player = new TwilioPlayer("SECRET-twilio-auth-token-7d1f");
		Map<String, String> fields = TwilioPlayer.callFields("AC0123456789abcdef0123456789abcdef", "CA" + "3".repeat(32),
				"ringing", "+15005550006", "+15005550001");
		assertThat(player.webhook(base + "/twilio/status", fields).statusCode()).isEqualTo(200);
		assertThat(player.webhook(base + "/twilio/status", fields, "forged").statusCode()).isEqualTo(403);
		// The Basic auth header the REST client sent carried the token: the fake saw it, the log must not.
		assertThat(twilio.requests()).isNotEmpty();
		for (String secret : SECRETS) {
			assertThat(output.getAll()).as("log contains a secret").doesNotContain(secret);
		}
	}

	private static FakeTwilioApi start() {
		try {
			return new FakeTwilioApi();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
