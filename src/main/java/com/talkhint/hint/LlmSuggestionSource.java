package com.talkhint.hint;

import com.talkhint.event.Hint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.talkhint.transcription.TranscriptSegment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Optional free-text suggestions from any OpenAI-compatible {@code POST /v1/chat/completions} endpoint. Runs
 * on its own threads with a hard deadline and answers "no suggestion" on any failure, so a slow or broken
 * model never delays or breaks the rule-based hints. The API key goes only into the Authorization header,
 * never into a log line.
 */
public final class LlmSuggestionSource implements AutoCloseable {

	/** Hint id of LLM suggestions (kind {@code coaching}). */
	public static final String HINT_ID = "llm-suggestion";

	private static final Logger log = LoggerFactory.getLogger(LlmSuggestionSource.class);

	private static final String SYSTEM_PROMPT = """
			You coach a sales or support agent during a live phone call. You see the latest lines of the \
			transcript (from speech recognition, so expect mistakes). Reply with ONE short suggestion (max 25 \
			words) of what the agent could say or do next, addressed to the agent. No preamble, no quotes. If \
			nothing useful comes to mind, reply with exactly: NONE""";

	private final URI endpoint;

	private final String apiKey;

	private final String model;

	private final Duration deadline;

	private final JsonMapper json;

	private final ThreadPoolTaskExecutor executor;

	private final HttpClient http;

	/**
	 * @param baseUrl the server, with or without a trailing {@code /v1} (both conventions are common)
	 * @param apiKey sent as a bearer token; blank for servers without auth
	 * @param model the {@code model} field
	 * @param deadline a suggestion later than this is dropped
	 */
	public LlmSuggestionSource(String baseUrl, String apiKey, String model, Duration deadline, JsonMapper json) {
		this.endpoint = endpoint(baseUrl);
		this.apiKey = (apiKey != null) ? apiKey.trim() : "";
		this.model = model;
		this.deadline = deadline;
		this.json = json;
		// The HTTP client's own threads: two, daemon, so a slow model server never holds the JVM at exit.
		this.executor = new ThreadPoolTaskExecutor();
		this.executor.setThreadNamePrefix("talkhint-llm-");
		this.executor.setCorePoolSize(2);
		this.executor.setMaxPoolSize(2);
		this.executor.setDaemon(true);
		this.executor.setWaitForTasksToCompleteOnShutdown(false);
		this.executor.initialize();
		this.http = HttpClient.newBuilder().executor(this.executor).connectTimeout(deadline).build();
	}

	static URI endpoint(String baseUrl) {
		String base = baseUrl.trim().replaceAll("/+$", "");
		if (base.endsWith("/chat/completions")) {
			return URI.create(base);
		}
		return URI.create(base.endsWith("/v1") ? base + "/chat/completions" : base + "/v1/chat/completions");
	}

	public URI endpoint() {
		return this.endpoint;
	}

	/**
	 * Asks for a suggestion given the recent transcript. Completes within the deadline, with empty when the
	 * server is slow, fails, or has nothing to say; never completes exceptionally.
	 */
	public CompletableFuture<Optional<String>> suggest(String callSid, List<TranscriptSegment> recent) {
		String body;
		try {
			body = this.json.writeValueAsString(requestBody(recent));
		}
		catch (JacksonException ex) {
			return CompletableFuture.completedFuture(Optional.empty());
		}
		HttpRequest.Builder request = HttpRequest.newBuilder(this.endpoint)
			.timeout(this.deadline)
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (!this.apiKey.isEmpty()) {
			request.header("Authorization", "Bearer " + this.apiKey);
		}
		CompletableFuture<HttpResponse<String>> call = this.http.sendAsync(request.build(),
				HttpResponse.BodyHandlers.ofString());
		return call.thenApply(response -> answer(callSid, response))
			.orTimeout(this.deadline.toMillis(), TimeUnit.MILLISECONDS)
			.exceptionally(ex -> {
				Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
				if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
					log.warn("[hints] LLM suggestion for {} dropped: no answer within {} ms", callSid,
							this.deadline.toMillis());
				}
				else {
					log.warn("[hints] LLM suggestion for {} failed: {}", callSid, cause.toString());
				}
				return Optional.empty();
			})
			.whenComplete((result, ex) -> call.cancel(true)); // a late answer is dropped, not waited for
	}

	private Map<String, Object> requestBody(List<TranscriptSegment> recent) {
		StringBuilder transcript = new StringBuilder();
		for (TranscriptSegment s : recent) {
			transcript.append(s.speaker().wireName()).append(": ").append(s.text()).append('\n');
		}
		List<Map<String, String>> messages = new ArrayList<>();
		messages.add(Map.of("role", "system", "content", SYSTEM_PROMPT));
		messages.add(Map.of("role", "user", "content", transcript.toString()));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("model", this.model);
		body.put("messages", messages);
		body.put("max_tokens", 80);
		body.put("temperature", 0.3);
		body.put("stream", false);
		return body;
	}

	private Optional<String> answer(String callSid, HttpResponse<String> response) {
		if (response.statusCode() != 200) {
			log.warn("[hints] LLM endpoint {} answered HTTP {} for {}: {}", this.endpoint, response.statusCode(),
					callSid, abbreviate(response.body()));
			return Optional.empty();
		}
		try {
			JsonNode content = this.json.readTree(response.body())
				.path("choices")
				.path(0)
				.path("message")
				.path("content");
			String text = content.isString() ? content.asString().trim() : "";
			if (text.isEmpty() || text.equalsIgnoreCase("NONE")) {
				return Optional.empty();
			}
			return Optional.of((text.length() > 400) ? text.substring(0, 400) + "…" : text);
		}
		catch (JacksonException ex) {
			log.warn("[hints] LLM endpoint {} sent no chat completion JSON for {}: {}", this.endpoint, callSid,
					abbreviate(response.body()));
			return Optional.empty();
		}
	}

	private static String abbreviate(String body) {
		String oneLine = (body == null) ? "" : body.replaceAll("\\s+", " ");
		return (oneLine.length() > 200) ? oneLine.substring(0, 200) + "…" : oneLine;
	}

	@Override
	public void close() {
		this.executor.shutdown(); // not waiting: a suggestion still on its way is dropped, as after its deadline
	}

}
