package com.talkhint.scale;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.talkhint.TalkHintApplication;
import com.talkhint.call.CallRepository;
import com.talkhint.call.Diagnostic;
import com.talkhint.call.Diagnostics;
import com.talkhint.event.CallEvent.CallStatus;
import com.talkhint.event.CallEvent.TranscriptFinal;
import com.talkhint.event.CallEvent.TranscriptPartial;
import com.talkhint.event.EventBus;
import com.talkhint.event.RedisEventBus;
import com.talkhint.testing.FakeTwilioApi;
import com.talkhint.testing.SharedAudio;
import com.talkhint.testing.TwilioPlayer;
import com.talkhint.testing.UiEventsClient;
import com.talkhint.twilio.DiagnosticsWatchdog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static com.talkhint.testing.UiEventsClient.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two TalkHint nodes on the real PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) of this machine:
 * the call is placed and streamed on node A, while a browser on node B sees its live events and B's API
 * returns what A stored.
 */
class TwoNodeTests {

	static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";

	static final String TOKEN = "two-node-token";

	static TwoNodes nodes;

	static FakeTwilioApi twilio;

	static ConfigurableApplicationContext nodeA;

	static ConfigurableApplicationContext nodeB;

	@BeforeAll
	static void startNodes() throws Exception {
		nodes = new TwoNodes();
		twilio = nodes.twilio;
		nodeA = nodes.a;
		nodeB = nodes.b;
	}

	@AfterAll
	static void stopNodes() throws Exception {
		if (nodes != null) {
			nodes.close();
		}
	}

