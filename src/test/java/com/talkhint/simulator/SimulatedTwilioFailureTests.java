package com.talkhint.simulator;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.talkhint.TalkHintApplication;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The "never silent" path offline: the simulator takes PUBLIC_BASE_URL as written (no route to this server), and
 * it points at a port where nothing listens, as a sleeping deployment or a wrong domain does for real Twilio. No
 * webhook reaches TalkHint; the simulator logs Twilio's notifications, and TalkHint reads them through the REST
 * API (the Twilio SDK's Call and Notification readers, in Twilio's JSON) and names Twilio's error and the URL.
 */
@SpringBootTest(classes = TalkHintApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:simulated-failure;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
				"talkhint.twilio.account-sid=", "talkhint.twilio.auth-token=", "talkhint.api-token=",
				"talkhint.simulator.route-to-local=false", "talkhint.simulator.webhook-timeout=3s",
				"talkhint.twilio.inspect-after=3s" })
class SimulatedTwilioFailureTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String DEAD_BASE = "http://127.0.0.1:" + closedPort();

	@LocalServerPort
	int port;

	@Autowired
	TwilioSimulator simulator;

	final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void unreachablePublicUrl(DynamicPropertyRegistry registry) {
		registry.add("talkhint.public-base-url", () -> DEAD_BASE);
	}

	@Test
	void anUnreachablePublicUrlIsNamedWithTwiliosErrorAndTheUrlItTried() throws Exception {
		HttpResponse<String> created = this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/start-call"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"to\": \"+14155550141\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String callSid = json.readTree(created.body()).get("callSid").asString();

		JsonNode diagnostic = await("a twilio-error naming the TwiML URL").atMost(Duration.ofSeconds(60)).until(() -> {
			for (JsonNode d : call(callSid).path("diagnostics")) {
				if ("twilio-error".equals(d.path("code").asString())
						&& d.path("message").asString().contains(DEAD_BASE + "/twilio/outbound")) {
					return d;
				}
			}
			return null;
		}, (d) -> d != null);
		assertThat(diagnostic).as("a twilio-error naming the TwiML URL: %s", call(callSid)).isNotNull();
		assertThat(diagnostic.path("message").asString()).contains("11205").contains("HTTP connection failure");
		assertThat(diagnostic.path("fix").asString()).contains("PUBLIC_BASE_URL").contains("twilio.com/docs/errors/11205");
		// What the simulator logged is what TalkHint read.
		assertThat(this.simulator.notifications(callSid)).anySatisfy((n) -> assertThat(n).startsWith("11205 ")
			.contains(DEAD_BASE + "/twilio/outbound"));
	}

	@Test
	void theSetupCheckSaysThePublicUrlDoesNotReachThisServer() throws Exception {
		JsonNode result = json.readTree(this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/setup/check"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString()).body());
		assertThat(result.path("ok").asBoolean()).isFalse();
		JsonNode publicUrl = null;
		for (JsonNode check : result.path("checks")) {
			if ("public-url".equals(check.path("id").asString())) {
				publicUrl = check;
			}
			if ("credentials".equals(check.path("id").asString())) {
				// The simulator's own account, read through the same REST client as real Twilio.
				assertThat(check.path("status").asString()).isEqualTo("ok");
			}
		}
		assertThat(publicUrl).isNotNull();
		assertThat(publicUrl.path("status").asString()).isEqualTo("fail");
		assertThat(publicUrl.path("detail").asString()).contains(DEAD_BASE).contains("could not be reached");
		assertThat(publicUrl.path("fix").asString()).contains("PUBLIC_BASE_URL");
	}

	private JsonNode call(String callSid) throws Exception {
		return json.readTree(this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/calls/" + callSid)).build(),
				HttpResponse.BodyHandlers.ofString()).body());
	}

	/** A local port nothing listens on (bound, then released). */
	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
