package com.talkhint.transcription;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.talkhint.audio.Speaker;
import com.talkhint.audio.StreamContext;

/** Records everything the pipeline tells its listeners, with the wall-clock time each final arrived. */
final class CollectingListener implements TranscriptListener {

	record Partial(String callSid, Speaker speaker, String text, long startMs, long nowMs) {
	}

	record Final(String callSid, TranscriptSegment segment, long arrivedNanos) {
	}

	record Progress(String callSid, Speaker speaker, long streamMs, boolean voiced) {
	}

	final List<StreamContext> started = new CopyOnWriteArrayList<>();

	final List<Partial> partials = new CopyOnWriteArrayList<>();

	final List<Final> finals = new CopyOnWriteArrayList<>();

	final List<Progress> progress = new CopyOnWriteArrayList<>();

	final List<String> ended = new CopyOnWriteArrayList<>();

	@Override
	public void onStreamStart(StreamContext context) {
		this.started.add(context);
	}

	@Override
	public void onPartial(String callSid, Speaker speaker, String text, long startMs, long nowMs) {
		this.partials.add(new Partial(callSid, speaker, text, startMs, nowMs));
	}

	@Override
	public void onFinal(String callSid, TranscriptSegment segment) {
		this.finals.add(new Final(callSid, segment, System.nanoTime()));
	}

	@Override
	public void onAudioProgress(String callSid, Speaker speaker, long streamMs, boolean voiced) {
		this.progress.add(new Progress(callSid, speaker, streamMs, voiced));
	}

	@Override
	public void onStreamEnd(String callSid) {
		this.ended.add(callSid);
	}

	List<TranscriptSegment> finals(String callSid, Speaker speaker) {
		List<TranscriptSegment> segments = new ArrayList<>();
		for (Final f : this.finals) {
			if (f.callSid().equals(callSid) && f.segment().speaker() == speaker) {
				segments.add(f.segment());
			}
		}
		return segments;
	}

	String text(String callSid, Speaker speaker) {
		return String.join(" ", finals(callSid, speaker).stream().map(TranscriptSegment::text).toList());
	}

}
