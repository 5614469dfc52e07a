package com.talkhint.call;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import com.talkhint.audio.Speaker;
import com.talkhint.event.EventBus;
import com.talkhint.event.TalkHintEvent;
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
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("speaker", speaker.wireName());
		data.put("text", text);
		data.put("startMs", startMs);
		this.events.publish(new TalkHintEvent(TalkHintEvent.TRANSCRIPT_PARTIAL, callSid, this.clock.instant(), data));
	}

	@Override
	public void onFinal(String callSid, TranscriptSegment segment) {
		this.repository.addTranscript(callSid, segment);
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("speaker", segment.speaker().wireName());
		data.put("text", segment.text());
		data.put("startMs", segment.startMs());
		data.put("endMs", segment.endMs());
		data.put("confidences", segment.confidences());
		this.events.publish(new TalkHintEvent(TalkHintEvent.TRANSCRIPT_FINAL, callSid, this.clock.instant(), data));
	}

}
