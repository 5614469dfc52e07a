package com.talkhint.simulator;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Twilio-shaped SIDs: a two-letter prefix and 32 lowercase hex digits. */
final class Sids {

	private static final SecureRandom random = new SecureRandom();

	private Sids() {
	}

	static String call() {
		return next("CA");
	}

	static String stream() {
		return next("MZ");
	}

	private static String next(String prefix) {
		byte[] bytes = new byte[16];
		random.nextBytes(bytes);
		return prefix + HexFormat.of().formatHex(bytes);
	}

}
