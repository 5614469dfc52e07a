package com.talkhint.simulator;

/**
 * A refusal of the simulated REST API, rendered as Twilio's error JSON
 * ({@code {code, message, more_info, status}}) so the Twilio SDK raises its usual {@code ApiException}.
 */
public final class TwilioApiException extends RuntimeException {

	private final int status;

	private final int code;

	TwilioApiException(int status, int code, String message) {
		super(message);
		this.status = status;
		this.code = code;
	}

	/** HTTP status. */
	public int status() {
		return this.status;
	}

	/** Twilio error code, documented at {@link #moreInfo()}. */
	public int code() {
		return this.code;
	}

	public String moreInfo() {
		return "https://www.twilio.com/docs/errors/" + this.code;
	}

	/** The body Twilio sends with this error. */
	public Body body() {
		return new Body(this.code, getMessage(), moreInfo(), this.status);
	}

	/** Twilio's REST error document. */
	public record Body(int code, String message, @com.fasterxml.jackson.annotation.JsonProperty("more_info") String moreInfo,
			int status) {
	}

}
