package com.talkhint.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies before anything reads them: {@code /start-call} and Twilio's webhooks carry a few hundred
 * bytes, other API calls a line or a few kB, the playbook editor the whole playbook file (about 20 kB as shipped, since
 * the training sentences moved to {@code hints/meaning-examples.yml}; a copy made before that carries them, 1 MB,
 * and any copy grows with the agents' feedback). A larger body is a 413 with a JSON error,
 * whether it announces its length or streams it chunked (then it is read here, never past the cap); nothing is
 * placed or stored.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestBodyLimitFilter extends OncePerRequestFilter {

	/** Small requests: a call to place, a webhook from Twilio. */
	static final long SMALL_BODY_BYTES = 64 * 1024;

	/**
	 * The playbook editor's validate and save calls: the whole file, JSON-escaped. As large as a playbook may be
	 * ({@code PlaybookYaml.MAX_CHARS} characters), so the editor never meets a limit the file itself does not have.
	 */
	static final long PLAYBOOK_BODY_BYTES = 16L * 1024 * 1024;

	private final long maxBytes;

	RequestBodyLimitFilter(@Value("${talkhint.max-request-body:1MB}") DataSize maxBody) {
		this.maxBytes = maxBody.toBytes();
	}

	long limitFor(String path) {
		if (path.equals("/start-call") || path.startsWith("/twilio/")) {
			return Math.min(SMALL_BODY_BYTES, this.maxBytes);
		}
		return (path.equals("/api/playbook") || path.equals("/api/playbook/validate"))
				? Math.max(PLAYBOOK_BODY_BYTES, this.maxBytes) : this.maxBytes;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long limit = limitFor(request.getRequestURI());
		long declared = request.getContentLengthLong();
		if (declared > limit) {
			tooLarge(response, limit);
			return;
		}
		if (declared >= 0 || isForm(request.getContentType())) {
			// A declared length was checked; a chunked form is capped by Tomcat (server.tomcat.max-http-form-post-size).
			chain.doFilter(request, response);
			return;
		}
		// Chunked: read it here, at most one byte past the cap, so no handler ever sees a partial body.
		byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
		if (body.length > limit) {
			tooLarge(response, limit);
			return;
		}
		chain.doFilter(new CachedBodyRequest(request, body), response);
	}

	private static boolean isForm(String contentType) {
		return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
	}

	private static void tooLarge(HttpServletResponse response, long limit) throws IOException {
		response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
		response.setContentType("application/json");
		response.setHeader("Connection", "close");
		response.getWriter().write("{\"error\":\"Request body too large: at most " + limit + " bytes are accepted here\"}");
	}

	/** A request whose body was already read (and found small enough). */
	private static final class CachedBodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		CachedBodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

		@Override
		public ServletInputStream getInputStream() {
			java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
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
					throw new UnsupportedOperationException("blocking reads only");
				}
			};
		}

		@Override
		public java.io.BufferedReader getReader() {
			String encoding = (getCharacterEncoding() != null) ? getCharacterEncoding() : "UTF-8";
			return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), java.nio.charset.Charset.forName(encoding)));
		}

	}

}
