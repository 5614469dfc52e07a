package com.talkhint.twilio;

import java.security.SecureRandom;
import java.util.HexFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The effective Twilio settings. With {@code TWILIO_ACCOUNT_SID} set they are the user's; without it
 * TalkHint runs in simulator mode: a fixed simulator account, a random auth token made at startup (so
 * every webhook and handshake signature is really computed and checked), and test numbers.
 */
@Component
public class TwilioSettings {

	private static final Logger log = LoggerFactory.getLogger(TwilioSettings.class);

	/** Account sid the built-in simulator answers to: {@code AC} + 32 hex digits, like a real one. */
	public static final String SIMULATOR_ACCOUNT_SID = "AC" + "5170".repeat(8);

	/** Twilio's "valid" magic test number, used as caller ID in simulator mode. */
	public static final String SIMULATOR_TWILIO_NUMBER = "+15005550006";

	/** The agent's phone in simulator mode. */
	public static final String SIMULATOR_AGENT_NUMBER = "+15005550001";

	private final boolean simulator;

	private final String accountSid;

	private final String authToken;

	private final String phoneNumber;

	private final String agentNumber;

	private final String apiBaseUrl;

	public TwilioSettings(TwilioProperties properties) {
		this.simulator = !properties.hasAccount();
		if (this.simulator) {
			byte[] token = new byte[16];
			new SecureRandom().nextBytes(token);
			this.accountSid = SIMULATOR_ACCOUNT_SID;
			this.authToken = HexFormat.of().formatHex(token);
			this.phoneNumber = orDefault(properties.phoneNumber(), SIMULATOR_TWILIO_NUMBER);
			this.agentNumber = orDefault(properties.agentPhoneNumber(), SIMULATOR_AGENT_NUMBER);
			this.apiBaseUrl = blankToNull(properties.apiBaseUrl());
			log.info("[twilio] No TWILIO_ACCOUNT_SID: simulator mode. Calls are answered by the built-in Twilio "
					+ "simulator; set TWILIO_* to place real calls");
		}
		else {
			this.accountSid = properties.accountSid().trim();
			this.authToken = blankToNull(properties.authToken());
			this.phoneNumber = blankToNull(properties.phoneNumber());
			this.agentNumber = blankToNull(properties.agentPhoneNumber());
			this.apiBaseUrl = orDefault(properties.apiBaseUrl(), "https://api.twilio.com");
			if (this.authToken == null) {
				log.warn("[twilio] TWILIO_AUTH_TOKEN is not set: X-Twilio-Signature validation is OFF and anyone "
						+ "can post to /twilio/**. Set TWILIO_AUTH_TOKEN.");
			}
		}
	}

	public boolean simulator() {
		return this.simulator;
	}

	public String accountSid() {
		return this.accountSid;
	}

	/** The token that signs webhooks; {@code null} when none is configured (validation then off). */
	public String authToken() {
		return this.authToken;
	}

	public boolean validatesSignatures() {
		return this.authToken != null;
	}

	/** Caller ID ({@code TWILIO_PHONE_NUMBER}); {@code null} when not configured. */
	public String phoneNumber() {
		return this.phoneNumber;
	}

	/** The user's phone ({@code AGENT_PHONE_NUMBER}); {@code null} when not configured. */
	public String agentNumber() {
		return this.agentNumber;
	}

	/**
	 * Where the REST client sends requests; {@code null} in simulator mode unless set, meaning "this
	 * server's own {@code /simulator}", known only once the port is.
	 */
	public String apiBaseUrl() {
		return this.apiBaseUrl;
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

	private static String orDefault(String value, String fallback) {
		String v = blankToNull(value);
		return (v != null) ? v : fallback;
	}

}
