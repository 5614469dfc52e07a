package com.talkhint.call;

import java.time.Clock;

import com.talkhint.audio.Speaker;
import com.talkhint.event.CallEvent.TranscriptFinal;
import com.talkhint.event.CallEvent.TranscriptPartial;
import com.talkhint.transcription.TranscriptListener;
import com.talkhint.transcription.TranscriptSegment;

import org.springframework.stereotype.Component;

/**
 * Hands every final transcript segment to the {@link CallJournal} (queued for storage, published to the browser as
 * {@code transcript.final}), and publishes partials ({@code transcript.partial}, live only). The application's
 * wiring calls it before any other transcript listener, so a line is shown and stored before what it causes.
 */
@Component
public class TranscriptRecorder implements TranscriptListener {

	private final CallJournal journal;

	private final Clock clock;

	TranscriptRecorder(CallJournal journal, Clock clock) {
		this.journal = journal;
		this.clock = clock;
	}

	@Override
	public void onPartial(String callSid, Speaker speaker, String text, long startMs, long nowMs) {
		this.journal.publish(new TranscriptPartial(callSid, this.clock.instant(),
				new TranscriptPartial.Data(speaker.wireName(), text, startMs)));
	}

	@Override
	public void onFinal(String callSid, TranscriptSegment segment) {
		this.journal.publish(new TranscriptFinal(callSid, this.clock.instant(), new TranscriptFinal.Data(
				segment.speaker().wireName(), segment.text(), segment.startMs(), segment.endMs(), segment.confidences())));
	}

}
