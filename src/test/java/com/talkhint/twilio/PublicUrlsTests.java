package com.talkhint.twilio;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Rebuilding the public base URL from proxy headers (Replit, ngrok and load balancers rewrite them). */
class PublicUrlsTests {

	@Test
	void usesTheHostHeaderWithoutProxyHeaders() {
		assertThat(PublicUrls.fromHeaders(null, null, null, null, "http", "localhost:8080"))
			.isEqualTo("http://localhost:8080");
	}

	@Test
	void prefersXForwardedProtoAndHost() {
		assertThat(PublicUrls.fromHeaders(null, "https", "abc.ngrok.app", null, "http", "127.0.0.1:8080"))
			.isEqualTo("https://abc.ngrok.app");
		assertThat(PublicUrls.fromHeaders(null, "https,http", "abc.ngrok.app, internal", "443", "http", "x"))
			.isEqualTo("https://abc.ngrok.app");
		assertThat(PublicUrls.fromHeaders(null, "https", "abc.example", "8443", "http", "x"))
			.isEqualTo("https://abc.example:8443");
	}

	@Test
	void prefersRfc7239Forwarded() {
		assertThat(PublicUrls.fromHeaders("for=1.2.3.4;proto=https;host=\"talk.example.com\"", "http", "other", null,
				"http", "internal:8080"))
			.isEqualTo("https://talk.example.com");
	}

}
