package com.talkhint.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards {@code /start-call}, {@code /api/**} and the actuator (metrics name calls and load) with {@link ApiToken};
 * health stays public for probes, and {@code /api/config} answers without the token but without the numbers and
 * URLs (the page needs it to know that a token is required). Everything else is public or signed by Twilio.
 */
@Component
class ApiTokenFilter extends OncePerRequestFilter {

	private final ApiToken token;

	ApiTokenFilter(ApiToken token) {
		this.token = token;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI();
		return !this.token.required() || !guarded(path);
	}

	static boolean guarded(String path) {
		if (path.equals("/actuator/health") || path.startsWith("/actuator/health/")) {
			return false;
		}
		return path.equals("/start-call") || (path.startsWith("/api/") && !path.equals("/api/config"))
				|| path.equals("/actuator") || path.startsWith("/actuator/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.token.accepts(ApiToken.bearer(request.getHeader(HttpHeaders.AUTHORIZATION)))) {
			chain.doFilter(request, response);
			return;
		}
		response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"talkhint\"");
		response.setContentType("application/json");
		response.getWriter().write("{\"error\":\"Missing or wrong API token: send Authorization: Bearer <TALKHINT_API_TOKEN>\"}");
	}

}
