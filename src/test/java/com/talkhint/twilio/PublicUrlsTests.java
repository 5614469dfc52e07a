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

	@Test
	void forwardedHostMayCarryAPortAndIpv6() {
		assertThat(PublicUrls.fromHeaders("proto=https;host=talk.example.com:8443", null, null, null, "http", "internal"))
			.isEqualTo("https://talk.example.com:8443");
		assertThat(PublicUrls.fromHeaders("for=1.2.3.4;proto=http;host=\"[2001:db8::1]:8080\", for=5.6.7.8", null, null,
				null, "http", "internal"))
			.isEqualTo("http://[2001:db8::1]:8080");
	}

	/*
	 * Cases where Spring's ForwardedHeaderUtils (what server.forward-headers-strategy=framework applies) rebuilds
	 * another URL than this class: a signature that validates today would fail, so the hand parsing stays.
	 */

	@Test
	void forwardedWithoutProtoOrHostStillLetsXForwardedHeadersSpeak() {
		// A chain where one hop appends only "Forwarded: for=…" and another set X-Forwarded-*. Spring reads the
		// Forwarded header alone once it is present and would give http://internal:8080.
		assertThat(PublicUrls.fromHeaders("for=1.2.3.4", "https", "talk.example.com", null, "http", "internal:8080"))
			.isEqualTo("https://talk.example.com");
	}

	@Test
	void keepsThePortOfAPassedThroughHostWhenOnlyTheProtoIsForwarded() {
		// A proxy on a non-default public port that passes Host through and adds only X-Forwarded-Proto. Spring
		// resets the port whenever the scheme is forwarded and would give https://pub.example.
		assertThat(PublicUrls.fromHeaders(null, "https", null, null, "http", "pub.example:8443"))
			.isEqualTo("https://pub.example:8443");
	}

}
