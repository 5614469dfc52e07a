package com.talkhint.call;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** An API failure with the status and the {@code {"error": …}} body SPEC promises. */
public class ApiError extends RuntimeException {

	private final HttpStatus status;

	private final Map<String, Object> extra;

	public ApiError(HttpStatus status, String message) {
		this(status, message, Map.of());
	}

	public ApiError(HttpStatus status, String message, Map<String, Object> extra) {
		super(message);
		this.status = status;
		this.extra = extra;
	}

	public HttpStatus status() {
		return this.status;
	}

	public ResponseEntity<Map<String, Object>> toResponse() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", getMessage());
		body.putAll(this.extra);
		return ResponseEntity.status(this.status).body(body);
	}

}
