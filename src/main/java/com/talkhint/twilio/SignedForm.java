package com.talkhint.twilio;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * The POST body fields of a Twilio webhook, parsed from the raw body. Twilio signs the URL plus the body
 * fields only; Spring's {@code getParameterMap()} merges query parameters in and would break the match
 * (SPEC trap), so the signature filter parses the body itself and keeps the result here.
 */
final class SignedForm {

	static final String ATTRIBUTE = SignedForm.class.getName();

	/** Twilio's bodies are a few kB; anything larger is not Twilio. */
	static final int MAX_BODY_BYTES = 64 * 1024;

	private SignedForm() {
	}

	/** Body fields of a request that went through the filter (first value of each name). */
	@SuppressWarnings("unchecked")
	static Map<String, String> fields(HttpServletRequest request) {
		Object fields = request.getAttribute(ATTRIBUTE);
		if (fields instanceof Map<?, ?> map) {
			return (Map<String, String>) map;
		}
		Map<String, String> fallback = new LinkedHashMap<>();
		request.getParameterMap().forEach((k, v) -> fallback.put(k, (v.length > 0) ? v[0] : ""));
		return fallback;
	}

	/** Parses {@code application/x-www-form-urlencoded}, keeping every value of repeated names. */
	static Map<String, List<String>> parse(String body) {
		Map<String, List<String>> fields = new LinkedHashMap<>();
		if (body == null || body.isEmpty()) {
			return fields;
		}
		for (String pair : body.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String name = decode((eq < 0) ? pair : pair.substring(0, eq));
			String value = (eq < 0) ? "" : decode(pair.substring(eq + 1));
			fields.computeIfAbsent(name, (k) -> new java.util.ArrayList<>()).add(value);
		}
		return fields;
	}

	private static String decode(String value) {
		try {
			return URLDecoder.decode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new MalformedFormException("bad percent-encoding in the form body");
		}
	}

	/** A body that is not valid {@code application/x-www-form-urlencoded}: Twilio never sends one. */
	static final class MalformedFormException extends RuntimeException {

		MalformedFormException(String message) {
			super(message);
		}

	}

	/** The request with its body already read: serves the body again and answers parameters from body + query. */
	static final class CachedBodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		private final Map<String, String[]> parameters;

		CachedBodyRequest(HttpServletRequest request, byte[] body, Map<String, List<String>> bodyFields) {
			super(request);
			this.body = body;
			Map<String, List<String>> merged = new LinkedHashMap<>();
			parse(request.getQueryString()).forEach((k, v) -> merged.computeIfAbsent(k, (x) -> new java.util.ArrayList<>()).addAll(v));
			bodyFields.forEach((k, v) -> merged.computeIfAbsent(k, (x) -> new java.util.ArrayList<>()).addAll(v));
			Map<String, String[]> params = new LinkedHashMap<>();
			merged.forEach((k, v) -> params.put(k, v.toArray(String[]::new)));
			this.parameters = Collections.unmodifiableMap(params);
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {
				@Override
				public int read() {
					return in.read();
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("synchronous only");
				}
			};
		}

		@Override
		public String getParameter(String name) {
			String[] values = this.parameters.get(name);
			return (values != null && values.length > 0) ? values[0] : null;
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			return this.parameters;
		}

		@Override
		public Enumeration<String> getParameterNames() {
			return Collections.enumeration(this.parameters.keySet());
		}

		@Override
		public String[] getParameterValues(String name) {
			return this.parameters.get(name);
		}

	}

	static byte[] readBody(HttpServletRequest request) throws IOException {
		byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
		return body;
	}

}
