package com.talkhint.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A running node's health, as the tests that abuse it check it afterwards. */
public final class NodeHealth {

	private NodeHealth() {
	}

	/**
	 * Asserts {@code /actuator/health} is UP. A node reports itself out of service for the few seconds its startup
	 * warm-up takes (system.WarmUpConfiguration), so this first waits (bounded) for its readiness, which nothing
	 * but that warm-up holds back once the context has started.
	 */
	public static void assertUp(String baseUrl) {
		HttpClient http = HttpClient.newHttpClient();
		await("readiness after the startup warm-up").atMost(Duration.ofMinutes(2))
			.until(() -> get(http, baseUrl + "/actuator/health/readiness").statusCode() == 200);
		HttpResponse<String> health = get(http, baseUrl + "/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"UP\"");
	}

	private static HttpResponse<String> get(HttpClient http, String url) {
		try {
			return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
