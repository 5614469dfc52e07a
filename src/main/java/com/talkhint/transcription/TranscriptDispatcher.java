package com.talkhint.transcription;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import com.talkhint.audio.Speaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands one track's results to every {@link TranscriptListener}, in order: partials only when their text
 * changed (the recogniser repeats itself every poll), finals with the speaker attached. Redaction and the
 * listeners run through the call's {@link CallDelivery}, off the recognition workers. A listener that throws is
 * logged once per track and does not stop the others.
 */
final class TranscriptDispatcher {

	private static final Logger log = LoggerFactory.getLogger(TranscriptDispatcher.class);

	private final String callSid;

	private final Speaker speaker;

	private final List<TranscriptListener> listeners;

	private final boolean[] failed;

	private final CallDelivery delivery;

	private final FinalTimers timers;

	/** Last partial as recognised (recognition side) and as delivered, redacted (delivery side). */
	private String lastRawPartial = "";

	private String lastPartial = "";

	/** Applied to every text before any listener sees it (PII redaction), so nothing downstream has the original. */
	private final UnaryOperator<String> redact;

	/** The same for partials, which may hold the first digits of a number not yet heard in full. */
	private final UnaryOperator<String> redactPartial;

	TranscriptDispatcher(String callSid, Speaker speaker, List<TranscriptListener> listeners) {
		this(callSid, speaker, listeners, UnaryOperator.identity(), UnaryOperator.identity());
	}

	TranscriptDispatcher(String callSid, Speaker speaker, List<TranscriptListener> listeners,
			UnaryOperator<String> redact, UnaryOperator<String> redactPartial) {
		this(callSid, speaker, listeners, redact, redactPartial, new CallDelivery(callSid, Runnable::run, new LongAdder()),
				FinalTimers.unbound());
	}

	TranscriptDispatcher(String callSid, Speaker speaker, List<TranscriptListener> listeners,
			UnaryOperator<String> redact, UnaryOperator<String> redactPartial, CallDelivery delivery,
			FinalTimers timers) {
		this.delivery = delivery;
		this.timers = timers;
		this.redact = redact;
		this.redactPartial = redactPartial;
		this.callSid = callSid;
		this.speaker = speaker;
		this.listeners = listeners;
		this.failed = new boolean[listeners.size()];
	}

	void partial(String raw, long startMs, long nowMs) {
		if (raw.isEmpty() || raw.equals(this.lastRawPartial)) {
			return; // the same words again: nothing to hand over
		}
		this.lastRawPartial = raw;
		this.delivery.offer(() -> {
			String text = this.redactPartial.apply(raw);
			if (text.isEmpty() || text.equals(this.lastPartial)) {
				return;
			}
			this.lastPartial = text;
			each((listener) -> listener.onPartial(this.callSid, this.speaker, text, startMs, nowMs));
		});
	}

	void finalResult(Recognition recognition) {
		this.lastRawPartial = "";
		long handed = System.nanoTime();
		this.delivery.put(() -> {
			long taken = System.nanoTime();
			this.timers.delivery().record(taken - handed, TimeUnit.NANOSECONDS);
			this.lastPartial = "";
			String text = this.redact.apply(recognition.text());
			TranscriptSegment segment = new TranscriptSegment(this.speaker, text, recognition.startMs(),
					recognition.endMs(), recognition.alternatives().stream().map(this.redact).toList(),
					WordConfidence.afterRedaction(recognition.text(), recognition.confidences(), text));
			each((listener) -> listener.onFinal(this.callSid, segment));
			this.timers.listeners().record(System.nanoTime() - taken, TimeUnit.NANOSECONDS);
		}, "a final transcript");
	}

	/** The utterance ended without words (noise): the next partial starts afresh. */
	void utteranceEnded() {
		this.lastRawPartial = "";
		this.delivery.put(() -> this.lastPartial = "", "an utterance end");
	}

	void progress(long streamMs, boolean voiced) {
		this.delivery.offer(() -> each((listener) -> listener.onAudioProgress(this.callSid, this.speaker, streamMs,
				voiced)));
	}

	private void each(Consumer<TranscriptListener> call) {
		for (int i = 0; i < this.listeners.size(); i++) {
			TranscriptListener listener = this.listeners.get(i);
			try {
				call.accept(listener);
			}
			catch (RuntimeException ex) {
				if (!this.failed[i]) {
					this.failed[i] = true;
					log.warn("[transcription] listener {} failed on call {} ({}), further failures not logged: {}",
							listener.getClass().getSimpleName(), this.callSid, this.speaker.wireName(), ex.toString());
				}
			}
		}
	}

}
