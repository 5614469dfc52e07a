package com.talkhint.twilio;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.twilio.base.Page;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.call.Notification;

import org.springframework.stereotype.Component;

/**
 * Twilio's own record of a call, read through the REST API TalkHint already uses ({@code TWILIO_API_BASE_URL}):
 * the Call resource and the call's Notifications (what Twilio's debugger logged for it). Blocking: callers run it
 * off request threads.
 */
@Component
public class TwilioCallRecords {

	/** One notification: Twilio's error code, whether it is an error (not a warning), its message, the URL tried. */
	public record Notice(int code, boolean error, String message, String method, String url, Instant at) {
	}

	/** What Twilio says about a call. */
	public record Report(String status, String duration, String answeredBy, List<Notice> notices) {
	}

	/** Twilio's API answered with an error (401 credentials, 404 unknown call, 429 rate limit) or was unreachable. */
	public static final class ReadFailure extends Exception {

		private final int httpStatus;

		private final Integer twilioCode;

		ReadFailure(int httpStatus, Integer twilioCode, String message, Throwable cause) {
			super(message, cause);
			this.httpStatus = httpStatus;
			this.twilioCode = twilioCode;
		}

		/** The HTTP status Twilio answered, 0 when it could not be reached. */
		public int httpStatus() {
			return this.httpStatus;
		}

		public Integer twilioCode() {
			return this.twilioCode;
		}

		/** Worth trying again later: a rate limit, a server error or no answer at all. */
		public boolean transientFailure() {
			return this.httpStatus == 0 || this.httpStatus == 429 || this.httpStatus >= 500;
		}

	}

	private static final long PAGE_SIZE = 50;

	private final TwilioRestClient client;

	public TwilioCallRecords(TwilioRestClient client) {
		this.client = client;
	}

	/**
	 * Reads the Call resource and the call's Notifications. Either may fail on its own (a fake or a proxy that
	 * answers only one of them): what was read is reported; only when both fail is it a {@link ReadFailure}.
	 */
	public Report read(String callSid) throws ReadFailure {
		Call call = null;
		ReadFailure callFailure = null;
		try {
			call = Call.fetcher(callSid).fetch(this.client);
		}
		catch (TwilioException ex) {
			callFailure = failure(ex);
		}
		List<Notice> notices;
		try {
			Page<Notification> page = Notification.reader(callSid).setPageSize(PAGE_SIZE).firstPage(this.client);
			notices = page.getRecords().stream().map(TwilioCallRecords::notice).toList();
		}
		catch (TwilioException ex) {
			if (callFailure != null) {
				throw callFailure;
			}
			notices = List.of();
		}
		if (call == null && notices.isEmpty()) {
			throw callFailure;
		}
		return new Report((call != null && call.getStatus() != null) ? call.getStatus().toString() : null,
				(call != null) ? call.getDuration() : null, (call != null) ? call.getAnsweredBy() : null, notices);
	}

	private static ReadFailure failure(TwilioException ex) {
		if (ex instanceof ApiException api) {
			int status = (api.getStatusCode() != null) ? api.getStatusCode() : 0;
			return new ReadFailure(status, api.getCode(), api.getMessage(), api);
		}
		// No answer (ApiConnectionException) or one the SDK could not parse: as good as no answer.
		return new ReadFailure(0, null, ex.getMessage(), ex);
	}

	static Notice notice(Notification n) {
		int code = parseCode(n.getErrorCode());
		String text = messageOf(n.getMessageText());
		String url = (n.getRequestUrl() != null) ? n.getRequestUrl().toString() : formField(n.getMessageText(), "url");
		Instant at = (n.getDateCreated() != null) ? n.getDateCreated().toInstant() : null;
		String method = (n.getRequestMethod() != null) ? n.getRequestMethod().toString() : null;
		return new Notice(code, !"1".equals(n.getLog()), text, method, url, at);
	}

	private static int parseCode(String code) {
		try {
			return (code != null) ? Integer.parseInt(code.trim()) : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	/**
	 * Twilio writes {@code message_text} form-encoded ({@code Msg=…&ErrorCode=…&url=…}); the readable part is
	 * {@code Msg}. Plain text is kept as it is.
	 */
	static String messageOf(String messageText) {
		String msg = formField(messageText, "Msg");
		return (msg != null) ? msg : messageText;
	}

	private static String formField(String text, String name) {
		if (text == null || !text.contains("=")) {
			return null;
		}
		for (String pair : text.split("&")) {
			int eq = pair.indexOf('=');
			if (eq > 0 && pair.substring(0, eq).equals(name)) {
				try {
					return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
				}
				catch (IllegalArgumentException ex) {
					return pair.substring(eq + 1);
				}
			}
		}
		return null;
	}

}
