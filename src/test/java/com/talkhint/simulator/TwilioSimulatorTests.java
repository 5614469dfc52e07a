package com.talkhint.simulator;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.twilio.rest.api.v2010.account.Call;
import com.twilio.type.PhoneNumber;
import com.twilio.type.Twiml;
import org.junit.jupiter.api.Test;

import static com.talkhint.simulator.FakeTalkHintApp.ACCOUNT_SID;
import static com.talkhint.simulator.FakeTalkHintApp.PUBLIC_BASE;
import static com.talkhint.simulator.FakeTalkHintApp.TWILIO_NUMBER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Whole simulated calls against the fake app: webhook order and signatures, TwiML Twilio refuses, concurrency. */
@SimulatorTest
class TwilioSimulatorTests extends SimulatorTestSupport {

	@Test
	void runsACallThroughSignedWebhooksInTwiliosOrder() {
		String to = "+14155550201";
		Call created = this.driver.place(to, CallDriver.clip(2000));

		assertThat(created.getSid()).matches("CA[0-9a-f]{32}");
		assertThat(created.getStatus()).isEqualTo(Call.Status.QUEUED);
		assertThat(created.getDirection()).isEqualTo("outbound-api");
		assertThat(created.getAccountSid()).isEqualTo(ACCOUNT_SID);
		assertThat(created.getTo()).isEqualTo(to);
		assertThat(created.getFrom()).isEqualTo(TWILIO_NUMBER);
		assertThat(created.getDateCreated()).isNotNull();
		String sid = created.getSid();
		assertThat(this.driver.awaitEnd(sid, Duration.ofSeconds(15))).isEqualTo("completed");

		List<FakeTalkHintApp.Webhook> fetches = this.recorder.webhooks(sid, "/twilio/outbound");
		assertThat(fetches).singleElement().satisfies((fetch) -> {
			assertThat(fetch.method()).isEqualTo("POST");
			assertThat(fetch.signatureValid()).as("signed over " + PUBLIC_BASE + "/twilio/outbound").isTrue();
			assertThat(fetch.params()).containsEntry("AccountSid", ACCOUNT_SID)
				.containsEntry("ApiVersion", "2010-04-01")
				.containsEntry("CallStatus", "in-progress")
				.containsEntry("Direction", "outbound-api")
				.containsEntry("From", TWILIO_NUMBER)
				.containsEntry("Caller", TWILIO_NUMBER)
				.containsEntry("To", to)
				.containsEntry("Called", to);
		});
		List<FakeTalkHintApp.Webhook> statuses = this.recorder.webhooks(sid, "/twilio/status");
		assertThat(statuses).extracting((hook) -> hook.params().get("CallStatus"))
			.containsExactly("initiated", "ringing", "in-progress", "completed");
		assertThat(statuses).extracting((hook) -> hook.params().get("SequenceNumber"))
			.containsExactly("0", "1", "2", "3");
		assertThat(statuses).allSatisfy((hook) -> {
			assertThat(hook.signatureValid()).isTrue();
			assertThat(hook.params()).containsEntry("CallbackSource", "call-progress-events")
				.containsEntry("Direction", "outbound-api")
				.containsEntry("AccountSid", ACCOUNT_SID);
			ZonedDateTime.parse(hook.params().get("Timestamp"),
					DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US));
		});
		// Whole seconds from answer to hang-up, rounded down: 1 s is possible when the machine is busy.
		assertThat(Integer.parseInt(statuses.get(3).params().get("CallDuration"))).isBetween(1, 4);
		// The answered callback precedes the TwiML fetch; the stream stops before the call reports completed.
		assertThat(statuses.get(2).atNanos()).isLessThan(fetches.get(0).atNanos());
		FakeTalkHintApp.Webhook streamStopped = this.recorder.webhooks(sid, "/twilio/stream-status").get(1);
		assertThat(streamStopped.params()).containsEntry("StreamEvent", "stream-stopped");
		assertThat(streamStopped.atNanos()).isLessThan(statuses.get(3).atNanos());
	}

	@Test
	void inlineTwimlPlaysWithoutAnyRequestToTheApp() {
		// The seed bug: a greeting as inline TwiML, no Url. Twilio "completes" the call and logs no request.
		Call call = Call
			.creator(new PhoneNumber("+14155550202"), new PhoneNumber(TWILIO_NUMBER),
					new Twiml("<Response><Say>Hello from TalkHint</Say></Response>"))
			.setStatusCallback(java.net.URI.create(PUBLIC_BASE + "/twilio/status"))
			.create(this.driver.client());

		assertThat(this.driver.awaitEnd(call.getSid(), Duration.ofSeconds(15))).isEqualTo("completed");
		assertThat(this.recorder.webhooks(call.getSid(), "/twilio/outbound")).isEmpty();
		assertThat(this.recorder.stream(call.getSid())).isEmpty();
		// Without StatusCallbackEvent, Twilio reports only completed.
		assertThat(this.recorder.webhooks(call.getSid(), "/twilio/status"))
			.extracting((hook) -> hook.params().get("CallStatus"))
			.containsExactly("completed");
	}

	@Test
	void twimlWithoutAStreamOpensNoSocketButTheCallStillCompletes() {
		String to = "+14155550203";
		this.recorder.reply(to, FakeTalkHintApp.Reply.twiml(FakeTalkHintApp.twimlWithoutStream("+14155550100")));
		String sid = this.driver.place(to, CallDriver.clip(1000)).getSid();

		assertThat(this.driver.awaitEnd(sid, Duration.ofSeconds(15))).isEqualTo("completed");
		assertThat(this.recorder.webhooks(sid, "/twilio/outbound")).hasSize(1);
		assertThat(this.recorder.stream(sid)).isEmpty();
		assertThat(this.recorder.webhooks(sid, "/twilio/stream-status")).isEmpty();
		assertThat(this.simulator.notifications(sid)).isEmpty();
	}

	@Test
	void twimlTwilioCannotUseEndsTheCallWithItsErrorCode() {
		assertRefused("+14155550204", new FakeTalkHintApp.Reply(403, "text/plain", "Forbidden"), "11200 ");
		assertRefused("+14155550205", new FakeTalkHintApp.Reply(200, "text/plain", "<Response/>"), "12300 ");
		assertRefused("+14155550206",
				FakeTalkHintApp.Reply.twiml("<Response><Say>Hi</Say><Streem url=\"wss://x/y\"/></Response>"), "12100 ");
		assertRefused("+14155550207", FakeTalkHintApp.Reply.twiml("\n<?xml version=\"1.0\"?><Response/>"), "12100 ");
	}

	@Test
	void methodGetSendsTheFieldsInTheSignedQueryString() {
		Call call = Call
			.creator(new PhoneNumber("+14155550208"), new PhoneNumber(TWILIO_NUMBER),
					java.net.URI.create(PUBLIC_BASE + "/twilio/outbound"))
			.setMethod(com.twilio.http.HttpMethod.GET)
			.create(this.driver.client());
		this.simulator.playAudio(call.getSid(), CallDriver.clip(500));

		this.simulator.whenEnded(call.getSid()).orTimeout(15, java.util.concurrent.TimeUnit.SECONDS).join();
		assertThat(this.recorder.webhooks(call.getSid(), "/twilio/outbound")).singleElement().satisfies((fetch) -> {
			assertThat(fetch.method()).isEqualTo("GET");
			assertThat(fetch.signatureValid()).as("signed over the URL with its query string").isTrue();
			assertThat(fetch.params()).containsEntry("CallStatus", "in-progress").containsEntry("To", "+14155550208");
		});
	}

	@Test
	void redirectAndDialActionFetchTheNextDocumentRelativeToTheCurrentOne() {
		String to = "+14155550209";
		this.recorder.reply(to, FakeTalkHintApp.Reply.twiml("<Response><Redirect>outbound-next</Redirect></Response>"));
		this.recorder.reply("next " + to, FakeTalkHintApp.Reply.twiml(
				"<Response><Dial action=\"/twilio/outbound-final\"><Number>+14155550100</Number></Dial><Say>never</Say></Response>"));
		// The Dial action's answer replaces what followed <Dial>.
		this.recorder.reply("final " + to, FakeTalkHintApp.Reply.twiml("<Response><Hangup/></Response>"));
		String sid = this.driver.place(to, CallDriver.clip(1000)).getSid();

		assertThat(this.driver.awaitEnd(sid, Duration.ofSeconds(15))).isEqualTo("completed");
		List<FakeTalkHintApp.Webhook> next = this.recorder.webhooks(sid, "/twilio/outbound-next");
		List<FakeTalkHintApp.Webhook> last = this.recorder.webhooks(sid, "/twilio/outbound-final");
		assertThat(next).singleElement().satisfies((hook) -> {
			assertThat(hook.signatureValid()).isTrue();
			assertThat(hook.params()).doesNotContainKey("DialCallStatus");
		});
		assertThat(last).singleElement().satisfies((hook) -> assertThat(hook.signatureValid()).isTrue());
		assertThat(last.get(0).params()).containsEntry("DialCallStatus", "completed")
			.containsEntry("DialBridged", "true")
			.containsKey("DialCallSid");
		assertThat(this.simulator.notifications(sid)).isEmpty();
	}

	@Test
	void runsManyCallsAtOnceOnTheSharedScheduler() {
		List<String> sids = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			sids.add(this.driver.place("+1415555030" + i, CallDriver.clip(2000)).getSid());
		}
		for (String sid : sids) {
			assertThat(this.driver.awaitEnd(sid, Duration.ofSeconds(20))).isEqualTo("completed");
		}
		await().atMost(Duration.ofSeconds(5))
			.until(() -> sids.stream().allMatch((sid) -> this.recorder.stream(sid).map((s) -> s.closed != null).orElse(false)));
		for (String sid : sids) {
			FakeTalkHintApp.StreamSession stream = this.recorder.stream(sid).orElseThrow();
			long media = stream.messages.stream().filter((m) -> m.json().has("media")).count();
			assertThat(media).as("media messages of %s", sid).isBetween(200L, 260L); // 2 × 2000 ms / 20 ms
			assertThat(stream.signatureValid).isTrue();
		}
		assertThat(sids.stream().map((sid) -> this.recorder.stream(sid).orElseThrow().messages.get(1).json()
			.path("streamSid")
			.asString())).doesNotHaveDuplicates();
	}

	private void assertRefused(String to, FakeTalkHintApp.Reply reply, String code) {
		this.recorder.reply(to, reply);
		String sid = this.driver.place(to, CallDriver.clip(1000)).getSid();

		assertThat(this.driver.awaitEnd(sid, Duration.ofSeconds(15))).isEqualTo("completed");
		assertThat(this.simulator.notifications(sid)).as("notifications of the call to %s", to)
			.anySatisfy((notification) -> assertThat(notification).startsWith(code));
		assertThat(this.recorder.stream(sid)).isEmpty();
		assertThat(this.recorder.webhooks(sid, "/twilio/status")).extracting((hook) -> hook.params().get("CallStatus"))
			.containsExactly("initiated", "ringing", "in-progress", "completed");
	}

}
