package com.talkhint.call;

import java.time.Clock;
import java.util.Locale;

import com.talkhint.audio.Speaker;
import com.talkhint.transcription.Degradation;
import com.talkhint.transcription.LagReport;
import com.talkhint.transcription.NodeLoad;
import com.talkhint.transcription.TranscriptionHealthListener;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Turns transcription trouble into diagnostics on the call, saying what was measured: a track falling behind
 * real time (and whether this node's calls or other work on the machine took the CPU), the track back in real
 * time (the diagnostic is then resolved), an overload step reaching the call, a failed recogniser. The listener
 * is called on a recognition worker, so storing and publishing is handed to a thread of its own.
 */
@Component
class TranscriptionHealthDiagnostics implements TranscriptionHealthListener {

	private static final Logger log = LoggerFactory.getLogger(TranscriptionHealthDiagnostics.class);

	private final CallService calls;

	private final Clock clock;

	private final ThreadPoolTaskExecutor writer;

	TranscriptionHealthDiagnostics(CallService calls, Clock clock) {
		this.calls = calls;
		this.clock = clock;
		this.writer = new ThreadPoolTaskExecutor();
		this.writer.setThreadNamePrefix("transcription-diagnostics-");
		this.writer.setCorePoolSize(1);
		this.writer.setMaxPoolSize(1);
		this.writer.setQueueCapacity(10_000);
		this.writer.setDaemon(true);
		this.writer.initialize();
	}

	@PreDestroy
	void stop() {
		this.writer.shutdown();
	}

	@Override
	public void onLagging(String callSid, Speaker speaker, LagReport report) {
		int episode = report.episode();
		NodeLoad node = report.node();
		String message = String.format(Locale.ROOT,
				"Transcription of the %s is %.1f s behind real time (%s)%s. No audio is dropped: it catches up "
						+ "and this clears when it is back in real time.",
				speaker.wireName(), report.lagMs() / 1000.0, node.describe(),
				(report.droppedFrames() > 0) ? "; " + report.droppedFrames() + " frame(s) of audio were dropped "
						+ "after more than the configured max-backlog waited" : "");
		String cause;
		String fix;
		if (node.starvedByOtherWork()) {
			cause = String.format(Locale.ROOT, "Other work on this machine took the CPU: the machine used %.2f of its "
					+ "%d cores while TalkHint used %.2f.", node.machineCores(), node.cores(), node.processCores());
			fix = "Give TalkHint cores of its own (a dedicated VM or container CPU quota), or move the other work away.";
		}
		else if (node.capacity() >= 0 && node.openStreams() > node.capacity()) {
			cause = String.format(Locale.ROOT, "This node runs %d calls and measured capacity for %d: each call-second "
					+ "costs %.3f CPU-seconds of recognition on %d cores.", node.openStreams(), node.capacity(),
					node.cpuPerCallSecond(), node.cores());
			fix = "New calls are refused while it catches up; add nodes or cores for more calls (docs/scaling.md).";
		}
		else {
			cause = "Speech on several calls lined up, or the process paused (a full GC, the first call after a "
					+ "start); the node is within its measured capacity.";
			fix = "Nothing if it clears within seconds; if it repeats, see docs/load.md for this node's capacity.";
		}
		post(() -> this.calls.diagnostic(callSid,
				new Diagnostic(this.clock.instant(), Diagnostics.TRANSCRIPTION_LAGGING, message, cause, fix),
				onceKey(speaker, episode)));
	}

	@Override
	public void onCaughtUp(String callSid, Speaker speaker, LagReport report) {
		int episode = report.episode();
		String message = String.format(Locale.ROOT,
				"Transcription of the %s is back in real time after %.1f s behind (worst %.1f s)%s.",
				speaker.wireName(), report.behindForMs() / 1000.0, report.worstLagMs() / 1000.0,
				(report.droppedFrames() > 0) ? "; " + report.droppedFrames() + " frame(s) were dropped" : "");
		post(() -> this.calls.resolveDiagnostic(callSid, Diagnostics.TRANSCRIPTION_LAGGING, onceKey(speaker, episode),
				message));
	}

	@Override
	public void onDegraded(String callSid, Speaker speaker, Degradation step, NodeLoad node) {
		String what = switch (step) {
			case FEWER_PARTIALS -> "partial transcripts come less often (hints on finals are unaffected)";
			case ECONOMY_DECODER -> "new utterances are decoded with the cheaper decoder settings (slightly less "
					+ "accurate)";
			default -> step.wireName();
		};
		// The step follows the node's recent lag (with hysteresis), so the lag right now may already be small: say
		// what was measured rather than calling the node overloaded, and blame other work when it took the CPU.
		String message = String.format(Locale.ROOT, "Speech recognition on this node fell behind real time, so for the "
				+ "%s %s. Measured as the step was taken: %d ms behind real time now; %s.", speaker.wireName(), what,
				node.maxLagMs(), node.describe());
		String cause = node.starvedByOtherWork()
				? "Other processes on this machine took most of the CPU while these calls ran."
				: (node.openStreams() <= 1) ? "The machine could not give this call's recognition a full core in time "
						+ "(a burst of speech right after start, a slow or shared CPU)."
						: "More speech at once than the node's cores decode in real time.";
		post(() -> this.calls.diagnostic(callSid, new Diagnostic(this.clock.instant(), Diagnostics.TRANSCRIPTION_DEGRADED,
				message, cause,
				"Nothing to do for this call: all its audio is still transcribed. Add nodes or cores if it is frequent."),
				Diagnostics.TRANSCRIPTION_DEGRADED + ":" + step.wireName()));
	}

	@Override
	public void onRecognizerFailed(String callSid, Speaker speaker, Exception cause) {
		post(() -> this.calls.diagnostic(callSid, new Diagnostic(this.clock.instant(), Diagnostics.TRANSCRIPTION_FAILED,
				"The speech recogniser failed on the " + speaker.wireName() + " track: " + cause.getMessage()
						+ ". Transcripts so far are kept.",
				"A native Vosk error (memory, a broken model directory).",
				"Check the log and talkhint.transcription.model-path; restart the node if it repeats."),
				Diagnostics.TRANSCRIPTION_FAILED + ":" + speaker.wireName()));
	}

	/** Each lag episode of a track is its own diagnostic: a resolved one may come back later in the call. */
	private static String onceKey(Speaker speaker, int episode) {
		return Diagnostics.TRANSCRIPTION_LAGGING + ":" + speaker.wireName() + ":" + episode;
	}

	private void post(Runnable write) {
		try {
			this.writer.execute(() -> {
				try {
					write.run();
				}
				catch (RuntimeException ex) {
					log.warn("[diagnostic] transcription diagnostic not stored: {}", ex.toString());
				}
			});
		}
		catch (RuntimeException ex) { // queue full or shut down: said here rather than lost silently
			log.warn("[diagnostic] transcription diagnostic dropped: {}", ex.toString());
		}
	}

}
