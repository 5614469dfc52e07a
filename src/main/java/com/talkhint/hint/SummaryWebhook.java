package com.talkhint.hint;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * POSTs a finished call (call fields, transcript, hints, summary) as JSON to a user's URL
 * ({@code talkhint.hints.summary-webhook-url}), e.g. to file it in a CRM. Fire and forget on its own thread:
 * the outcome is one log line, and a failing endpoint never touches the stored call.
 */
public final class SummaryWebhook implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(SummaryWebhook.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final URI url;

	private final JsonMapper json;

	private final ThreadPoolTaskExecutor executor;

	private final HttpClient http;

	public SummaryWebhook(String url, JsonMapper json) {
		this.url = URI.create(url.trim());
		if (!"http".equals(this.url.getScheme()) && !"https".equals(this.url.getScheme())) {
			throw new IllegalArgumentException(
					"talkhint.hints.summary-webhook-url must be an http(s) URL, was '" + url + "'");
		}
		this.json = json;
		// One daemon thread for the HTTP client: summaries go out one call at a time, in the order calls end.
		this.executor = new ThreadPoolTaskExecutor();
		this.executor.setThreadNamePrefix("talkhint-summary-webhook-");
		this.executor.setCorePoolSize(1);
		this.executor.setMaxPoolSize(1);
		this.executor.setDaemon(true);
		this.executor.setWaitForTasksToCompleteOnShutdown(false);
		this.executor.initialize();
		this.http = HttpClient.newBuilder().executor(this.executor).connectTimeout(TIMEOUT).build();
	}

	/** Sends the call; completes with the HTTP status, or -1 when it could not be delivered. */
	CompletableFuture<Integer> post(String callSid, FinishedCall call) {
		String body;
		try {
			body = this.json.writeValueAsString(call);
		}
		catch (JacksonException ex) {
			log.warn("[hints] summary webhook for {} skipped: {}", callSid, ex.getMessage());
			return CompletableFuture.completedFuture(-1);
		}
		HttpRequest request = HttpRequest.newBuilder(this.url)
			.timeout(TIMEOUT)
			.header("Content-Type", "application/json")
			.header("User-Agent", "TalkHint")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return this.http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(response -> {
			if (response.statusCode() / 100 == 2) {
				log.info("[hints] summary webhook for {} delivered: HTTP {}", callSid, response.statusCode());
			}
			else {
				log.warn("[hints] summary webhook {} refused {}: HTTP {}", this.url.getHost(), callSid,
						response.statusCode());
			}
			return response.statusCode();
		}).exceptionally(ex -> {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			log.warn("[hints] summary webhook {} unreachable for {}: {}", this.url.getHost(), callSid, cause.toString());
			return -1;
		});
	}

	@Override
	public void close() {
		this.executor.shutdown();
	}

}
