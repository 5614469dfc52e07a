package com.talkhint.twilio;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.talkhint.testing.FakeTwilioApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real mode against a protocol-faithful fake of Twilio's REST API that never calls back, as when
 * PUBLIC_BASE_URL does not reach this server: TalkHint reads Twilio's record of the call (Call resource and
 * Notifications, in Twilio's JSON) and says why, within a bounded number of reads.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"spring.datasource.url=jdbc:h2:mem:inspector;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"talkhint.twilio.inspect-after=2s", "talkhint.public-base-url=https://talkhint-wrong.example.com" })
class TwilioCallInspectorTests {

	static final String ACCOUNT = "AC0123456789abcdef0123456789abcdee";

	static final FakeTwilioApi twilio = FakeTwilioApi.start();

	static final JsonMapper json = JsonMapper.builder().build();

	static final Duration WAIT = Duration.ofSeconds(60);

	@LocalServerPort
	int port;

	final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void twilioAccount(DynamicPropertyRegistry registry) {
		twilio.registerAccount(registry, ACCOUNT, "test-auth-token-inspector");
	}

	@AfterAll
	static void stopTwilio() {
		twilio.close();
	}

	@Test
	void aCallTwilioCouldNotDeliverNamesTwilioErrorTheUrlTheCauseAndTheFix() throws Exception {
		String callSid = place("+14155550131");
		String url = "https://talkhint-wrong.example.com/twilio/outbound?to=%2B14155550131";
		twilio.callStatus(callSid, "completed");
		twilio.notify(callSid, 11200, "HTTP retrieval failure", url);

		JsonNode diagnostic = awaitDiagnostic(callSid, "twilio-error");
		assertThat(diagnostic.path("message").asString()).contains("11200").contains("HTTP retrieval failure").contains(url);
		assertThat(diagnostic.path("cause").asString()).contains("not reachable from the internet");
		assertThat(diagnostic.path("fix").asString()).contains("PUBLIC_BASE_URL")
			.contains("https://www.twilio.com/docs/errors/11200");
		// Twilio named the error and the call is over: nothing more to ask.
		noMoreReadsOf(callSid, twilio.readsOf(callSid), Duration.ofSeconds(6));
	}

	@Test
	void aCompletedCallWithoutAnyWebhookOrErrorSaysNothingReachedTalkHint() throws Exception {
		String callSid = place("+14155550132");
		twilio.callStatus(callSid, "completed");

		JsonNode diagnostic = awaitDiagnostic(callSid, "no-webhook");
		assertThat(diagnostic.path("message").asString()).contains("completed")
			.contains("https://talkhint-wrong.example.com/twilio/status");
		assertThat(diagnostic.path("fix").asString()).contains("./talkhint doctor");
	}

	@Test
	void readsOfTwilioAreBoundedWhileTheCallStaysQueued() throws Exception {
		String callSid = place("+14155550133");
		// Twilio has it queued and logs nothing: three reads of the Call and its Notifications, then no more.
		awaitReads(callSid, 2 * TwilioCallInspector.MAX_READS);
		noMoreReadsOf(callSid, 2 * TwilioCallInspector.MAX_READS, Duration.ofSeconds(10));
		assertThat(diagnostics(callSid)).isEmpty();
	}

	@Test
	void refusedCredentialsAreTheirOwnDiagnosticAndAreNotRetried() throws Exception {
		String callSid = place("+14155550134");
		twilio.refuseWith(401, 20003, "Authenticate");
		try {
			JsonNode diagnostic = awaitDiagnostic(callSid, "twilio-api-error");
			assertThat(diagnostic.path("message").asString()).contains("HTTP 401").contains("20003");
			assertThat(diagnostic.path("fix").asString()).contains("Auth Token");
			noMoreReadsOf(callSid, twilio.readsOf(callSid), Duration.ofSeconds(8));
		}
		finally {
			twilio.accept();
		}
	}

	private String place(String to) throws Exception {
		HttpResponse<String> created = this.http.send(HttpRequest.newBuilder(URI.create(base() + "/start-call"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"to\": \"" + to + "\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return json.readTree(created.body()).get("callSid").asString();
	}

	private JsonNode awaitDiagnostic(String callSid, String code) {
		return await("a " + code + " diagnostic for " + callSid).atMost(WAIT).until(() -> find(callSid, code), (d) -> d != null);
	}

	private JsonNode find(String callSid, String code) throws Exception {
		for (JsonNode d : diagnostics(callSid)) {
			if (code.equals(d.path("code").asString())) {
				return d;
			}
		}
		return null;
	}

	private void awaitReads(String callSid, long n) {
		await(n + " reads of " + callSid).atMost(WAIT).until(() -> twilio.readsOf(callSid) >= n);
		assertThat(twilio.readsOf(callSid)).isEqualTo(n);
	}

	/** Nothing more is asked of Twilio about {@code callSid} for a while (the reads are over). */
	private static void noMoreReadsOf(String callSid, long reads, Duration wait) {
		await("no more reads of " + callSid).during(wait).atMost(wait.plusSeconds(2)).until(() -> twilio.readsOf(callSid) == reads);
	}

	private JsonNode diagnostics(String callSid) throws Exception {
		HttpResponse<String> call = this.http.send(HttpRequest.newBuilder(URI.create(base() + "/api/calls/" + callSid)).build(),
				HttpResponse.BodyHandlers.ofString());
		return json.readTree(call.body()).path("diagnostics");
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
