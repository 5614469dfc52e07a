package com.talkhint.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.twilio.http.HttpMethod;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.type.PhoneNumber;

import static com.talkhint.simulator.FakeTalkHintApp.PUBLIC_BASE;
import static com.talkhint.simulator.FakeTalkHintApp.TWILIO_NUMBER;
import static org.awaitility.Awaitility.await;

/** Places calls through the Twilio SDK against the simulator, as TalkHint's /start-call does, and waits for them. */
final class CallDriver {

	private final TwilioSimulator simulator;

	private final FakeTalkHintApp.Recorder recorder;

	private final TwilioRestClient client;

	CallDriver(TwilioSimulator simulator, FakeTalkHintApp.Recorder recorder, int port) {
		this.simulator = simulator;
		this.recorder = recorder;
		this.client = SimulatorClients.restClient(port, FakeTalkHintApp.ACCOUNT_SID, FakeTalkHintApp.AUTH_TOKEN);
	}

	TwilioRestClient client() {
		return this.client;
	}

	/** Creates a call to {@code to} with Url and all four status events, playing {@code audio}. */
	Call place(String to, CallAudio audio) {
		if (audio != null) {
			this.simulator.playAudioOnNextCall(to, audio);
		}
		Call call = Call
			.creator(new PhoneNumber(to), new PhoneNumber(TWILIO_NUMBER), URI.create(PUBLIC_BASE + "/twilio/outbound"))
			.setStatusCallback(URI.create(PUBLIC_BASE + "/twilio/status"))
			.setStatusCallbackEvent(List.of("initiated", "ringing", "answered", "completed"))
			.setStatusCallbackMethod(HttpMethod.POST)
			.create(this.client);
		return call;
	}

	/** Waits (bounded) for the call to end and for its final {@code completed} callback to arrive. */
	String awaitEnd(String callSid, Duration limit) {
		String status;
		try {
			status = this.simulator.whenEnded(callSid).get(limit.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			throw new AssertionError("call " + callSid + " did not end within " + limit, ex);
		}
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.recorder.webhooks(callSid, "/twilio/status")
				.stream()
				.anyMatch((hook) -> !List.of("initiated", "ringing", "in-progress").contains(hook.params().get("CallStatus"))));
		return status;
	}

	/** The first {@code ms} milliseconds of the discovery scenario, as a short call. */
	static CallAudio clip(long ms) {
		int bytes = (int) (ms * CallAudio.BYTES_PER_MS);
		return new CallAudio("clip " + ms + " ms", Arrays.copyOf(resource("scenarios/discovery/agent.ulaw"), bytes),
				Arrays.copyOf(resource("scenarios/discovery/customer.ulaw"), bytes));
	}

	static byte[] resource(String name) {
		try (InputStream in = CallDriver.class.getClassLoader().getResourceAsStream(name)) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
