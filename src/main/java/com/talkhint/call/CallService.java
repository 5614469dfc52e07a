package com.talkhint.call;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.talkhint.audio.CallDirection;
import com.talkhint.audio.Track;
import com.talkhint.event.CallEvent.CallStatus;
import com.talkhint.event.CallEvent.DiagnosticRaised;
import com.talkhint.event.CallEvent.StreamEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * The call state machine: every webhook, stream event and diagnostic of a call goes through here. The call's row,
 * its status and the milestones other nodes decide on are written at once (a stream {@code start} or the watchdog on
 * another node reads them next); its status history and stream events go through the {@link CallJournal}, which
 * publishes them at once and stores them behind; diagnostics are stored at once (the insert is the claim).
 */
@Service
public class CallService {

	private static final Logger log = LoggerFactory.getLogger(CallService.class);

	private static final Set<String> TERMINAL = Set.of("completed", "busy", "failed", "no-answer", "canceled");

	private final CallRepository repository;

	private final CallJournal journal;

	private final Clock clock;

	/** This run of this node: a call's row names the run that holds its stream. */
	private final NodeRun run;

	/** This node's memory of each call, the diagnostics it claimed included: forgotten in one place. */
	private final LiveCalls live;

	private static final Duration GLOBAL_DIAGNOSTIC_INTERVAL = Duration.ofMinutes(1);

	private final Map<String, Instant> lastGlobal = new ConcurrentHashMap<>();

	public CallService(CallRepository repository, CallJournal journal, LiveCalls live, Clock clock, NodeRun run) {
		this.repository = repository;
		this.journal = journal;
		this.live = live;
		this.clock = clock;
		this.run = run;
	}

	/** {@code /start-call} placed the call through the REST API. */
	public void placed(String callSid, String to, String agent, String from, String scenario, String status) {
		Instant now = this.clock.instant();
		this.repository.insertOrComplete(CallRecord.created(callSid, "outbound", to, agent, from, status, scenario, now));
		this.live.placed(callSid, now);
		recordStatus(callSid, status, now, "to=" + to + " agent=" + agent);
	}

	/** A call status callback ({@code /twilio/status}). */
	public void statusCallback(String callSid, Map<String, String> form) {
		Instant now = this.clock.instant();
		String status = clip(form.getOrDefault("CallStatus", "unknown"), 32);
		ensureKnown(callSid, form, now);
		this.repository.markMilestone(callSid, CallRepository.Milestone.FIRST_WEBHOOK, now);
		liveCall(callSid);
		if ("in-progress".equals(status) || "answered".equals(status)) {
			this.repository.markMilestone(callSid, CallRepository.Milestone.ANSWERED, now);
		}
		this.repository.updateStatus(callSid, status);
		recordStatus(callSid, status, now, detail(form, "CallDuration", "SequenceNumber", "ErrorCode"));
		if (TERMINAL.contains(status)) {
			ended(callSid, status, now);
		}
	}

	/**
	 * TalkHint served TwiML for the call (the step the seed bug never reaches). The milestones are written before the
	 * TwiML is answered: the stream's {@code start}, on this node or another, is refused unless it finds them.
	 */
	public void twimlServed(String callSid, String webhook, Map<String, String> form, String streamUrl) {
		Instant now = this.clock.instant();
		ensureKnown(callSid, form, now);
		liveCall(callSid);
		this.repository.markMilestone(callSid, CallRepository.Milestone.FIRST_WEBHOOK, now);
		this.repository.markMilestone(callSid, CallRepository.Milestone.ANSWERED, now);
		this.repository.markMilestone(callSid, CallRepository.Milestone.TWIML, now);
		this.repository.setStreamUrl(callSid, streamUrl);
		twilioEvent(callSid, StreamEvent.twimlFetched(webhook, streamUrl));
	}

	/** A {@code <Stream statusCallback>}: stream-started, stream-stopped or stream-error. */
	public void streamStatusCallback(String callSid, Map<String, String> form) {
		String event = form.getOrDefault("StreamEvent", "unknown");
		ensureKnown(callSid, form, this.clock.instant());
		this.repository.markMilestone(callSid, CallRepository.Milestone.FIRST_WEBHOOK, this.clock.instant());
		twilioEvent(callSid, StreamEvent.streamCallback(event, form.getOrDefault("StreamSid", ""), form.get("StreamError")));
		if ("stream-error".equals(event)) {
			diagnostic(callSid, Diagnostics.streamError(this.clock.instant(), form.getOrDefault("StreamError", "(no detail)")),
					Diagnostics.STREAM_ERROR);
		}
	}

