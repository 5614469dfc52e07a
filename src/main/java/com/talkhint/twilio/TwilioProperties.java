package com.talkhint.twilio;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Twilio settings, bound from the environment in {@code application.yml} ({@code TWILIO_ACCOUNT_SID},
 * {@code TWILIO_AUTH_TOKEN}, {@code TWILIO_PHONE_NUMBER}, {@code AGENT_PHONE_NUMBER},
 * {@code TWILIO_API_BASE_URL}). Blank values mean "not set". Use {@link TwilioSettings} for the
 * effective values, which fill in the simulator's when no account is configured.
 */
@ConfigurationProperties("talkhint.twilio")
public record TwilioProperties(String accountSid, String authToken, String phoneNumber, String agentPhoneNumber,
		String apiBaseUrl) {

	public boolean hasAccount() {
		return this.accountSid != null && !this.accountSid.isBlank();
	}

}
