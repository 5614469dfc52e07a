package com.talkhint.call;

import java.time.Instant;

/**
 * The catalogue of diagnostics (SPEC "Diagnostics the UI must show"), each with its cause and fix, so that
 * every broken link of the call chain is named in the UI instead of a silent "Waiting…".
 */
public final class Diagnostics {

	public static final String NO_TWIML_FETCH = "no-twiml-fetch";

	public static final String NO_STREAM = "no-stream";

	public static final String TRACK_SILENT = "track-silent";

	public static final String PUBLIC_URL_NOT_HTTPS = "public-url-not-https";

	public static final String SIGNATURE_MISMATCH = "signature-mismatch";

	public static final String STREAM_ERROR = "stream-error";

	public static final String STREAM_DROPPED = "stream-dropped";

	public static final String MALFORMED_MEDIA = "malformed-media";

	public static final String TRANSCRIPTION_LAGGING = "transcription-lagging";

	public static final String TRANSCRIPTION_DEGRADED = "transcription-degraded";

	public static final String CALL_FAILED = "call-failed";

	public static final String TRANSCRIPTION_FAILED = "transcription-failed";

	public static final String STREAM_REFUSED = "stream-refused";

	/** Twilio's debugger logged an error for the call (read from the call's Notifications). */
	public static final String TWILIO_ERROR = "twilio-error";

	/** Twilio placed the call but none of its webhooks reached TalkHint, and it logged no error saying why. */
	public static final String NO_WEBHOOK = "no-webhook";

	/** Reading Twilio's record of a call failed: credentials, an unknown call, a rate limit, no answer. */
	public static final String TWILIO_API_ERROR = "twilio-api-error";

	/** The node stopped without a shutdown while the call streamed; found and ended at its next start. */
	public static final String CALL_INTERRUPTED = "call-interrupted";

	private Diagnostics() {
	}

	public static Diagnostic noTwimlFetch(Instant at, long secondsSinceAnswered, String expectedUrl, boolean ended) {
		return new Diagnostic(at, NO_TWIML_FETCH,
				(ended ? "The call ended" : "The call was answered " + secondsSinceAnswered + " s ago")
						+ " but Twilio never fetched " + expectedUrl + ", so no stream can start.",
				"Twilio fetches the call's Url only when it is reachable from the internet: PUBLIC_BASE_URL is wrong "
						+ "or not public (localhost, a stopped tunnel), the call was created with inline TwiML or an "
						+ "ApplicationSid instead of Url, or the webhook answered non-TwiML.",
				"Set PUBLIC_BASE_URL to the https URL Twilio can reach (Replit: the .replit.dev domain; ngrok: the "
						+ "https tunnel), open " + expectedUrl + " from outside to check it, and look at Call Details "
						+ "→ Request Inspector in the Twilio console.");
	}

	public static Diagnostic noStream(Instant at, long secondsSinceTwiml, String streamUrl) {
		return new Diagnostic(at, NO_STREAM,
				"TwiML was served " + secondsSinceTwiml + " s ago but no media stream 'start' arrived on " + streamUrl
						+ ".",
				"Twilio could not open the WebSocket: the wss URL is wrong or not public, a proxy does not pass "
						+ "WebSocket upgrades, the handshake was refused (signature, Origin check), or TLS failed "
						+ "(Twilio errors 31920, 31910, 31901).",
				"Check the Twilio Debugger for 319xx errors and the stream-error event here; make sure " + streamUrl
						+ " upgrades to a WebSocket through your proxy (wss on 443, valid certificate).");
	}

	public static Diagnostic trackSilent(Instant at, String track, String speaker, long seconds) {
		return new Diagnostic(at, TRACK_SILENT,
				"The " + track + " track (" + speaker + ") has carried no audio for " + seconds + " s while the stream is up.",
				"The <Stream> track attribute is not both_tracks, the " + speaker + " leg is muted or one-way audio "
						+ "(NAT/firewall on the phone side), or the dialed party has not answered.",
				"Use track=\"both_tracks\" in <Start><Stream>, check the other party answered and can be heard.");
	}

	public static Diagnostic publicUrlNotHttps(Instant at, String base) {
		return new Diagnostic(at, PUBLIC_URL_NOT_HTTPS,
				"PUBLIC_BASE_URL is " + base + ", not https: Twilio only opens wss:// media streams.",
				"Real Twilio needs a public https URL; an http or localhost URL gives a ws:// stream URL, which "
						+ "Twilio rejects (error 31922) or cannot reach.",
				"Set PUBLIC_BASE_URL to your public https URL (Replit deployment/dev domain, ngrok https tunnel).");
	}