	/**
	 * Why a media stream's {@code start} for {@code callSid} must be refused, or {@code null} to accept it.
	 * The handshake signature is over a fixed URL, so a captured one can be replayed forever; a stream is
	 * therefore only accepted for a call whose TwiML this deployment served, that has not ended and has
	 * no stream yet (one {@code <Stream>} per call).
	 */
	public String streamRefusal(String callSid) {
		Optional<CallRecord> call = this.repository.find(callSid);
		if (call.isEmpty()) {
			return "unknown call";
		}
		if (call.get().twimlAt() == null) {
			return "no TwiML was served for this call";
		}
		if (call.get().endedAt() != null) {
			return "the call has ended";
		}
		LiveCall here = this.live.find(callSid).orElse(null);
		// The stream sid is written behind (the journal): a replay on this node is caught by the LiveCall at once.
		if (call.get().streamSid() != null || (here != null && here.streamStartAt() != null)) {
			return "the call already has a stream";
		}
		return null;
	}

	/**
	 * The media stream's {@code start} arrived: the call is streaming. Runs on the media socket thread, so nothing
	 * here waits for the database: {@link #streamRefusal} has just read the call's row, and the stream sid, the
	 * stream milestone and the events go through the journal without waiting. Read-your-writes: {@code GET
	 * /api/calls/{sid}} flushes the call's queued rows before reading; this node's watchdog and a replayed
	 * {@code start} on this node see the stream in the {@link LiveCall} at once; another node sees the row once the
	 * journal has written it (milliseconds; its watchdog allows the stream 10 s).
	 */
	public void streamStarted(String callSid, String streamSid, Set<Track> tracks, CallDirection direction,
			StreamEvent.Data start) {
		Instant now = this.clock.instant();
		LiveCall call = liveCall(callSid);
		call.streamStarted(now, tracks, direction);
		this.journal.streamStarted(callSid, streamSid, now, this.run);
		twilioEvent(callSid, start);
		this.journal.publishWithoutWaiting(status(callSid, "streaming", now), "streaming");
	}

	/**
	 * A non-media stream event (connected, first media per track, stop, closed; the TwiML fetch and Twilio's stream
	 * callbacks): published now, stored behind, never waiting (the media socket thread sends most of them).
	 */
	public void twilioEvent(String callSid, StreamEvent.Data data) {
		// Stored as the record (data_json); the detail column is only the log line's name for it.
		this.journal.publishWithoutWaiting(new StreamEvent(callSid, this.clock.instant(), data), data.event());
	}

	/**
	 * The server is shutting down while the call streams: its transcript so far is flushed and kept, and
	 * the call is marked {@code interrupted} rather than left looking live.
	 */
	public void interrupted(String callSid) {
		interrupted(callSid, this.clock.instant(), "server shutdown");
	}

	/**
	 * A previous run of this node stopped without a shutdown (killed, crashed) while the call streamed: the stream
	 * went with it and Twilio never reconnects one, so the call is marked {@code interrupted} ("server restarted"),
	 * with a diagnostic that says why, rather than left looking live. Its transcript is what that run stored.
	 */
	public void interruptedByRestart(String callSid, Instant streamedSince) {
		Instant now = this.clock.instant();
		interrupted(callSid, now, "server restarted");
		diagnostic(callSid, Diagnostics.interruptedByRestart(now, streamedSince), Diagnostics.CALL_INTERRUPTED);
	}

	/**
	 * The run of another node (or an earlier run of this one) that held the call's stream stopped beating without a
	 * shutdown ({@link NodeHeartbeat}): the stream died with it, so the call is marked {@code interrupted} ("node
	 * stopped") with a diagnostic that says which node and when it was last seen.
	 */
	public void interruptedByStoppedNode(String callSid, Instant streamedSince, String node, Instant lastSeen) {
		Instant now = this.clock.instant();
		interrupted(callSid, now, "node stopped");
		diagnostic(callSid, Diagnostics.interruptedByStoppedNode(now, streamedSince, node, lastSeen),
				Diagnostics.CALL_INTERRUPTED);
	}

	/**
	 * A previous run of this node stopped while {@code telephony}, the telephone network simulated in that process,
	 * was still placing the call (it had not streamed): the call went with the process, so it is marked
	 * {@code interrupted} ("server restarted") with a diagnostic, rather than left queued or ringing for ever.
	 */
	public void placingInterruptedByRestart(String callSid, String status, String telephony) {
		Instant now = this.clock.instant();
		interrupted(callSid, now, "server restarted");
		diagnostic(callSid, Diagnostics.placingInterruptedByRestart(now, status, telephony),
				Diagnostics.CALL_INTERRUPTED);
	}

