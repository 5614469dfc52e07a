package com.talkhint.scale;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * The toll-fraud rate limit holds for the cluster, not per node: two TalkHint nodes on the real PostgreSQL
 * with {@code max-per-minute=N} accept N calls between them, even when 2N requests arrive at once spread over
 * both, and refuse the next with 429 naming the rule whichever node gets it.
 */
class TwoNodeCallLimitsTests {

	static final int PER_MINUTE = 4;

	static TwoNodes nodes;

	@BeforeAll
	static void startNodes() throws Exception {
		nodes = new TwoNodes("--talkhint.calls.max-per-minute=" + PER_MINUTE);
	}

	@AfterAll
	static void stopNodes() throws Exception {
		if (nodes != null) {
			nodes.close();
		}
	}

	@Test
	void perMinuteLimitIsSharedByBothNodes() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		int a = TwoNodeTests.port(nodes.a);
		int b = TwoNodeTests.port(nodes.b);
		// 2N requests at once, alternating nodes: whatever the interleaving, N pass in total.
		List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
		for (int i = 0; i < 2 * PER_MINUTE; i++) {
			burst.add(http.sendAsync(startCall((i % 2 == 0) ? a : b), HttpResponse.BodyHandlers.ofString()));
		}
		List<Integer> statuses = new ArrayList<>();
		for (CompletableFuture<HttpResponse<String>> response : burst) {
			statuses.add(response.join().statusCode());
		}
		assertThat(statuses).as("statuses of the burst").filteredOn((s) -> s == 201).hasSize(PER_MINUTE);
		assertThat(statuses).filteredOn((s) -> s == 429).hasSize(PER_MINUTE);
		assertThat(nodes.twilio.creates()).as("calls that reached Twilio").hasSize(PER_MINUTE);

		for (int port : new int[] { a, b }) {
			HttpResponse<String> refused = http.send(startCall(port), HttpResponse.BodyHandlers.ofString());
			assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
			JsonNode body = JsonMapper.builder().build().readTree(refused.body());
			assertThat(body.get("error").asString()).contains(PER_MINUTE + " per minute")
				.contains("talkhint.calls.max-per-minute");
			assertThat(body.get("rule").asString()).isEqualTo("per-minute");
		}
		assertThat(nodes.twilio.creates()).hasSize(PER_MINUTE);
	}

	private static HttpRequest startCall(int port) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/start-call"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"+14155550100\"}"))
			.build();
	}

}
