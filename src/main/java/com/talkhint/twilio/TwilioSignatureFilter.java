package com.talkhint.twilio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.talkhint.call.CallService;
import com.talkhint.call.Diagnostics;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks {@code X-Twilio-Signature} on every {@code /twilio/**} webhook: HMAC over the PUBLIC URL (rebuilt
 * from {@code PUBLIC_BASE_URL} or the forwarded headers, never the proxy-internal one) plus the POST body
 * fields only. Mismatch → 403 and a diagnostic. Off only when no auth token is configured (warned at startup).
 */
@Component
class TwilioSignatureFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(TwilioSignatureFilter.class);

	static final String HEADER = "X-Twilio-Signature";

	private final TwilioSettings settings;

	private final PublicUrls publicUrls;

	private final CallService calls;

	private final Clock clock;

	TwilioSignatureFilter(TwilioSettings settings, PublicUrls publicUrls, CallService calls, Clock clock) {
		this.settings = settings;
		this.publicUrls = publicUrls;
		this.calls = calls;
		this.clock = clock;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI();
		// The media stream's handshake is checked by StreamHandshakeInterceptor (no body, wss URL).
		return !path.startsWith("/twilio/") || path.equals(PublicUrls.STREAM_PATH);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		byte[] body = SignedForm.readBody(request);
		if (body.length > SignedForm.MAX_BODY_BYTES) {
			reject(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "Body too large for a Twilio webhook");
			return;
		}
		boolean form;
		try {
			form = request.getContentType() == null || MediaType.parseMediaType(request.getContentType())
				.isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED);
		}
		catch (org.springframework.http.InvalidMediaTypeException ex) {
			reject(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "Unsupported Content-Type");
			return;
		}
		Map<String, List<String>> fields;
		try {
			fields = form ? SignedForm.parse(new String(body, StandardCharsets.UTF_8)) : Map.of();
		}
		catch (SignedForm.MalformedFormException ex) {
			reject(response, HttpServletResponse.SC_BAD_REQUEST, "Malformed form body");
			return;
		}
		Map<String, String> firstValues = new LinkedHashMap<>();
		fields.forEach((k, v) -> firstValues.put(k, v.get(0)));
		if (this.settings.validatesSignatures()) {
			String url = publicUrl(request);
			String signature = request.getHeader(HEADER);
			if (!valid(request, firstValues, signature)) {
				log.warn("[twilio] Signature mismatch on {} (url used: {}, signature {}) callSid={}", request.getRequestURI(),
						url, (signature == null) ? "missing" : "wrong", firstValues.getOrDefault("CallSid", "-"));
				String callSid = firstValues.get("CallSid");
				this.calls.diagnostic((callSid != null && callSid.matches("CA[0-9a-fA-F]{32}")) ? callSid : null,
						Diagnostics.signatureMismatch(this.clock.instant(), request.getRequestURI(), url),
						Diagnostics.SIGNATURE_MISMATCH);
				reject(response, HttpServletResponse.SC_FORBIDDEN, "Invalid X-Twilio-Signature");
				return;
			}
		}
		SignedForm.CachedBodyRequest wrapped = new SignedForm.CachedBodyRequest(request, body, fields);
		wrapped.setAttribute(SignedForm.ATTRIBUTE, firstValues);
		chain.doFilter(wrapped, response);
	}

	/**
	 * Tries the URLs Twilio may have signed: each candidate base, the path with and without a trailing
	 * slash (proxies add or strip it), the query exactly as sent. twilio-java itself also tries the URL with
	 * and without the default port.
	 */
	private boolean valid(HttpServletRequest request, Map<String, String> fields, String signature) {
		String path = request.getRequestURI();
		String query = (request.getQueryString() != null) ? "?" + request.getQueryString() : "";
		return TwilioSignatures.matches(this.settings.authToken(), this.publicUrls.candidateBases(request),
				(base) -> base + path, query, fields, signature);
	}

	/** The URL Twilio requested: public base + path + the query string exactly as sent. */
	private String publicUrl(HttpServletRequest request) {
		String query = request.getQueryString();
		return this.publicUrls.base(request) + request.getRequestURI() + ((query != null) ? "?" + query : "");
	}

	private static void reject(HttpServletResponse response, int status, String message) throws IOException {
		response.setStatus(status);
		response.setContentType("application/json");
		response.getWriter().write("{\"error\":\"" + message + "\"}");
	}

}
