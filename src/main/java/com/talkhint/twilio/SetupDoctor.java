package com.talkhint.twilio;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.talkhint.call.PhoneNumbers;
import com.twilio.base.ResourceSet;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.Account;
import com.twilio.rest.api.v2010.account.IncomingPhoneNumber;
import com.twilio.rest.api.v2010.account.OutgoingCallerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Checks a setup from inside, the way a first real call will use it: the credentials (fetch the Account), the caller
 * number (the account's IncomingPhoneNumbers, or a verified caller id), the agent's number (E.164; verified on a trial
 * account), PUBLIC_BASE_URL (https, and a request to it carrying a nonce must come back to this very process) and
 * the WebSocket upgrade through the same address. Each check says ok, or what is wrong and how to fix it.
 */
@Component
public class SetupDoctor {

	private static final Logger log = LoggerFactory.getLogger(SetupDoctor.class);

	static final Duration TIMEOUT = Duration.ofSeconds(8);

	/** One check: {@code status} is ok, warn, fail or skipped. */
	public record Check(String id, String title, String status, String detail, String fix) {

		static Check ok(String id, String title, String detail) {
			return new Check(id, title, "ok", detail, null);
		}

		static Check fail(String id, String title, String detail, String fix) {
			return new Check(id, title, "fail", detail, fix);
		}

		static Check warn(String id, String title, String detail, String fix) {
			return new Check(id, title, "warn", detail, fix);
		}

		static Check skipped(String id, String title, String detail) {
			return new Check(id, title, "skipped", detail, null);
		}

	}

	/** All checks; {@code ok} when none failed; {@code mode} simulator or twilio. */
	public record Result(boolean ok, String mode, List<Check> checks) {
	}

	/** This process, as the self-request must find it. */
	static final String INSTANCE = randomHex(8);

	private final Set<String> nonces = ConcurrentHashMap.newKeySet();

	private final TwilioSettings settings;

	private final TwilioRestClient client;

	private final PublicUrls publicUrls;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();

	public SetupDoctor(TwilioSettings settings, TwilioRestClient client, PublicUrls publicUrls) {
		this.settings = settings;
		this.client = client;
		this.publicUrls = publicUrls;
	}

	/** The answer of {@code GET /setup/ping}: which process this is, and whether it issued the nonce. */
	public Map<String, Object> ping(String nonce) {
		return Map.of("talkhint", true, "instance", INSTANCE, "nonce", (nonce != null && this.nonces.contains(nonce)));
	}

	public Result check() {
		List<Check> checks = new ArrayList<>();
		checks.add(mode());
		Account account = null;
		Check credentials;
		try {
			account = Account.fetcher(this.settings.accountSid()).fetch(this.client);
			boolean trial = account.getType() != null && "trial".equalsIgnoreCase(account.getType().toString());
			String status = (account.getStatus() != null) ? account.getStatus().toString() : "unknown";
			if (!"active".equalsIgnoreCase(status)) {
				credentials = Check.fail("credentials", "Twilio credentials", "The account " + this.settings.accountSid()
						+ " is " + status + ".", "Reactivate the account in the Twilio console, or use an active one.");
			}
			else if (trial) {
				credentials = Check.warn("credentials", "Twilio credentials", "Valid: account \"" + account.getFriendlyName()
						+ "\" is a trial account. Trial calls only reach verified numbers and start with Twilio's trial "
						+ "message (press a key to continue).", "Verify every number you will call under Phone Numbers → "
						+ "Verified Caller IDs, or upgrade the account.");
			}
			else {
				credentials = Check.ok("credentials", "Twilio credentials", "Valid: account \"" + account.getFriendlyName() + "\" ("
						+ this.settings.accountSid() + ") is active.");
			}
		}
		catch (ApiException ex) {
			credentials = apiFailure("credentials", "Twilio credentials", ex);
		}
		catch (ApiConnectionException ex) {
			credentials = Check.fail("credentials", "Twilio credentials", "Twilio's API could not be reached: " + ex.getMessage(),
					"Check outbound HTTPS from this host and TWILIO_API_BASE_URL (unset for real Twilio).");
		}
		checks.add(credentials);
		boolean apiUsable = account != null;
		boolean trial = apiUsable && account.getType() != null && "trial".equalsIgnoreCase(account.getType().toString());
		checks.add(callerNumber(apiUsable));
		checks.add(agentNumber(apiUsable, trial));
		checks.addAll(publicUrl());
		boolean ok = checks.stream().noneMatch((c) -> "fail".equals(c.status()));
		log.info("[setup] Setup check: {}", checks.stream().map((c) -> c.id() + "=" + c.status()).toList());
		return new Result(ok, this.settings.simulator() ? "simulator" : "twilio", checks);
	}

	private Check mode() {
		if (this.settings.simulator()) {
			return Check.ok("mode", "Mode", "Simulator mode: TWILIO_ACCOUNT_SID is not set, so the built-in Twilio simulator "
					+ "answers the REST API and places calls inside this process. Set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, "
					+ "TWILIO_PHONE_NUMBER, AGENT_PHONE_NUMBER and PUBLIC_BASE_URL for real calls.");
		}
		return Check.ok("mode", "Mode", "Real Twilio" + ((this.settings.apiBaseUrl() != null)
				? " through TWILIO_API_BASE_URL=" + this.settings.apiBaseUrl() : "") + ".");
	}

	private Check callerNumber(boolean apiUsable) {
		String title = "Caller number (TWILIO_PHONE_NUMBER)";
		String number = PhoneNumbers.normalise(this.settings.phoneNumber());
		if (number == null) {
			return Check.fail("caller-number", title, "TWILIO_PHONE_NUMBER is " + shown(this.settings.phoneNumber())
					+ ", not an E.164 number.", "Set it to a voice number of the account, with + and the country code.");
		}
		if (!apiUsable) {
			return Check.skipped("caller-number", title, number + " could not be looked up: the credentials check failed.");
		}
		try {
			ResourceSet<IncomingPhoneNumber> owned = IncomingPhoneNumber.reader().setPhoneNumber(number).limit(5).read(this.client);
			for (IncomingPhoneNumber n : owned) {
				if (n.getPhoneNumber() != null && number.equals(n.getPhoneNumber().toString())) {
					boolean voice = n.getCapabilities() == null || n.getCapabilities().getVoice();
					return voice ? Check.ok("caller-number", title, number + " is a number of this account.")
							: Check.fail("caller-number", title, number + " belongs to the account but cannot make voice calls.",
									"Use a voice-capable number (Console → Phone Numbers → Active numbers).");
				}
			}
			if (verifiedCallerId(number)) {
				return Check.ok("caller-number", title, number + " is a verified caller id of this account.");
			}
			return Check.fail("caller-number", title, number + " is neither a number of this account nor a verified caller id: "
					+ "Twilio refuses the call (error 21210).", "Set TWILIO_PHONE_NUMBER to a number under Console → Phone "
					+ "Numbers → Active numbers (buy one if there is none).");
		}
		catch (ApiException ex) {
			return apiFailure("caller-number", title, ex);
		}
		catch (ApiConnectionException ex) {
			return Check.fail("caller-number", title, "Twilio's API could not be reached: " + ex.getMessage(), null);
		}
	}

	private Check agentNumber(boolean apiUsable, boolean trial) {
		String title = "Your phone (AGENT_PHONE_NUMBER)";
		String number = PhoneNumbers.normalise(this.settings.agentNumber());
		if (number == null) {
			return Check.fail("agent-number", title, "AGENT_PHONE_NUMBER is " + shown(this.settings.agentNumber())
					+ ": TalkHint rings this phone first, then connects it to the customer.",
					"Set AGENT_PHONE_NUMBER to your own phone in E.164 form, e.g. +14155550100.");
		}
		if (!trial) {
			return Check.ok("agent-number", title, number + " is a valid E.164 number; TalkHint rings it first.");
		}
		try {
			if (verifiedCallerId(number)) {
				return Check.ok("agent-number", title, number + " is verified, as a trial account needs.");
			}
			return Check.fail("agent-number", title, "The account is a trial and " + number + " is not a verified caller id: "
					+ "Twilio refuses to call it (error 21219).", "Verify it under Phone Numbers → Verified Caller IDs, or "
					+ "upgrade the account. The customers you call must be verified too.");
		}
		catch (ApiException ex) {
			return apiFailure("agent-number", title, ex);
		}
		catch (ApiConnectionException ex) {
			return Check.fail("agent-number", title, "Twilio's API could not be reached: " + ex.getMessage(), null);
		}
	}

	/** Whether {@code number} is among the account's verified caller ids (OutgoingCallerIds). */
	private boolean verifiedCallerId(String number) {
		for (OutgoingCallerId id : OutgoingCallerId.reader().setPhoneNumber(number).limit(5).read(this.client)) {
			if (id.getPhoneNumber() != null && number.equals(id.getPhoneNumber().toString())) {
				return true;
			}
		}
		return false;
	}

	private List<Check> publicUrl() {
		String title = "PUBLIC_BASE_URL reaches this server";
		String wsTitle = "WebSocket upgrade through PUBLIC_BASE_URL";
		String base = this.publicUrls.configuredBase();
		if (base == null) {
			if (this.settings.simulator()) {
				return List.of(Check.skipped("public-url", title, "Not set: in simulator mode Twilio's requests come from inside "
						+ "this process. Real Twilio needs it."), Check.skipped("websocket", wsTitle, "Not set (simulator mode)."));
			}
			return List.of(Check.fail("public-url", title, "PUBLIC_BASE_URL is not set, so Twilio has no address to fetch the "
					+ "call's TwiML from or to stream audio to.", "Set it to the https address of this server as the internet "
					+ "sees it (Replit: the deployment's https://….replit.app; ngrok: the https tunnel)."),
					Check.skipped("websocket", wsTitle, "PUBLIC_BASE_URL is not set."));
		}
		List<Check> checks = new ArrayList<>();
		boolean https = base.startsWith("https://");
		String nonce = randomHex(12);
		this.nonces.add(nonce);
		try {
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(base + "/setup/ping?nonce=" + nonce))
				.timeout(TIMEOUT)
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
			String body = response.body();
			if (response.statusCode() == 200 && body.contains("\"instance\":\"" + INSTANCE + "\"") && body.contains("\"nonce\":true")) {
				checks.add(https ? Check.ok("public-url", title, base + " came back to this process.")
						: Check.warn("public-url", title, base + " came back to this process, but it is not https: Twilio "
								+ "streams only to wss:// and signs https URLs.", "Use the https address of this server."));
			}
			else if (response.statusCode() == 200 && body.contains("\"talkhint\":true")) {
				checks.add(Check.warn("public-url", title, base + " answers as a TalkHint, but another process than this one "
						+ "(another node, an old deployment, a second Repl).", "If you run one instance, point PUBLIC_BASE_URL "
						+ "at this one; several nodes need the redis profile (docs/scale-out.md)."));
			}
			else {
				checks.add(Check.fail("public-url", title, base + "/setup/ping answered HTTP " + response.statusCode()
						+ ((response.statusCode() >= 300 && response.statusCode() < 400)
								? " (a redirect to " + response.headers().firstValue("Location").orElse("?") + ")" : "")
						+ ", not this TalkHint: Twilio's requests go somewhere else (error 11200 on real calls).",
						"Set PUBLIC_BASE_URL to the address at which this server answers; for a sleeping host use an always-on "
								+ "one (Replit: Reserved VM)."));
			}
		}
		catch (java.io.IOException | IllegalArgumentException ex) {
			checks.add(Check.fail("public-url", title, base + " could not be reached from here: " + describe(ex)
					+ " Twilio will fail the same way (error 11200 or 11205).", "Set PUBLIC_BASE_URL to this server's public "
					+ "https address and make sure it is running (Replit: the Run button or the deployment is up; ngrok: the "
					+ "tunnel is open)."));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			checks.add(Check.skipped("public-url", title, "Interrupted."));
		}
		finally {
			this.nonces.remove(nonce);
		}
		checks.add(webSocket(base, wsTitle));
		return checks;
	}

	private Check webSocket(String base, String title) {
		String url = PublicUrls.toWebSocketScheme(base) + "/ui/events";
		try {
			WebSocket socket = this.http.newWebSocketBuilder().connectTimeout(TIMEOUT)
				.buildAsync(URI.create(url), new WebSocket.Listener() {
				})
				.get(TIMEOUT.toSeconds() + 2, TimeUnit.SECONDS);
			socket.sendClose(WebSocket.NORMAL_CLOSURE, "setup check").orTimeout(2, TimeUnit.SECONDS);
			return Check.ok("websocket", title, url + " upgraded to a WebSocket: the media stream can pass the same way.");
		}
		catch (ExecutionException | CompletionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			String detail = (cause instanceof WebSocketHandshakeException handshake)
					? "the upgrade was answered HTTP " + handshake.getResponse().statusCode() + " instead of 101"
					: describe(cause);
			return Check.fail("websocket", title, url + " did not upgrade: " + detail + ". Twilio's media stream would fail "
					+ "the same way (error 31920).", "Let the proxy pass WebSocket upgrades (Upgrade and Connection headers) "
					+ "to this server; use wss on 443.");
		}
		catch (TimeoutException ex) {
			return Check.fail("websocket", title, url + " did not answer the upgrade within " + TIMEOUT.toSeconds() + " s.",
					"Check that the proxy passes WebSocket upgrades.");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Check.skipped("websocket", title, "Interrupted.");
		}
		catch (IllegalArgumentException ex) {
			return Check.fail("websocket", title, url + " is not a valid WebSocket URL: " + ex.getMessage(),
					"Set PUBLIC_BASE_URL to a plain https origin.");
		}
	}

	private static Check apiFailure(String id, String title, ApiException ex) {
		int status = (ex.getStatusCode() != null) ? ex.getStatusCode() : 0;
		if (status == 401 || status == 403) {
			return Check.fail(id, title, "Twilio refused the credentials (HTTP " + status + ", code " + ex.getCode() + ").",
					"Copy the Account SID and Auth Token from the Twilio console's dashboard into TWILIO_ACCOUNT_SID and "
							+ "TWILIO_AUTH_TOKEN (Replit: Secrets) and restart.");
		}
		if (status == 404) {
			return Check.fail(id, title, "Twilio has no such account (HTTP 404): the Account SID is wrong.",
					"Copy the Account SID (starts with AC) from the console's dashboard.");
		}
		return Check.fail(id, title, "Twilio's API answered HTTP " + status + ": " + ex.getMessage(),
				"Try again; see status.twilio.com if it persists.");
	}

	private static String describe(Throwable ex) {
		String name = ex.getClass().getSimpleName();
		String message = ex.getMessage();
		return switch (name) {
			case "ConnectException" -> "connection refused or no route.";
			case "HttpConnectTimeoutException", "HttpTimeoutException" -> "no answer within " + TIMEOUT.toSeconds() + " s.";
			case "UnresolvedAddressException", "UnknownHostException" -> "the host name does not resolve.";
			case "SSLHandshakeException" -> "the TLS handshake failed (" + message + ").";
			default -> name + ((message != null) ? ": " + message : "") + ".";
		};
	}

	private static String randomHex(int bytes) {
		byte[] random = new byte[bytes];
		new SecureRandom().nextBytes(random);
		return HexFormat.of().formatHex(random);
	}

	private static String shown(String value) {
		return (value == null || value.isBlank()) ? "not set" : "\"" + value + "\"";
	}

}
