package com.talkhint.hint;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.talkhint.audio.Speaker;
import com.talkhint.transcription.TranscriptSegment;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The LLM source against a real HTTP server that speaks (and polices) the chat completions protocol. */
class LlmSuggestionSourceTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final List<TranscriptSegment> RECENT = List.of(
			new TranscriptSegment(Speaker.AGENT, "how is the trial going", 0, 2_000),
			new TranscriptSegment(Speaker.CUSTOMER, "the price is too high for a team of our size", 2_500, 6_000));

	private static final String COMPLETION = """
			{"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"test-model",
			 "choices":[{"index":0,"message":{"role":"assistant","content":"  Ask what budget they had in mind.  "},
			 "finish_reason":"stop"}],"usage":{"prompt_tokens":50,"completion_tokens":9,"total_tokens":59}}""";

	@Test
	void speaksTheChatCompletionsProtocol() throws Exception {
		try (ChatServer server = new ChatServer(LlmSuggestionSourceTests::strictOpenAi);
				LlmSuggestionSource llm = new LlmSuggestionSource(server.baseUrl(), "sk-test", "test-model",
						Duration.ofSeconds(5), json)) {
			Optional<String> suggestion = llm.suggest("CA1", RECENT).get(10, TimeUnit.SECONDS);

			assertThat(suggestion).contains("Ask what budget they had in mind.");
			ChatServer.Request request = server.requests.get(0);
			JsonNode body = json.readTree(request.body());
			assertThat(body.path("model").asString()).isEqualTo("test-model");
			assertThat(body.path("messages").path(0).path("role").asString()).isEqualTo("system");
			assertThat(body.path("messages").path(1).path("content").asString())
				.isEqualTo("agent: how is the trial going\ncustomer: the price is too high for a team of our size\n");
		}
	}

	@Test
	void baseUrlWithOrWithoutV1() {
		assertThat(LlmSuggestionSource.endpoint("http://h:1")).hasToString("http://h:1/v1/chat/completions");
		assertThat(LlmSuggestionSource.endpoint("http://h:1/v1/")).hasToString("http://h:1/v1/chat/completions");
		assertThat(LlmSuggestionSource.endpoint("http://h:1/openai/v1/chat/completions"))
			.hasToString("http://h:1/openai/v1/chat/completions");
	}

	@Test
	void aSlowServerIsCutOffAtTheDeadline() throws Exception {
		try (ChatServer server = new ChatServer(request -> {
			serverStall.get().stall();
			return new ChatServer.Response(200, COMPLETION);
		}); LlmSuggestionSource llm = new LlmSuggestionSource(server.baseUrl() + "/v1", "", "m",
				Duration.ofMillis(300), json)) {
			serverStall.set(server);
			long started = System.nanoTime();
			Optional<String> suggestion = llm.suggest("CA1", RECENT).get(5, TimeUnit.SECONDS);
			long tookMs = (System.nanoTime() - started) / 1_000_000;

			assertThat(suggestion).isEmpty();
			assertThat(tookMs).isBetween(250L, 2_000L);
			assertThat(server.requests).hasSize(1);
			assertThat(server.requests.get(0).authorization()).as("no key, no header").isNull();
		}
	}

	@Test
	void anErrorOrAnEmptyAnswerIsNoSuggestion() throws Exception {
		try (ChatServer server = new ChatServer(request -> request.body().contains("overload")
				? new ChatServer.Response(503, "{\"error\":{\"message\":\"model overloaded\",\"type\":\"server_error\"}}")
				: new ChatServer.Response(200, COMPLETION.replace("  Ask what budget they had in mind.  ", "NONE")));
				LlmSuggestionSource llm = new LlmSuggestionSource(server.baseUrl(), "k", "m", Duration.ofSeconds(5),
						json)) {
			List<TranscriptSegment> overload = List.of(new TranscriptSegment(Speaker.CUSTOMER, "overload", 0, 1));
			assertThat(llm.suggest("CA1", overload).get(10, TimeUnit.SECONDS)).isEmpty();
			assertThat(llm.suggest("CA1", RECENT).get(10, TimeUnit.SECONDS)).isEmpty();
			assertThat(server.requests).hasSize(2);
		}
	}

	@Test
	void anUnreachableServerIsNoSuggestion() throws Exception {
		ChatServer gone = new ChatServer(request -> new ChatServer.Response(200, COMPLETION));
		String url = gone.baseUrl();
		gone.close();
		try (LlmSuggestionSource llm = new LlmSuggestionSource(url, "k", "m", Duration.ofSeconds(2), json)) {
			assertThat(llm.suggest("CA1", RECENT).get(10, TimeUnit.SECONDS)).isEmpty();
		}
	}

	private final java.util.concurrent.atomic.AtomicReference<ChatServer> serverStall = new java.util.concurrent.atomic.AtomicReference<>();

	/** Answers like an OpenAI-compatible server, and refuses requests a real one would refuse. */
	private static ChatServer.Response strictOpenAi(ChatServer.Request request) {
		if (!request.method().equals("POST") || !request.path().equals("/v1/chat/completions")) {
			return new ChatServer.Response(404, "{\"error\":{\"message\":\"no route " + request.path() + "\"}}");
		}
		if (!"Bearer sk-test".equals(request.authorization())) {
			return new ChatServer.Response(401, "{\"error\":{\"message\":\"Incorrect API key provided\"}}");
		}
		JsonNode body = json.readTree(request.body());
		if (!request.contentType().startsWith("application/json") || !body.path("model").isString()
				|| !body.path("messages").isArray() || body.path("messages").isEmpty()) {
			return new ChatServer.Response(400, "{\"error\":{\"message\":\"model and messages are required\"}}");
		}
		return new ChatServer.Response(200, COMPLETION);
	}

}
