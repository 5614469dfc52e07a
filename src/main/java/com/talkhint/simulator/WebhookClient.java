package com.talkhint.simulator;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Sends Twilio's webhooks: form-encoded POST (or GET with the fields in the query string) signed with
 * {@code X-Twilio-Signature}, Twilio's {@code User-Agent}, and Twilio's 15 s limit.
 */
final class WebhookClient {

	private final HttpClient http;

	private final TwilioSignature signature;

	private final Duration timeout;

	WebhookClient(HttpClient http, TwilioSignature signature, Duration timeout) {
		this.http = http;
		this.signature = signature;
		this.timeout = timeout;
	}

	/**
	 * Sends {@code params} to {@code url}; {@code method} is POST unless it says GET.
	 * @return the response, or a failed future on connection errors and timeouts
	 */
	CompletableFuture<HttpResponse<String>> send(String method, String url, Map<String, String> params, Route route) {
		try {
			return sendChecked(method, url, params, route);
		}
		catch (IllegalArgumentException ex) {
			return CompletableFuture.failedFuture(new IllegalArgumentException("not a valid URL: " + url, ex));
		}
	}

	private CompletableFuture<HttpResponse<String>> sendChecked(String method, String url, Map<String, String> params,
			Route route) {
		boolean get = "GET".equalsIgnoreCase(method);
		String form = encode(params);
		// GET: Twilio appends the fields to the URL and signs that full URL with no POST fields.
		String target = get ? url + (url.contains("?") ? "&" : "?") + form : url;
		String signed = this.signature.sign(target, get ? Map.of() : params);
		URI connectTo = route.connect(target);
		HttpRequest.Builder request = HttpRequest.newBuilder(connectTo)
			.timeout(this.timeout)
			.header("X-Twilio-Signature", signed)
			.header("User-Agent", "TwilioProxy/1.1")
			.header("Accept", "*/*");
		route.forwardedHeaders(target).forEach(request::header);
		if (get) {
			request.GET();
		}
		else {
			request.header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
				.POST(HttpRequest.BodyPublishers.ofString(form));
		}
		return this.http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String encode(Map<String, String> params) {
		return params.entrySet()
			.stream()
			.map((field) -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

}
