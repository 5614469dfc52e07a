package com.talkhint.load;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads TalkHint's Micrometer meters from {@code /actuator/metrics/{name}}: one number per meter (the {@code VALUE}
 * of a gauge, the {@code COUNT} of a counter), or {@code null} when this build does not have the meter, so the
 * driver reports what exists (transcription meters appear only once that pipeline is in the build).
 */
final class MetricsClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final String baseUrl;

	private final String bearer;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	MetricsClient(String baseUrl, String bearer) {
		this.baseUrl = baseUrl;
		this.bearer = bearer;
	}

	/** The meter's value, summed over all its series; {@code null} when absent or unreachable. */
	Double value(String name) {
		return value(name, null);
	}

	/** The meter's value for one tag ({@code "track:inbound"}); {@code null} when absent or unreachable. */
	Double value(String name, String tag) {
		String body = get("/actuator/metrics/" + name
				+ ((tag != null) ? "?tag=" + URLEncoder.encode(tag, StandardCharsets.UTF_8) : ""));
		if (body == null) {
			return null;
		}
		try {
			JsonNode measurements = JSON.readTree(body).path("measurements");
			for (String statistic : new String[] { "VALUE", "COUNT", "TOTAL" }) {
				for (JsonNode measurement : measurements) {
					if (statistic.equals(measurement.path("statistic").asString(""))) {
						return measurement.path("value").asDouble();
					}
				}
			}
			return null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/** Every meter in Prometheus's text format ({@code /actuator/prometheus}); {@code null} when unreachable. */
	String prometheus() {
		return get("/actuator/prometheus");
	}

	/** The body of a 200 answer to a GET of {@code path}; {@code null} for anything else. */
	private String get(String path) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path)).timeout(TIMEOUT).GET();
		if (this.bearer != null && !this.bearer.isBlank()) {
			request.header("Authorization", "Bearer " + this.bearer);
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? response.body() : null;
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/** Whether {@code /actuator/health} answers UP. */
	boolean healthy() {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.baseUrl + "/actuator/health"))
			.timeout(Duration.ofSeconds(3))
			.GET()
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200 && response.body().contains("\"UP\"");
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
