package com.talkhint.twilio;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import com.talkhint.testing.FakeTwilioApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The setup check ({@code POST /api/setup/check}, behind "Check setup" and {@code ./talkhint doctor}) in real mode
 * against a protocol-faithful fake of Twilio's REST API, with PUBLIC_BASE_URL pointing at this very server: each
 * check says ok, or what is wrong and how to fix it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
		"spring.datasource.url=jdbc:h2:mem:doctor;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1" })
class SetupDoctorTests {

	static final String ACCOUNT = "AC0123456789abcdef0123456789abcded";

	static final int PORT = freePort();

	static final FakeTwilioApi twilio = FakeTwilioApi.start();

	static final JsonMapper json = JsonMapper.builder().build();

	final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void twilioAccount(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("talkhint.public-base-url", () -> "http://127.0.0.1:" + PORT);
		twilio.registerAccount(registry, ACCOUNT, "test-auth-token-doctor");
	}

	@AfterAll
	static void stopTwilio() {
		twilio.close();
	}

	@AfterEach
	void accept() {
		twilio.accept();
		twilio.resetAccount();
	}

	@Test
	void aTrialAccountWithAnUnverifiedAgentFailsAndSaysHowToFixIt() throws Exception {
		twilio.accountType("Trial");
		twilio.owns("+15005550006");
		Map<String, JsonNode> checks = check();
		assertThat(checks.get("credentials").path("status").asString()).isEqualTo("warn");
		assertThat(checks.get("credentials").path("detail").asString()).contains("trial");
		assertThat(checks.get("caller-number").path("status").asString()).isEqualTo("ok");
		assertThat(checks.get("agent-number").path("status").asString()).isEqualTo("fail");
		assertThat(checks.get("agent-number").path("detail").asString()).contains("21219");
		assertThat(checks.get("agent-number").path("fix").asString()).contains("Verified Caller IDs");
		// The self-request came back to this process, but over http: Twilio needs https.
		assertThat(checks.get("public-url").path("status").asString()).isEqualTo("warn");
		assertThat(checks.get("public-url").path("detail").asString()).contains("came back to this process").contains("not https");
		assertThat(checks.get("websocket").path("status").asString()).isEqualTo("ok");
		assertThat(this.lastOk).isFalse();

		twilio.verified("+15005550001");
		Map<String, JsonNode> verified = check();
		assertThat(verified.get("agent-number").path("status").asString()).isEqualTo("ok");
		assertThat(this.lastOk).isTrue();
	}

	@Test
	void aCallerNumberTheAccountDoesNotOwnFails() throws Exception {
		twilio.accountType("Full");
		Map<String, JsonNode> checks = check();
		assertThat(checks.get("caller-number").path("status").asString()).isEqualTo("fail");
		assertThat(checks.get("caller-number").path("detail").asString()).contains("21210");
	}

	@Test
	void refusedCredentialsFailAndTheLookupsThatNeedThemAreSkipped() throws Exception {
		twilio.refuseWith(401, 20003, "Authenticate");
		Map<String, JsonNode> checks = check();
		assertThat(checks.get("credentials").path("status").asString()).isEqualTo("fail");
		assertThat(checks.get("credentials").path("detail").asString()).contains("HTTP 401").contains("20003");
		assertThat(checks.get("credentials").path("fix").asString()).contains("TWILIO_AUTH_TOKEN");
		assertThat(checks.get("caller-number").path("status").asString()).isEqualTo("skipped");
		assertThat(this.lastOk).isFalse();
	}

	@Test
	void thePingSaysOnlyWhichProcessAnsweredAndWhetherTheNonceIsItsOwn() throws Exception {
		HttpResponse<String> ping = this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/setup/ping?nonce=abc")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(ping.statusCode()).isEqualTo(200);
		JsonNode body = json.readTree(ping.body());
		assertThat(body.path("nonce").asBoolean()).isFalse();
		assertThat(body.propertyNames()).containsExactlyInAnyOrder("talkhint", "instance", "nonce");
	}

	private boolean lastOk;

	private Map<String, JsonNode> check() throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/api/setup/check"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode body = json.readTree(response.body());
		this.lastOk = body.path("ok").asBoolean();
		Map<String, JsonNode> checks = new LinkedHashMap<>();
		for (JsonNode check : body.path("checks")) {
			checks.put(check.path("id").asString(), check);
		}
		assertThat(checks).containsKeys("mode", "credentials", "caller-number", "agent-number", "public-url", "websocket");
		return checks;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