	private void interrupted(String callSid, Instant now, String reason) {
		this.repository.updateStatus(callSid, "interrupted");
		this.repository.markMilestone(callSid, CallRepository.Milestone.ENDED, now);
		recordStatus(callSid, "interrupted", now, reason);
		liveCall(callSid).ended(now);
	}

	/**
	 * Stores and publishes a diagnostic unless the same key already fired for the call on any node (the
	 * database insert is the claim, so two nodes' watchdogs raise it once).
	 */
	public boolean diagnostic(String callSid, Diagnostic diagnostic, String onceKey) {
		if (callSid != null && !this.repository.exists(callSid)) {
			callSid = null;
		}
		if (callSid == null) {
			if (!globalAllowed(onceKey, diagnostic.at())) {
				return false;
			}
			this.repository.addDiagnostic(null, diagnostic);
		}
		else {
			// Remembered on the call here too, so the watchdog does not re-claim a standing condition every second.
			// A call this node only watches (another node holds it) gets a LiveCall for that, forgotten like any.
			if (!liveCall(callSid).claimDiagnostic(onceKey)) {
				return false;
			}
			if (!this.repository.addDiagnosticOnce(callSid, diagnostic, onceKey)) {
				log.debug("[diagnostic] {} callSid={} already raised by another node", diagnostic.code(), callSid);
				return false;
			}
		}
		log.warn("[diagnostic] {} callSid={}: {}", diagnostic.code(), callSid, diagnostic.message());
		this.journal.publish(DiagnosticRaised.raised(callSid, diagnostic.at(), diagnostic.code(), diagnostic.message(),
				diagnostic.cause(), diagnostic.fix()));
		return true;
	}

	/**
	 * The condition behind a call's diagnostic ended (e.g. transcription is back in real time): it is marked
	 * resolved, so the call no longer lists it, and a {@code diagnostic} event with {@code "resolved": true} and
	 * the same code tells the browsers to take it down.
	 */
	public boolean resolveDiagnostic(String callSid, String code, String onceKey, String message) {
		Instant now = this.clock.instant();
		if (!this.repository.resolveDiagnostic(callSid, onceKey, now)) {
			return false;
		}
		log.info("[diagnostic] {} resolved callSid={}: {}", code, callSid, message);
		this.journal.publish(DiagnosticRaised.resolved(callSid, now, code, message));
		return true;
	}

	/**
	 * Diagnostics that belong to no call (forged requests, startup checks) are stored at most once a minute
	 * per code: a flood of forged requests must not flood the database.
	 */
	private boolean globalAllowed(String key, Instant at) {
		Instant[] previous = new Instant[1];
		this.lastGlobal.compute(key, (k, last) -> {
			previous[0] = last;
			return (last == null || Duration.between(last, at).compareTo(GLOBAL_DIAGNOSTIC_INTERVAL) >= 0) ? at : last;
		});
		return previous[0] == null || Duration.between(previous[0], at).compareTo(GLOBAL_DIAGNOSTIC_INTERVAL) >= 0;
	}

	/**
	 * The stored progress with what this node knows first: the row's stream milestone is written behind the socket
	 * (the call journal), so a stream this node holds counts at once, whatever the row says yet.
	 */
	public CallProgress withWhatThisNodeKnows(CallProgress call) {
		if (call.streamAt() != null) {
			return call;
		}
		Instant started = this.live.find(call.callSid()).map(LiveCall::streamStartAt).orElse(null);
		return (started != null) ? call.withStreamAt(started) : call;
	}

	public Optional<LiveCall> live(String callSid) {
		return this.live.find(callSid);
	}

	/**
	 * Forgets this node's memory of calls the watchdog no longer watches (the database keeps everything), with
	 * every feature's state of them; see {@link LiveCalls#forgetAllBut}.
	 */
	public void forgetAllBut(Set<String> watched, Instant now, Duration minAge) {
		this.live.forgetAllBut(watched, now, minAge);
	}

	private LiveCall liveCall(String callSid) {
		return this.live.get(callSid);
	}