	static void dropSchema(String schema) throws Exception {
		try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
			c.createStatement().execute("drop schema if exists " + schema + " cascade");
		}
	}

	/** One node on the schema; {@code extra} are more {@code --name=value} arguments. */
	static ConfigurableApplicationContext start(String node, String schema, String channel, FakeTwilioApi twilio,
			String... extra) {
		Map<String, Object> props = new HashMap<>();
		props.put("server.port", "0");
		props.put("spring.datasource.url", "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema);
		props.put("spring.datasource.username", "postgres");
		props.put("spring.flyway.schemas", schema);
		props.put("spring.flyway.create-schemas", "true");
		props.put("talkhint.events.redis-channel", channel);
		props.put("talkhint.node-id", node);
		props.put("talkhint.twilio.account-sid", ACCOUNT);
		props.put("talkhint.twilio.auth-token", TOKEN);
		props.put("talkhint.twilio.phone-number", "+15005550006");
		props.put("talkhint.twilio.agent-phone-number", "+15005550001");
		props.put("talkhint.twilio.api-base-url", twilio.baseUrl());
		// As command-line arguments: builder "properties" are defaults, which the profiles' files would override.
		String[] args = java.util.stream.Stream.concat(
				props.entrySet().stream().map((e) -> "--" + e.getKey() + "=" + e.getValue()), Arrays.stream(extra))
			.toArray(String[]::new);
		return new SpringApplicationBuilder(TalkHintApplication.class).profiles("postgres", "redis").run(args);
	}

	static int port(ConfigurableApplicationContext node) {
		return Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
	}

	@Test
	void streamOnNodeABrowserAndApiOnNodeB() throws Exception {
		int a = port(nodeA);
		int b = port(nodeB);
		HttpClient http = HttpClient.newHttpClient();
		JsonMapper json = JsonMapper.builder().build();
		TwilioPlayer player = new TwilioPlayer(TOKEN);
		try (UiEventsClient browserOnB = new UiEventsClient("ws://localhost:" + b + "/ui/events")) {
			HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + a + "/start-call"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"+14155550100\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			String callSid = json.readTree(created.body()).get("callSid").asString();
			browserOnB.subscribe(callSid);
			String outboundUrl = twilio.lastCreate().first("Url");
			assertThat(player.webhook(outboundUrl,
					TwilioPlayer.callFields(ACCOUNT, callSid, "in-progress", "+15005550006", "+15005550001"))
				.statusCode()).isEqualTo(200);
			String streamSid = "MZ" + "c".repeat(32);
			TwilioPlayer.Stream stream = streamSupportCall(player, a, callSid, streamSid);
			stream.stop(ACCOUNT, callSid, streamSid);
			stream.close();

			browserOnB.await(Duration.ofSeconds(15), "streaming on B", (e) -> type("call.status", callSid).test(e)
					&& "Streaming".equals(e.path("data").path("label").asString()));
			browserOnB.await(Duration.ofSeconds(15), "stop on B", (e) -> type("twilio.event", callSid).test(e)
					&& "stop".equals(e.path("data").path("event").asString()));

			// node A's journal stores the events in batches off the socket thread and the live event may reach B's
			// browser first: B's API shows what has been stored, so it is asked until the stop is there
			await().alias("node B's API shows node A's stored events").atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(100))
				.untilAsserted(() -> {
					JsonNode onB = json.readTree(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + b + "/api/calls/" + callSid)).build(),
							HttpResponse.BodyHandlers.ofString()).body());
					assertThat(onB.get("streamSid").asString()).isEqualTo(streamSid);
					assertThat(onB.get("events").valueStream().map((e) -> e.get("detail").asString()))
						.anySatisfy((d) -> assertThat(d).startsWith("twiml-fetched"))
						.anySatisfy((d) -> assertThat(d).startsWith("stop"));
				});
		}
	}

	@Test
	void eachNodeHearsOnlyTheCallsItsBrowsersFollow() throws Exception {
		RedisEventBus busA = (RedisEventBus) nodeA.getBean(EventBus.class);
		RedisEventBus busB = (RedisEventBus) nodeB.getBean(EventBus.class);
		String followed = "CA" + UUID.randomUUID().toString().replace("-", "");
		String other = "CA" + UUID.randomUUID().toString().replace("-", "");
		try (UiEventsClient browserOnB = new UiEventsClient("ws://localhost:" + port(nodeB) + "/ui/events")) {
			browserOnB.subscribe(followed);
			assertThat(busB.followedCalls()).isEqualTo(1);
			assertThat(busA.followedCalls()).isZero();
			// Redis applies a SUBSCRIBE asynchronously: repeat a marker until node B hears the call's channel.
			await().alias("node B hears " + followed).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
				.until(() -> {
					busA.publish(new TranscriptPartial(followed, Instant.now(), new TranscriptPartial.Data("customer", "marker", 0)));
					return browserOnB.events().stream().anyMatch(type("transcript.partial", followed));
				});

			long receivedByB = busB.received();
			long receivedByA = busA.received();
			for (int i = 0; i < 50; i++) { // a call nobody follows: its partials stay off both nodes
				busA.publish(new TranscriptPartial(other, Instant.now(), new TranscriptPartial.Data("customer", "p" + i, 0)));
			}
			busA.publish(new TranscriptFinal(followed, Instant.now(), new TranscriptFinal.Data("customer", "hello", 0, 1000, List.of())));
			browserOnB.await(Duration.ofSeconds(10), "the followed call's final on node B", type("transcript.final", followed));
			assertThat(busB.received() - receivedByB).as("events node B received").isLessThan(5);
			assertThat(busA.received() - receivedByA).as("events node A received").isLessThan(5);
			assertThat(browserOnB.events()).noneMatch((e) -> other.equals(e.path("callSid").asString(null)));

			// call statuses still reach every node and browser (the recent-calls list)
			busA.publish(new CallStatus(other, Instant.now(), "ringing", "Ringing"));
			browserOnB.await(Duration.ofSeconds(10), "the other call's status", type(CallStatus.TYPE, other));

			browserOnB.unsubscribe(followed);
			assertThat(busB.followedCalls()).isZero();
		}
	}

	@Test
	void watchdogsDecideFromTheSharedDatabaseAndRaiseEachDiagnosticOnce() throws Exception {
		int a = port(nodeA);
		int b = port(nodeB);
		TwilioPlayer player = new TwilioPlayer(TOKEN);
		try (UiEventsClient browserOnB = new UiEventsClient("ws://localhost:" + b + "/ui/events")) {
			// Split: the load balancer sends the TwiML webhook to A and the media WebSocket to B.
			String split = placeAndServeTwiml(a, player);
			String streamSid = "MZ" + "e".repeat(32);
			TwilioPlayer.Stream stream = streamSupportCall(player, b, split, streamSid);
			// Never streams: TwiML served by A, no WebSocket anywhere. Its TwiML came after the split call's.
			String silent = placeAndServeTwiml(a, player);
			// Per-call delivery: a call's diagnostics go only to the browsers following it.
			browserOnB.subscribe(silent);

			browserOnB.await(Duration.ofSeconds(25), "no-stream for the call that never streams",
					(e) -> type("diagnostic", silent).test(e) && Diagnostics.NO_STREAM.equals(e.path("data").path("code").asString()));
			// Both deadlines have passed: let each node's watchdog look at both calls once more, whatever it did so far.
			nodeA.getBean(DiagnosticsWatchdog.class).check();
			nodeB.getBean(DiagnosticsWatchdog.class).check();
			nodeB.getBean(DiagnosticsWatchdog.class).check();
			nodeA.getBean(DiagnosticsWatchdog.class).check();

			CallRepository db = nodeB.getBean(CallRepository.class);
			assertThat(db.diagnostics(split)).extracting(Diagnostic::code).doesNotContain(Diagnostics.NO_STREAM);
			assertThat(db.diagnostics(silent)).extracting(Diagnostic::code).containsOnlyOnce(Diagnostics.NO_STREAM);
			assertThat(db.diagnostics(silent)).filteredOn((d) -> Diagnostics.NO_STREAM.equals(d.code()))
				.singleElement()
				.satisfies((d) -> assertThat(d.message()).contains("ws://localhost:" + a + "/twilio/stream"));
			stream.stop(ACCOUNT, split, streamSid);
			stream.close();
		}
	}

	/** Twilio opens the call's media stream on the node and plays the first 100 frames of the support call. */
	private static TwilioPlayer.Stream streamSupportCall(TwilioPlayer player, int port, String callSid,
			String streamSid) throws Exception {
		TwilioPlayer.Stream stream = player.openStream("ws://localhost:" + port + "/twilio/stream");
		stream.connected();
		stream.start(ACCOUNT, callSid, streamSid, "outbound");
		stream.playBothTracks(streamSid, SharedAudio.scenario("support", "agent.ulaw"),
				SharedAudio.scenario("support", "customer.ulaw"), 100);
		return stream;
	}

	/** {@code /start-call} on the node, then Twilio fetches the TwiML from that node; returns the callSid. */
	private static String placeAndServeTwiml(int port, TwilioPlayer player) throws Exception {
		HttpResponse<String> created = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/start-call"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"+14155550100\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String callSid = JsonMapper.builder().build().readTree(created.body()).get("callSid").asString();
		String outboundUrl = twilio.lastCreate().first("Url");
		assertThat(player.webhook(outboundUrl,
				TwilioPlayer.callFields(ACCOUNT, callSid, "in-progress", "+15005550006", "+15005550001"))
			.statusCode()).isEqualTo(200);
		return callSid;
	}

}