	public static Diagnostic signatureMismatch(Instant at, String path, String url) {
		return new Diagnostic(at, SIGNATURE_MISMATCH,
				"Rejected a request to " + path + " with 403: its X-Twilio-Signature does not match " + url + ".",
				"Either the request is forged, or a proxy rewrote the URL (scheme, host, port or path) so the URL "
						+ "TalkHint rebuilt differs from the one Twilio signed, or TWILIO_AUTH_TOKEN belongs to "
						+ "another account.",
				"Set PUBLIC_BASE_URL to exactly the base URL Twilio calls (scheme, host, port), and check "
						+ "TWILIO_AUTH_TOKEN.");
	}

	public static Diagnostic streamError(Instant at, String error) {
		return new Diagnostic(at, STREAM_ERROR, "Twilio reported a media stream error: " + error,
				"Twilio could not connect to or keep the WebSocket (see the error code: 31920 handshake, 31910 TLS, "
						+ "31941 bad track, 31903 connection reset).",
				"Fix the stream URL or track per the error; the Twilio Debugger has the details.");
	}

	public static Diagnostic streamDropped(Instant at, int closeCode) {
		return new Diagnostic(at, STREAM_DROPPED,
				"The media stream socket closed without a 'stop' message (close code " + closeCode + ").",
				"A proxy or load balancer cut the connection (idle timeout, reset), or the network dropped.",
				"Raise proxy idle timeouts for /twilio/stream; the transcript so far has been kept.");
	}

	public static Diagnostic malformedMedia(Instant at, long count, String example) {
		return new Diagnostic(at, MALFORMED_MEDIA,
				count + " malformed message(s) on the media stream, e.g. " + example,
				"Something other than Twilio is writing to /twilio/stream, or a proxy alters the frames.",
				"Check what connects to /twilio/stream; Twilio itself only sends connected/start/media/stop JSON.");
	}

	public static Diagnostic streamRefused(Instant at, String callSid, String reason) {
		return new Diagnostic(at, STREAM_REFUSED,
				"Refused a media stream for " + callSid + ": " + reason + ".",
				"A stream 'start' only makes sense for a call whose TwiML TalkHint served and that is still live; "
						+ "anything else is a replayed or forged connection, or a second <Stream> on one call.",
				"Nothing to do if you did not start it; otherwise check that the stream comes from TalkHint's TwiML.");
	}

	public static Diagnostic callFailed(Instant at, String status) {
		return new Diagnostic(at, CALL_FAILED, "The call ended as '" + status + "' before it was connected.",
				"The agent's phone was busy, did not answer, or Twilio could not place the call (number, "
						+ "geo-permissions, trial account restrictions).",
				"Check AGENT_PHONE_NUMBER, answer the phone, and see the call in the Twilio console.");
	}

	public static Diagnostic interruptedByRestart(Instant at, Instant streamedSince) {
		return new Diagnostic(at, CALL_INTERRUPTED,
				"TalkHint stopped while this call was streaming (stream started " + streamedSince
						+ ") and restarted: the live transcript ends where the stopped run left it.",
				"The previous run was killed or crashed without a shutdown (SIGKILL, out of memory, the host went "
						+ "down): the media stream went with it, and Twilio never reconnects a stream.",
				"See the previous run's log (and the container's exit reason) for why it stopped; stop TalkHint with "
						+ "SIGTERM, which ends streaming calls cleanly. Everything stored before the stop is kept.");
	}

	/**
	 * @param node the node whose run held the stream, {@code null} when its heartbeat row is gone
	 * @param lastSeen that run's last heartbeat, {@code null} when its row is gone
	 */
	public static Diagnostic interruptedByStoppedNode(Instant at, Instant streamedSince, String node,
			Instant lastSeen) {
		String who = (node != null) ? "TalkHint node '" + node + "'" : "The TalkHint node that held this call's stream";
		String seen = (lastSeen != null) ? "last seen alive " + lastSeen : "no longer registered";
		return new Diagnostic(at, CALL_INTERRUPTED,
				who + " stopped while this call was streaming (stream started " + streamedSince + "; the node was "
						+ seen + "): the live transcript ends where that node left it.",
				"The node stopped beating without a shutdown (SIGKILL, out of memory, the host or its database "
						+ "connection lost): the media stream went with it, and Twilio never reconnects a stream.",
				"See that node's log (and the container's exit reason) for why it stopped; stop nodes with SIGTERM, "
						+ "which ends their streaming calls cleanly. Everything it stored before it stopped is kept.");
	}

	public static Diagnostic placingInterruptedByRestart(Instant at, String status, String telephony) {
		return new Diagnostic(at, CALL_INTERRUPTED,
				"TalkHint stopped while " + telephony + " was still placing this call (last status '" + status
						+ "') and restarted: the call never streamed.",
				"The call was simulated inside the process that stopped, so it stopped with it; nothing was heard.",
				"Place the call again. See the previous run's log for why it stopped; stop TalkHint with SIGTERM.");
	}

}