	/** A webhook can be the first we hear of a call (inbound calls, a restart): create its row. */
	private void ensureKnown(String callSid, Map<String, String> form, Instant now) {
		if (this.repository.exists(callSid)) {
			return;
		}
		String twilioDirection = form.getOrDefault("Direction", "inbound");
		boolean inbound = "inbound".equals(twilioDirection);
		// Only well-formed numbers are kept: these fields come from the webhook, validated by signature only.
		String from = PhoneNumbers.normalise(form.get("From"));
		String to = PhoneNumbers.normalise(form.get("To"));
		this.repository.insertIfAbsent(CallRecord.created(callSid, inbound ? "inbound" : "outbound",
				inbound ? from : to, to, from, clip(form.getOrDefault("CallStatus", "unknown"), 32), null, now));
	}

	private void ended(String callSid, String status, Instant now) {
		LiveCall call = liveCall(callSid);
		call.ended(now);
		this.repository.markMilestone(callSid, CallRepository.Milestone.ENDED, now);
		// From the database: the TwiML may have been served by another node.
		if (!"completed".equals(status) && this.repository.find(callSid).map(CallRecord::twimlAt).orElse(null) == null) {
			diagnostic(callSid, Diagnostics.callFailed(now, status), Diagnostics.CALL_FAILED);
		}
	}

	private void recordStatus(String callSid, String status, Instant now, String detail) {
		CallStatus event = status(callSid, status, now);
		log.info("[twilio] Call status: {} callSid={}", status, callSid);
		// The detail column keeps what the webhook said besides the status (to=, CallDuration=…) for the log line.
		this.journal.publish(event, status + (detail.isEmpty() ? "" : " " + detail));
	}

	private static CallStatus status(String callSid, String status, Instant now) {
		return new CallStatus(callSid, now, status, label(status));
	}

	/**
	 * How the page names each status and which step of the happy path it reaches, in step order: the page takes
	 * this from {@code /api/config} rather than keeping a copy.
	 *
	 * @param label what the status line and the recent-calls list say
	 * @param step the happy-path step it reaches ({@code calling}, {@code ringing}, {@code connected},
	 * {@code streaming}, {@code completed}), or {@code null} for a status that ends the call without completing it
	 */
	public record StatusLabel(String label, String step) {
	}

	private static final Map<String, StatusLabel> STATUSES = statusLabels();

	private static Map<String, StatusLabel> statusLabels() {
		Map<String, StatusLabel> m = new LinkedHashMap<>();
		m.put("queued", new StatusLabel("Calling agent", "calling"));
		m.put("initiated", new StatusLabel("Calling agent", "calling"));
		m.put("ringing", new StatusLabel("Ringing", "ringing"));
		m.put("in-progress", new StatusLabel("Connected", "connected"));
		m.put("answered", new StatusLabel("Connected", "connected"));
		m.put("streaming", new StatusLabel("Streaming", "streaming")); // TalkHint's own: the media stream started
		m.put("completed", new StatusLabel("Completed", "completed"));
		m.put("busy", new StatusLabel("Busy", null));
		m.put("no-answer", new StatusLabel("No answer", null));
		m.put("canceled", new StatusLabel("Canceled", null));
		m.put("failed", new StatusLabel("Failed", null));
		m.put("interrupted", new StatusLabel("Interrupted", null)); // TalkHint's own: the server stopped mid-call
		return java.util.Collections.unmodifiableMap(m);
	}

	/** Every status TalkHint knows, happy-path steps first, in order. */
	public static Map<String, StatusLabel> statusLabelsInOrder() {
		return STATUSES;
	}

	/** The UI's status line for a Twilio CallStatus (or TalkHint's own {@code streaming}). */
	public static String label(String status) {
		StatusLabel known = STATUSES.get(status);
		return (known != null) ? known.label() : status;
	}

	/**
	 * The status a stored call is in as the page shows it: Twilio's last CallStatus, except that a call whose media
	 * stream started and that has not ended is {@code streaming} (TalkHint's own step, never a Twilio status, so
	 * it is not the stored one).
	 */
	public static String shownStatus(CallRecord call) {
		boolean connected = "in-progress".equals(call.status()) || "answered".equals(call.status());
		return (connected && call.streamAt() != null && call.endedAt() == null) ? "streaming" : call.status();
	}

	private static String clip(String value, int max) {
		return (value.length() > max) ? value.substring(0, max) : value;
	}

	private static String detail(Map<String, String> form, String... keys) {
		StringBuilder sb = new StringBuilder();
		for (String key : keys) {
			String value = form.get(key);
			if (value != null && !value.isBlank()) {
				sb.append(sb.isEmpty() ? "" : " ").append(key).append('=').append(value);
			}
		}
		return sb.toString();
	}

}
