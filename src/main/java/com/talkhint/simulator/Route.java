package com.talkhint.simulator;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where the simulator actually connects for a URL the app gave it. URLs on the app's public origin (learned
 * from the create request) go to this server's local address, so a {@code wss://public-host} stream or an
 * {@code https} webhook works offline; the signature still covers the URL as written, as Twilio signs it.
 */
record Route(Set<String> publicOrigins, URI localBase) {

	static final Route DIRECT = new Route(Set.of(), null);

	/** The origin key of {@code url}: "secure|host|port", so {@code https} and {@code wss} on one host match. */
	static String origin(String url) {
		try {
			URI uri = new URI(url);
			if (uri.getScheme() == null || uri.getHost() == null) {
				return null;
			}
			boolean secure = switch (uri.getScheme().toLowerCase(Locale.ROOT)) {
				case "https", "wss" -> true;
				default -> false;
			};
			int port = (uri.getPort() != -1) ? uri.getPort() : (secure ? 443 : 80);
			return secure + "|" + uri.getHost().toLowerCase(Locale.ROOT) + "|" + port;
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	/**
	 * Headers a reverse proxy in front of the app would add when {@code url} is routed to the local server, so
	 * the app rebuilds the public URL Twilio signed ({@code X-Forwarded-Proto}/{@code -Host}); none otherwise.
	 */
	Map<String, String> forwardedHeaders(String url) {
		if (this.localBase == null || !this.publicOrigins.contains(origin(url))) {
			return Map.of();
		}
		URI uri = URI.create(url);
		boolean secure = origin(url).startsWith("true|");
		String host = (uri.getPort() != -1) ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
		return Map.of("X-Forwarded-Proto", secure ? "https" : "http", "X-Forwarded-Host", host);
	}

	/** The address to connect to for {@code url} ({@code http(s)} or {@code ws(s)}). */
	URI connect(String url) {
		URI uri = URI.create(url);
		if (this.localBase == null || !this.publicOrigins.contains(origin(url))) {
			return uri;
		}
		boolean webSocket = uri.getScheme().toLowerCase(Locale.ROOT).startsWith("ws");
		boolean localSecure = "https".equalsIgnoreCase(this.localBase.getScheme());
		String scheme = webSocket ? (localSecure ? "wss" : "ws") : (localSecure ? "https" : "http");
		String path = (uri.getRawPath() != null) ? uri.getRawPath() : "";
		String query = (uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "";
		return URI.create(scheme + "://" + this.localBase.getRawAuthority() + path + query);
	}

}
