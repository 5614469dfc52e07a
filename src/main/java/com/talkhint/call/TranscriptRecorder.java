package com.talkhint.call;

import java.time.Clock;

import com.talkhint.audio.Speaker;
import com.talkhint.event.EventBus;
import com.talkhint.event.TranscriptFinal;
import com.talkhint.event.TranscriptPartial;
import com.talkhint.transcription.TranscriptListener;
import com.talkhint.transcription.TranscriptSegment;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Stores every final transcript segment before anything else sees it, and publishes partials and finals
 * to the browser ({@code transcript.partial}, {@code transcript.final}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class TranscriptRecorder implements TranscriptListener {

	private final CallRepository repository;

	private final EventBus events;

	private final Clock clock;

	TranscriptRecorder(CallRepository repository, EventBus events, Clock clock) {
		this.repository = repository;
		this.events = events;
		this.clock = clock;
	}

	@Override
	public void onPartial(String callSid, Speaker speaker, String text, long startMs, long nowMs) {
		this.events.publish(new TranscriptPartial(callSid, this.clock.instant(),
				new TranscriptPartial.Data(speaker.wireName(), text, startMs)));
	}

	@Override
	public void onFinal(String callSid, TranscriptSegment segment) {
		this.repository.addTranscript(callSid, segment);
		this.events.publish(new TranscriptFinal(callSid, this.clock.instant(), new TranscriptFinal.Data(
				segment.speaker().wireName(), segment.text(), segment.startMs(), segment.endMs(), segment.confidences())));
	}

}
