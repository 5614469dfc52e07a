package com.talkhint.twilio;

import java.util.Map;

/**
 * What Twilio's error codes mean for TalkHint, with the usual cause and the fix: the codes a call placed by
 * TalkHint can log in Twilio's debugger (sources: Twilio's error pages, summarised in the project's Twilio fact
 * sheet). Unknown codes still get Twilio's own message and the link to its page.
 */
public final class TwilioErrors {

	/** One code: Twilio's title, then why it usually happens to a TalkHint call, then what to change. */
	public record Explained(int code, String title, String cause, String fix) {

		/** Twilio's page for the code. */
		public String link() {
			return link(this.code);
		}

		public static String link(int code) {
			return "https://www.twilio.com/docs/errors/" + code;
		}

	}

	private static final String PUBLIC_URL_FIX = "Set PUBLIC_BASE_URL to the https address at which this server answers "
			+ "from the internet (Replit: the running deployment's or dev domain; ngrok: the https tunnel), open the URL "
			+ "Twilio tried from outside to check it, then place the call again. ./talkhint doctor checks this.";

	private static final Map<Integer, Explained> KNOWN = Map.ofEntries(
			known(11200, "HTTP retrieval failure",
					"Twilio could not get an answer from the URL: the host is not reachable from the internet (a sleeping "
							+ "Replit, a stopped tunnel, a wrong domain), or it answered an error status (a 403 from a "
							+ "signature check behind a proxy, a 404 from a wrong path, a 5xx).",
					PUBLIC_URL_FIX),
			known(11205, "HTTP connection failure",
					"Twilio could not connect to the URL within 10 s: DNS does not resolve, the port is closed, or the "
							+ "server did not answer within 15 s.",
					PUBLIC_URL_FIX),
			known(11206, "HTTP protocol violation", "The URL's server answered something that is not valid HTTP.",
					PUBLIC_URL_FIX),
			known(11210, "HTTP bad host name", "The host in the URL does not resolve in public DNS.", PUBLIC_URL_FIX),
			known(11220, "SSL/TLS handshake error",
					"Twilio could not complete TLS with the URL's host (self-signed or expired certificate, TLS on the "
							+ "wrong port).",
					"Serve PUBLIC_BASE_URL over https with a certificate from a public CA (Replit and ngrok do this)."),
			known(11237, "Certificate invalid - could not find path to certificate",
					"The host's certificate chain is incomplete or not from a public CA.",
					"Serve the full certificate chain from a public CA, or use the Replit or ngrok https domain."),
			known(11750, "TwiML response body too large", "The webhook answered more than 64 kB.",
					"Point the call's Url at TalkHint's /twilio/outbound, which answers a short TwiML document."),
			known(12100, "Document parse failure",
					"The URL answered something that is not TwiML XML: usually an HTML page (a proxy's or a sleeping "
							+ "host's wake-up page, a login page) or a blank line before <?xml.",
					"Make PUBLIC_BASE_URL point straight at TalkHint (not at a proxy's landing page) and check that "
							+ "POST {PUBLIC_BASE_URL}/twilio/outbound answers text/xml."),
			known(12200, "Schema validation warning", "The TwiML has an element or attribute Twilio does not know.",
					"Serve TalkHint's own TwiML from /twilio/outbound unchanged."),
			known(12300, "Invalid Content-Type",
					"The URL answered with a content type that is not XML (text/plain, application/json, text/html from "
							+ "an error page).",
					"Point the call's Url at TalkHint's /twilio/outbound, which answers text/xml; check that no proxy "
							+ "rewrites the answer."),
			known(13214, "Dial: Invalid callerId value",
					"The caller id of the bridged leg is not a number of the account or a verified caller id.",
					"Set TWILIO_PHONE_NUMBER to a number of this Twilio account (Console → Phone Numbers)."),
			known(13223, "Dial: Invalid phone number format", "The customer's number is not a valid E.164 number.",
					"Enter the customer's number with + and the country code, e.g. +14155550100."),
			known(13224, "Dial: Invalid phone number",
					"Twilio refused the customer's number: not a dialable number, a premium or unsupported destination, or, "
							+ "on a trial account, a number that is not a verified caller id.",
					"Check the number; on a trial account verify it under Phone Numbers → Verified Caller IDs; enable the "
							+ "country under Voice Geo Permissions."),
			known(13227, "Dial: Geo permission", "Calls to that country are not enabled for the account.",
					"Enable the country in the Twilio console under Voice → Settings → Geo permissions."),
			known(15003, "Call progress: warning (status callback)",
					"Twilio's status callback to TalkHint answered an error status, so TalkHint may miss call progress.",
					PUBLIC_URL_FIX),
			known(21210, "'From' phone number not verified",
					"TWILIO_PHONE_NUMBER is not a number of this account nor a verified caller id.",
					"Set TWILIO_PHONE_NUMBER to a voice-capable number bought on this account (Console → Phone Numbers)."),
			known(21219, "'To' phone number not verified",
					"A trial account may only call verified numbers, and the agent's number is not verified.",
					"Verify the agent's phone under Phone Numbers → Verified Caller IDs, or upgrade the account."),
			known(21215, "Geo permission configuration is not permitting call",
					"Calls to that country are not enabled for the account.",
					"Enable the country in the Twilio console under Voice → Settings → Geo permissions."),
			known(31901, "Stream - WebSocket - Connection timeout",
					"Twilio could not open the media WebSocket in time: bad host, a tunnel that does not route, a firewall.",
					"Check that wss://{your domain}/twilio/stream is reachable from outside; ./talkhint doctor tries it."),
			known(31902, "Stream - WebSocket - Connection refused", "Nothing listens on the stream URL's port.",
					"Use the https domain of PUBLIC_BASE_URL on port 443 for the stream."),
			known(31903, "Stream - WebSocket - Connection broken pipe",
					"The media socket was closed abruptly, usually by a proxy's idle timeout or a restart.",
					"Run TalkHint on a host that keeps the socket open (Replit: a Reserved VM, not Autoscale)."),
			known(31910, "Stream - WebSocket - SSL protocol error",
					"No TLS on the stream URL's port or a bad certificate (a tcp:// tunnel written as wss://).",
					"Use an https tunnel or domain; the stream URL must be wss:// on 443 with a public certificate."),
			known(31920, "Stream - WebSocket - Handshake error",
					"The stream URL did not upgrade to a WebSocket (HTTP status other than 101): a proxy that does not pass "
							+ "upgrades, a wrong path, a query string in the URL, or a refused signature or Origin check.",
					"Make sure the proxy passes WebSocket upgrades to /twilio/stream (./talkhint doctor tries the upgrade "
							+ "through PUBLIC_BASE_URL)."),
			known(31921, "Stream - WebSocket - Close error", "The server side closed the media socket.",
					"Look at TalkHint's log for the callSid: a refused stream says why."),
			known(31922, "Stream - WebSocket - URL schema not supported", "The stream URL is not wss://.",
					"Set PUBLIC_BASE_URL to an https URL; TalkHint derives the wss:// stream URL from it."),
			known(31923, "Stream - WebSocket - Malformed URL", "The stream URL is not a valid URL.",
					"Set PUBLIC_BASE_URL to a plain https origin such as https://example.replit.app."),
			known(31924, "Stream - WebSocket - Protocol error",
					"Malformed frames on the media socket, or messages sent back on a one-way stream.",
					"Run TalkHint's own /twilio/stream endpoint unchanged behind a proxy that passes WebSocket frames."),
			known(31941, "Stream - Invalid track configuration", "The <Stream> track attribute is not a valid value.",
					"Serve TalkHint's own TwiML, which asks for both_tracks."));

	private TwilioErrors() {
	}

	private static Map.Entry<Integer, Explained> known(int code, String title, String cause, String fix) {
		return Map.entry(code, new Explained(code, title, cause, fix));
	}

	/** The explanation of {@code code}, or one built from Twilio's own message for a code not in the table. */
	public static Explained explain(int code, String twilioMessage) {
		Explained known = KNOWN.get(code);
		if (known != null) {
			return known;
		}
		return new Explained(code, (twilioMessage != null && !twilioMessage.isBlank()) ? twilioMessage : "Twilio error",
				"Twilio logged this error for the call; its page explains the usual causes.",
				"Open " + Explained.link(code) + " and the call in the Twilio console (Monitor → Logs → Calls).");
	}

	public static boolean isKnown(int code) {
		return KNOWN.containsKey(code);
	}

}
