package com.talkhint.twilio;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

import com.talkhint.call.CallProgress;
import com.talkhint.call.CallService;
import com.talkhint.call.Diagnostic;
import com.talkhint.call.Diagnostics;
import com.talkhint.event.CallEvent.DiagnosticRaised;
import com.talkhint.event.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Asks Twilio why, when Twilio does not reach TalkHint: a placed call from which no webhook arrived within
 * {@code talkhint.twilio.inspect-after} (default 20 s), a call that ended without its TwiML being fetched, or TwiML
 * served with no media stream 10 s later, or a media stream that dropped (closed without 'stop'). Twilio's own record of the call (its status and the Notifications its
 * debugger logged) becomes a diagnostic that names the error code, the URL Twilio tried, the cause, the fix and
 * Twilio's page for the code. Reads are bounded (at most {@value #MAX_READS} per call, the wait doubling between
 * them) and run on one background thread, never on a request, media or scheduling thread.
 */
@Component
public class TwilioCallInspector implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(TwilioCallInspector.class);

	static final int MAX_READS = 3;

	/** TwiML served and still no stream after this long: Twilio's stream errors (319xx) say why. */
	static final Duration STREAM_AFTER = Duration.ofSeconds(10);

	/** Calls older than this are not inspected any more. */
	static final Duration WATCH_FOR = Duration.ofMinutes(15);

	private final CallService calls;

	private final TwilioCallRecords records;

	private final PublicUrls publicUrls;

	private final Clock clock;

	private final Duration inspectAfter;

	private final ThreadPoolTaskExecutor reader;

	/*
	 * These two maps are not kept on the calls' LiveCalls (call.LiveCalls), on purpose: they are about calls as the
	 * calls table and the bus show them on every node, not what this node holds. A dropped stream is heard from any
	 * node's event, plans are made for calls that never reached this node (no webhook, no stream: the very calls
	 * worth asking Twilio about), and both go after WATCH_FOR rather than when the watchdog stops watching. Each
	 * check() keeps only the calls it was given, right after the watchdog's forgetAllBut with the same list.
	 */

	/** Calls whose media stream dropped (closed without 'stop'), and from when to ask Twilio why. */
	private final Map<String, Instant> droppedStreams = new ConcurrentHashMap<>();

	/** Twilio logs a stream's error (31921, 31903, 31924…) a moment after the socket closes. */
	static final Duration DROPPED_STREAM_DELAY = Duration.ofSeconds(5);

	private AutoCloseable subscription;

	/** Per call: reads done and when the next one is due. Forgotten with the call. */
	private final Map<String, Plan> plans = new ConcurrentHashMap<>();

	private record Plan(int reads, Instant nextAt, boolean busy) {
	}

	public TwilioCallInspector(CallService calls, TwilioCallRecords records,
			PublicUrls publicUrls, Clock clock, @Value("${talkhint.twilio.inspect-after:20s}") Duration inspectAfter,
			EventBus events) {
		this.calls = calls;
		this.records = records;
		this.publicUrls = publicUrls;
		this.clock = clock;
		this.inspectAfter = inspectAfter;
		this.reader = new ThreadPoolTaskExecutor();
		this.reader.setThreadNamePrefix("twilio-inspect-");
		this.reader.setCorePoolSize(1);
		this.reader.setMaxPoolSize(1);
		this.reader.setQueueCapacity(200);
		this.reader.setWaitForTasksToCompleteOnShutdown(false);
		this.reader.initialize();
		// A dropped stream is raised where the socket was; the diagnostic's event tells this inspector to ask.
		this.subscription = events.subscribe((event) -> {
			if (event instanceof DiagnosticRaised diagnostic && diagnostic.callSid() != null
					&& Diagnostics.STREAM_DROPPED.equals(diagnostic.data().code())) {
				this.droppedStreams.putIfAbsent(event.callSid(), event.at().plus(DROPPED_STREAM_DELAY));
			}
		});
	}

	/**
	 * Called by the {@link DiagnosticsWatchdog} every second with the calls it watches (one read of the calls
	 * table serves both): starts a read of Twilio's record for each call that is due one.
	 */
	void check(List<CallProgress> watched, Instant now) {
		Set<String> seen = new HashSet<>();
		for (CallProgress call : watched) {
			if (call.createdAt().isBefore(now.minus(WATCH_FOR))) {
				continue;
			}
			seen.add(call.callSid());
			Instant due = dueSince(call);
			if (due == null || now.isBefore(due)) {
				continue;
			}
			Plan plan = this.plans.getOrDefault(call.callSid(), new Plan(0, due, false));
			if (plan.busy() || plan.reads() >= MAX_READS || now.isBefore(plan.nextAt())) {
				continue;
			}
			this.plans.put(call.callSid(), new Plan(plan.reads(), plan.nextAt(), true));
			try {
				this.reader.execute(() -> inspect(call, plan.reads() + 1));
			}
			catch (RejectedExecutionException ex) {
				this.plans.put(call.callSid(), plan);
			}
		}
		this.plans.keySet().retainAll(seen);
		this.droppedStreams.keySet().retainAll(seen);
	}

	/** From when Twilio's record of the call is worth reading, or {@code null} while nothing is wrong. */
	Instant dueSince(CallProgress call) {
		if (!"outbound".equals(call.direction())) {
			return null;
		}
		Instant dropped = this.droppedStreams.get(call.callSid());
		if (dropped != null) {
			return dropped;
		}
		if (!call.heardFromTwilio()) {
			// Nothing ever reached us: at once if the call is over, else after the grace period.
			return (call.endedAt() != null) ? call.endedAt() : call.createdAt().plus(this.inspectAfter);
		}
		if (call.twimlAt() == null && call.endedAt() != null
				&& (call.answeredAt() != null || "completed".equals(call.status()))) {
			return call.endedAt(); // answered (Twilio fetches the Url only then), yet no TwiML was served
		}
		// streamAt includes a stream this node holds whose row is not written yet (the watchdog hands the calls in)
		if (call.twimlAt() != null && call.streamAt() == null) {
			Instant streamDue = call.twimlAt().plus(STREAM_AFTER);
			// A call that ended sooner never had the time to stream: nothing went wrong with it.
			return (call.endedAt() == null || !call.endedAt().isBefore(streamDue)) ? streamDue : null;
		}
		return null;
	}

	private void inspect(CallProgress call, int read) {
		Instant now = this.clock.instant();
		boolean again = true;
		try {
			again = readAndDiagnose(call, read, now);
		}
		catch (RuntimeException ex) {
			log.error("[twilio] Reading Twilio's record of the call failed callSid={}", call.callSid(), ex);
		}
		finally {
			int reads = again ? read : MAX_READS;
			Instant next = now.plus(this.inspectAfter.multipliedBy(1L << Math.min(read - 1, 4)));
			this.plans.computeIfPresent(call.callSid(), (sid, plan) -> new Plan(reads, next, false));
		}
	}

	/** One read of Twilio's record; says whether another read may still tell more. */
	private boolean readAndDiagnose(CallProgress call, int read, Instant now) {
		try {
			TwilioCallRecords.Report report = this.records.read(call.callSid());
			log.info("[twilio] Twilio's record of the call: status={} duration={} notifications={} callSid={} (read {}/{})",
					report.status(), report.duration(), report.notices().size(), call.callSid(), read, MAX_READS);
			boolean named = false;
			for (TwilioCallRecords.Notice notice : report.notices()) {
				if (notice.code() > 0) {
					this.calls.diagnostic(call.callSid(), twilioError(now, notice), onceKey(notice));
					named |= notice.error();
				}
			}
			boolean over = isTerminal(report.status());
			if (!named && !call.heardFromTwilio() && report.status() != null && !"queued".equals(report.status())
					&& (over || read == MAX_READS)) {
				this.calls.diagnostic(call.callSid(), noWebhook(now, report), Diagnostics.NO_WEBHOOK);
			}
			// Twilio's debugger may log a little after the call ends: read again unless it already said why.
			return !(named && over);
		}
		catch (TwilioCallRecords.ReadFailure ex) {
			if (ex.transientFailure() && read < MAX_READS) {
				// A rate limit or a network blip: said only if it lasts to the last read.
				log.info("[twilio] Twilio's record of the call not read yet callSid={}: HTTP {} {} (read {}/{})",
						call.callSid(), ex.httpStatus(), ex.getMessage(), read, MAX_READS);
				return true;
			}
			log.warn("[twilio] Could not read Twilio's record of the call callSid={}: HTTP {} {}", call.callSid(),
					ex.httpStatus(), ex.getMessage());
			this.calls.diagnostic(call.callSid(), apiError(now, call.callSid(), ex),
					Diagnostics.TWILIO_API_ERROR + ":" + ex.httpStatus());
			return ex.transientFailure();
		}
	}

	/** One diagnostic per code and URL (status callbacks and the TwiML fetch fail apart), whatever the query. */
	private static String onceKey(TwilioCallRecords.Notice notice) {
		String url = (notice.url() != null) ? notice.url().replaceFirst("\\?.*$", "") : "";
		return Diagnostics.TWILIO_ERROR + ":" + notice.code() + ":" + Integer.toHexString(url.hashCode());
	}

	private static boolean isTerminal(String status) {
		return status != null && Set.of("completed", "busy", "no-answer", "canceled", "failed").contains(status);
	}

	private Diagnostic twilioError(Instant now, TwilioCallRecords.Notice notice) {
		TwilioErrors.Explained explained = TwilioErrors.explain(notice.code(), notice.message());
		boolean socket = notice.url() != null && notice.url().startsWith("ws");
		String where = (notice.url() == null) ? ""
				: socket ? " on the media stream to " + notice.url()
						: " when it requested " + ((notice.method() != null) ? notice.method() + " " : "") + notice.url();
		String said = (notice.message() != null && !notice.message().isBlank()) ? " Twilio says: " + notice.message() : "";
		return new Diagnostic(now, Diagnostics.TWILIO_ERROR,
				"Twilio " + (notice.error() ? "error " : "warning ") + notice.code() + " (" + explained.title() + ")" + where
						+ "." + said,
				explained.cause(), explained.fix() + " Twilio's page for " + notice.code() + ": " + explained.link());
	}

	private Diagnostic noWebhook(Instant now, TwilioCallRecords.Report report) {
		String base = this.publicUrls.configuredBase();
		String shown = (base != null) ? base : this.publicUrls.localBase() + " (PUBLIC_BASE_URL is not set)";
		String state = report.status() + (("completed".equals(report.status()) && report.duration() != null)
				? " after " + report.duration() + " s" : "");
		return new Diagnostic(now, Diagnostics.NO_WEBHOOK,
				"Twilio reports this call as " + state + ", but none of its requests reached TalkHint: no status "
						+ "callback to " + shown + "/twilio/status and no TwiML fetch of " + shown
						+ "/twilio/outbound. Twilio logged no error for the call.",
				"Twilio sends every webhook to PUBLIC_BASE_URL, and that address does not lead to this server: a wrong "
						+ "or old domain, a sleeping or stopped deployment, a tunnel pointing elsewhere.",
				"Set PUBLIC_BASE_URL to the https address at which this server answers from the internet and run "
						+ "./talkhint doctor (or Check setup), which requests it from outside and names what fails.");
	}

	private Diagnostic apiError(Instant now, String callSid, TwilioCallRecords.ReadFailure ex) {
		String code = (ex.twilioCode() != null) ? ", code " + ex.twilioCode() : "";
		return switch (ex.httpStatus()) {
			case 401, 403 -> new Diagnostic(now, Diagnostics.TWILIO_API_ERROR,
					"Twilio's API refused TalkHint's credentials when it asked about this call (HTTP " + ex.httpStatus()
							+ code + ").",
					"TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN do not match (a rotated token, a test or sub-account sid).",
					"Copy the Account SID and Auth Token from the Twilio console's account dashboard into the "
							+ "environment (Replit: Secrets) and restart.");
			case 404 -> new Diagnostic(now, Diagnostics.TWILIO_API_ERROR,
					"Twilio's API has no call " + callSid + " in this account (HTTP 404" + code + ").",
					"The call was placed with other credentials, or TWILIO_API_BASE_URL points at another service.",
					"Leave TWILIO_API_BASE_URL unset for real Twilio and use the account that placed the call.");
			case 429 -> new Diagnostic(now, Diagnostics.TWILIO_API_ERROR,
					"Twilio's API rate-limited every read of this call (HTTP 429" + code + ").",
					"Too many API requests on this account at once.",
					"Nothing to do unless it persists; then lower the number of simultaneous calls.");
			case 0 -> new Diagnostic(now, Diagnostics.TWILIO_API_ERROR,
					"TalkHint could not reach Twilio's API to ask about this call: " + ex.getMessage(),
					"No network route to api.twilio.com (or TWILIO_API_BASE_URL), or Twilio answered something unreadable.",
					"Check outbound HTTPS from this host (curl https://api.twilio.com) and TWILIO_API_BASE_URL.");
			default -> new Diagnostic(now, Diagnostics.TWILIO_API_ERROR,
					"Twilio's API answered HTTP " + ex.httpStatus() + code + " when TalkHint asked about this call: "
							+ ex.getMessage(),
					"Twilio could not answer the request.", "See status.twilio.com; the call's record is also in the Twilio console.");
		};
	}

	@Override
	public void destroy() throws Exception {
		if (this.subscription != null) {
			this.subscription.close();
		}
		this.reader.shutdown();
	}

}
