package com.talkhint.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** Guards {@code /start-call} and {@code /api/**} with {@link ApiToken}; everything else is public or signed. */
@Component
class ApiTokenFilter extends OncePerRequestFilter {

	private final ApiToken token;

	ApiTokenFilter(ApiToken token) {
		this.token = token;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI();
		return !this.token.required() || !(path.equals("/start-call") || path.startsWith("/api/"))
				|| path.equals("/api/config");
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
