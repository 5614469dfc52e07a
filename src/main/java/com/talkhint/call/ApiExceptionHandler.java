package com.talkhint.call;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Turns every API failure into a JSON {@code {"error": …}} with the right status, never a stack trace. */
@RestControllerAdvice
class ApiExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(ApiError.class)
	ResponseEntity<Map<String, Object>> apiError(ApiError error) {
		return error.toResponse();
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException ex) {
		return ResponseEntity.badRequest().body(Map.of("error", "Malformed request body: expected JSON or form fields"));
	}

	/** {@code ?limit=abc}: the client's mistake, said plainly (it was a 500 with a stack trace in the log). */
	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<Map<String, Object>> badParameter(MethodArgumentTypeMismatchException ex) {
		String expected = (ex.getRequiredType() != null) ? ex.getRequiredType().getSimpleName() : "another type";
		String given = String.valueOf(ex.getValue());
		return ResponseEntity.badRequest()
			.body(Map.of("error", "Parameter '" + ex.getName() + "' must be " + article(expected) + ", got '"
					+ ((given.length() > 40) ? given.substring(0, 40) + "…" : given) + "'"));
	}

	@ExceptionHandler(MissingServletRequestParameterException.class)
	ResponseEntity<Map<String, Object>> missingParameter(MissingServletRequestParameterException ex) {
		return ResponseEntity.badRequest().body(Map.of("error", "Parameter '" + ex.getParameterName() + "' is required"));
	}

	private static String article(String type) {
		return switch (type) {
			case "int", "Integer", "long", "Long" -> "a whole number";
			case "double", "Double" -> "a number";
			case "boolean", "Boolean" -> "true or false";
			default -> "a " + type;
		};
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException ex) {
		return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.body(Map.of("error", "Unsupported Content-Type; send application/json or application/x-www-form-urlencoded"));
	}

	/**
	 * A Content-Type that does not parse ({@code garbage}, {@code application/json; charset=bogus}): the client's
	 * mistake, thrown before any controller runs (it was a 500).
	 */
	@ExceptionHandler(InvalidMediaTypeException.class)
	ResponseEntity<Map<String, Object>> invalidMediaType(InvalidMediaTypeException ex) {
		String given = ex.getMediaType();
		return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.body(Map.of("error", "Content-Type '" + ((given.length() > 60) ? given.substring(0, 60) + "…" : given)
					+ "' is not a valid media type; send application/json or application/x-www-form-urlencoded"));
	}

	/** A multipart body Tomcat cannot read (no boundary, cut short): the client's mistake (it was a 500). */
	@ExceptionHandler(MultipartException.class)
	ResponseEntity<Map<String, Object>> badMultipart(MultipartException ex) {
		return ResponseEntity.badRequest()
			.body(Map.of("error", "Malformed multipart body; send application/json or application/x-www-form-urlencoded"));
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException ex) {
		return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).body(Map.of("error", ex.getMessage()));
	}

	@ExceptionHandler(NoResourceFoundException.class)
	ResponseEntity<Map<String, Object>> notFound(NoResourceFoundException ex) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "Not found"));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Map<String, Object>> unexpected(Exception ex) {
		log.error("[api] unexpected error", ex);
		return ResponseEntity.internalServerError().body(Map.of("error", "Internal error: " + ex.getClass().getSimpleName()));
	}

}
