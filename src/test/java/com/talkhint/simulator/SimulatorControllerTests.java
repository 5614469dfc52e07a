package com.talkhint.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.twilio.exception.ApiException;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.type.PhoneNumber;
import org.junit.jupiter.api.Test;

import static com.talkhint.simulator.FakeTalkHintApp.ACCOUNT_SID;
import static com.talkhint.simulator.FakeTalkHintApp.AUTH_TOKEN;
import static com.talkhint.simulator.FakeTalkHintApp.PUBLIC_BASE;
import static com.talkhint.simulator.FakeTalkHintApp.TWILIO_NUMBER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** The simulated REST Calls API through the Twilio SDK: creation, refusals in Twilio's error shape, hang-up. */
@SimulatorTest
class SimulatorControllerTests extends SimulatorTestSupport {

	@Test
	void theStringOverloadTrapIsRefusedAsAnApplicationSid() {
		// Call.creator(to, from, String) sends the URL as ApplicationSid: Twilio refuses, and so does the simulator.
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> Call.creator(new PhoneNumber("+14155550401"), new PhoneNumber(TWILIO_NUMBER),
					PUBLIC_BASE + "/twilio/outbound").create(this.driver.client()))
			.satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo(21218);
				assertThat(ex.getStatusCode()).isEqualTo(400);
				assertThat(ex.getMessage()).contains("ApplicationSid").contains("java.net.URI");
			});
	}

	@Test
	void aToNumberThatIsNotE164IsError21211() {
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> Call.creator(new PhoneNumber("415-555-0100"), new PhoneNumber(TWILIO_NUMBER),
					URI.create(PUBLIC_BASE + "/twilio/outbound")).create(this.driver.client()))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(21211));
	}

	@Test
	void wrongCredentialsAre401WithTwiliosErrorBody() throws Exception {
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> Call.creator(new PhoneNumber("+14155550402"), new PhoneNumber(TWILIO_NUMBER),
					URI.create(PUBLIC_BASE + "/twilio/outbound"))
				.create(SimulatorClients.restClient(this.port, ACCOUNT_SID, "wrong-token")))
			.satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo(20003);
				assertThat(ex.getStatusCode()).isEqualTo(401);
			});

		HttpResponse<String> response = post("To=%2B14155550402&From=%2B15005550006&Url=x", null);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).isEqualTo(
				"{\"code\":20003,\"message\":\"Authenticate\",\"more_info\":\"https://www.twilio.com/docs/errors/20003\",\"status\":401}");
	}

	@Test
	void aCallWithNoUrlTwimlOrApplicationIsError21205() throws Exception {
		HttpResponse<String> response = post("To=%2B14155550403&From=%2B15005550006", AUTH_TOKEN);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		assertThat(response.body()).startsWith("{\"code\":21205,\"message\":\"Url parameter is required.")
			.endsWith(",\"more_info\":\"https://www.twilio.com/docs/errors/21205\",\"status\":400}");
	}

	@Test
	void hangingUpThroughTheSdkStopsTheStreamAndCompletesTheCall() {
		// No audio chosen: the default scenario plays, 38 s long; the hang-up cuts it short.
		String sid = this.driver.place("+14155550404", null).getSid();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.recorder.stream(sid).map((s) -> s.messages.size() > 20).orElse(false));

		Call updated = Call.updater(sid).setStatus(Call.UpdateStatus.COMPLETED).update(this.driver.client());

		assertThat(updated.getSid()).isEqualTo(sid);
		assertThat(this.driver.awaitEnd(sid, Duration.ofSeconds(5))).isEqualTo("completed");
		Call fetched = Call.fetcher(sid).fetch(this.driver.client());
		assertThat(fetched.getStatus()).isEqualTo(Call.Status.COMPLETED);
		assertThat(fetched.getDuration()).isNotNull();
		assertThat(fetched.getEndTime()).isNotNull();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.recorder.stream(sid).orElseThrow().closed != null);
		FakeTalkHintApp.StreamSession stream = this.recorder.stream(sid).orElseThrow();
		assertThat(stream.messages.get(stream.messages.size() - 1).json().path("event").asString()).isEqualTo("stop");
		assertThat(stream.messages.get(1).json().path("start").path("tracks").size()).isEqualTo(2);
	}

	@Test
	void fetchingAnUnknownCallIs404() {
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> Call.fetcher("CA00000000000000000000000000000001").fetch(this.driver.client()))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(20404));
	}

	private HttpResponse<String> post(String form, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/simulator/2010-04-01/Accounts/" + ACCOUNT_SID
					+ "/Calls.json"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form));
		if (token != null) {
			request.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString((ACCOUNT_SID + ":" + token).getBytes(StandardCharsets.UTF_8)));
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
