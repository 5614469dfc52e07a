package com.talkhint.twilio;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;

/**
 * A twilio-java HTTP client that sends every request to a configurable base URL instead of
 * {@code https://api.twilio.com}, keeping path, query, form body, headers and auth. This is how one
 * {@code TwilioRestClient} serves real Twilio, the built-in simulator and test servers alike.
 */
class BaseUrlHttpClient extends HttpClient {

	private final Supplier<String> baseUrl;

	private final HttpClient delegate;

	BaseUrlHttpClient(Supplier<String> baseUrl) {
		this(baseUrl, new NetworkHttpClient());
	}

	BaseUrlHttpClient(Supplier<String> baseUrl, HttpClient delegate) {
		this.baseUrl = baseUrl;
		this.delegate = delegate;
	}

	@Override
	public Response makeRequest(Request request) {
		return this.delegate.makeRequest(rewrite(request, this.baseUrl.get()));
	}

	/** The same request, addressed to {@code base} + the original path. */
	static Request rewrite(Request request, String base) {
		String original = request.constructURL().toString();
		String target = rebase(original, base);
		Request copy = new Request(request.getMethod(), target);
		if (request.getAuthStrategy() != null) {
			copy.setAuth(request.getAuthStrategy());
		}
		else if (request.getUsername() != null) {
			copy.setAuth(request.getUsername(), request.getPassword());
		}
		copy.setContentType(request.getContentType());
		if (request.getBody() != null) {
			copy.setBody(request.getBody());
		}
		copyParams(request.getPostParams(), copy::addPostParam);
		copyParams(request.getHeaderParams(), copy::addHeaderParam);
		if (request.getUserAgentExtensions() != null) {
			copy.setUserAgentExtensions(request.getUserAgentExtensions());
		}
		return copy;
	}

	/** Replaces scheme, host and port of {@code url} by {@code base} (which may carry a path prefix). */
	static String rebase(String url, String base) {
		int schemeEnd = url.indexOf("://");
		int pathStart = url.indexOf('/', schemeEnd + 3);
		String pathAndQuery = (pathStart < 0) ? "/" : url.substring(pathStart);
		String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
		return trimmed + pathAndQuery;
	}

	private static void copyParams(Map<String, List<String>> params, java.util.function.BiConsumer<String, String> sink) {
		if (params == null) {
			return;
		}
		params.forEach((name, values) -> values.forEach((value) -> sink.accept(name, value)));
	}

}
