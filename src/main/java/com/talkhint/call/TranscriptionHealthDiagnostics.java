package com.talkhint.call;

import java.time.Clock;

import com.talkhint.audio.Speaker;
import com.talkhint.transcription.TranscriptionHealthListener;

import org.springframework.stereotype.Component;

/** Turns transcription trouble (falling behind real time, a failed recogniser) into diagnostics on the call. */
@Component
class TranscriptionHealthDiagnostics implements TranscriptionHealthListener {

	private final CallService calls;

	private final Clock clock;

	TranscriptionHealthDiagnostics(CallService calls, Clock clock) {
		this.calls = calls;
		this.clock = clock;
	}

	@Override
	public void onFallingBehind(String callSid, Speaker speaker, long lagMs, long droppedFrames) {
		this.calls.diagnostic(callSid, new Diagnostic(this.clock.instant(), Diagnostics.TRANSCRIPTION_LAGGING,
				"Transcription of the " + speaker.wireName() + " fell " + lagMs + " ms behind real time; "
						+ droppedFrames + " frame(s) dropped so far (silence first) to catch up.",
				"This node has more concurrent calls than its CPU can transcribe in real time.",
				"Run fewer calls per node or add nodes (see docs/scaling.md); a smaller model-path also helps."),
				Diagnostics.TRANSCRIPTION_LAGGING + ":" + speaker.wireName());
	}

	@Override
	public void onRecognizerFailed(String callSid, Speaker speaker, Exception cause) {
		this.calls.diagnostic(callSid, new Diagnostic(this.clock.instant(), Diagnostics.TRANSCRIPTION_FAILED,
				"The speech recogniser failed on the " + speaker.wireName() + " track: " + cause.getMessage()
						+ ". Transcripts so far are kept.",
				"A native Vosk error (memory, a broken model directory).",
				"Check the log and talkhint.transcription.model-path; restart the node if it repeats."),
				Diagnostics.TRANSCRIPTION_FAILED + ":" + speaker.wireName());
	}

}
