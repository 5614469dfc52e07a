package com.talkhint.twilio;

import java.net.URI;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * Works out the URL Twilio uses to reach TalkHint (SPEC: {@code PUBLIC_BASE_URL}, else Replit's domain,
 * else the request's {@code Forwarded}/{@code X-Forwarded-*} headers, else {@code http://localhost:PORT}).
 * Signatures are computed by Twilio over this public URL, never over the proxy-internal one.
 */
@Component
public class PublicUrls {

	public static final String STREAM_PATH = "/twilio/stream";

	private final String configured;

	private final Environment environment;

	public PublicUrls(@Value("${talkhint.public-base-url:}") String configured, Environment environment) {
		this.configured = normalise(configured);
		this.environment = environment;
	}

	/** {@code PUBLIC_BASE_URL} or Replit's domain: a base that does not depend on a request. */
	public String configuredBase() {
		if (this.configured != null) {
			return this.configured;
		}
		String replit = firstDomain(this.environment.getProperty("REPLIT_DEV_DOMAIN"));
		if (replit == null) {
			replit = firstDomain(this.environment.getProperty("REPLIT_DOMAINS"));
		}
		return (replit != null) ? "https://" + replit : null;
	}

	/** True when the base URL comes from configuration rather than from a request. */
	public boolean isConfigured() {
		return configuredBase() != null;
	}

	/** The public base URL as seen through {@code request}'s proxy headers when nothing is configured. */
	public String base(HttpServletRequest request) {
		String base = configuredBase();
		if (base != null) {
			return base;
		}
		if (request == null) {
			return localBase();
		}
		return fromHeaders(request.getHeader("Forwarded"), request.getHeader("X-Forwarded-Proto"),
				request.getHeader("X-Forwarded-Host"), request.getHeader("X-Forwarded-Port"), request.getScheme(),
				request.getHeader(HttpHeaders.HOST));
	}

	/**
	 * Every base URL Twilio may have signed a request with, most likely first: the configured one, then the
	 * one the proxy headers describe. Proxies differ in what they pass on (port, Forwarded vs X-Forwarded-*),
	 * and an HMAC over a URL variant we did not intend is still an HMAC with our secret, so trying a few
	 * variants weakens nothing.
	 */
	public java.util.List<String> candidateBases(HttpServletRequest request) {
		java.util.LinkedHashSet<String> bases = new java.util.LinkedHashSet<>();
		bases.add(base(request));
		if (request != null) {
			bases.add(fromHeaders(request.getHeader("Forwarded"), request.getHeader("X-Forwarded-Proto"),
					request.getHeader("X-Forwarded-Host"), request.getHeader("X-Forwarded-Port"), request.getScheme(),
					request.getHeader(HttpHeaders.HOST)));
		}
		return java.util.List.copyOf(bases);
	}

	/** Same as {@link #candidateBases(HttpServletRequest)} for a WebSocket handshake. */
	public java.util.List<String> candidateBases(ServerHttpRequest request) {
		java.util.LinkedHashSet<String> bases = new java.util.LinkedHashSet<>();
		bases.add(base(request));
		HttpHeaders h = request.getHeaders();
		String scheme = request.getURI().getScheme();
		scheme = "wss".equals(scheme) ? "https" : "ws".equals(scheme) ? "http" : scheme;
		bases.add(fromHeaders(h.getFirst("Forwarded"), h.getFirst("X-Forwarded-Proto"), h.getFirst("X-Forwarded-Host"),
				h.getFirst("X-Forwarded-Port"), scheme, h.getFirst(HttpHeaders.HOST)));
		return java.util.List.copyOf(bases);
	}

	/** Same for a WebSocket handshake request. */
	public String base(ServerHttpRequest request) {
		String base = configuredBase();
		if (base != null) {
			return base;
		}
		HttpHeaders h = request.getHeaders();
		String scheme = request.getURI().getScheme();
		scheme = "wss".equals(scheme) ? "https" : "ws".equals(scheme) ? "http" : scheme;
		return fromHeaders(h.getFirst("Forwarded"), h.getFirst("X-Forwarded-Proto"),
				h.getFirst("X-Forwarded-Host"), h.getFirst("X-Forwarded-Port"), scheme, h.getFirst(HttpHeaders.HOST));
	}

	public String localBase() {
		String port = this.environment.getProperty("local.server.port", this.environment.getProperty("server.port", "8080"));
		return "http://localhost:" + port;
	}

	/** The Media Streams URL for a base: https → wss, http → ws; no query string (Twilio error 31920). */
	public static String streamUrl(String base) {
		return toWebSocketScheme(base) + STREAM_PATH;
	}

	public static String toWebSocketScheme(String base) {
		if (base.startsWith("https://")) {
			return "wss://" + base.substring("https://".length());
		}
		if (base.startsWith("http://")) {
			return "ws://" + base.substring("http://".length());
		}
		return base;
	}

	static String fromHeaders(String forwarded, String xfProto, String xfHost, String xfPort, String scheme,
			String host) {
		String proto = null;
		String fwdHost = null;
		if (forwarded != null && !forwarded.isBlank()) {
			// RFC 7239: first element is the client-facing hop, e.g. "for=1.2.3.4;proto=https;host=example.com"
			String first = forwarded.split(",")[0];
			for (String pair : first.split(";")) {
				String[] kv = pair.trim().split("=", 2);
				if (kv.length == 2) {
					String value = kv[1].trim().replace("\"", "");
					switch (kv[0].trim().toLowerCase(Locale.ROOT)) {
						case "proto" -> proto = value;
						case "host" -> fwdHost = value;
						default -> {
						}
					}
				}
			}
		}
		if (proto == null && xfProto != null && !xfProto.isBlank()) {
			proto = xfProto.split(",")[0].trim();
		}
		if (fwdHost == null && xfHost != null && !xfHost.isBlank()) {
			fwdHost = xfHost.split(",")[0].trim();
		}
		String effectiveScheme = (proto != null) ? proto.toLowerCase(Locale.ROOT) : scheme;
		String effectiveHost = (fwdHost != null) ? fwdHost : host;
		if (fwdHost != null && xfPort != null && !xfPort.isBlank() && !fwdHost.contains(":")) {
			String port = xfPort.split(",")[0].trim();
			boolean defaultPort = ("https".equals(effectiveScheme) && "443".equals(port))
					|| ("http".equals(effectiveScheme) && "80".equals(port));
			if (!defaultPort) {
				effectiveHost = fwdHost + ":" + port;
			}
		}
		return effectiveScheme + "://" + effectiveHost;
	}

	private static String firstDomain(String domains) {
		if (domains == null || domains.isBlank()) {
			return null;
		}
		return domains.split(",")[0].trim();
	}

	private static String normalise(String url) {
		if (url == null || url.isBlank()) {
			return null;
		}
		String trimmed = url.trim();
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		URI.create(trimmed); // fail fast on a malformed PUBLIC_BASE_URL
		return trimmed;
	}

}
