package com.talkhint.call;

import java.util.List;
import java.util.Optional;

import com.talkhint.event.Hint;
import com.talkhint.transcription.TranscriptSegment;

import org.springframework.stereotype.Component;

/**
 * A finished call as stored, for readers outside this package (the summary webhook). Read only, since nothing but
 * the {@link CallJournal} writes a call's transcript, hints or summary; and read after the journal has written
 * what it still holds for the call, so the reader sees everything published before it asked.
 */
@Component
public class StoredCalls {

	private final CallRepository repository;

	private final CallJournal journal;

	public StoredCalls(CallRepository repository, CallJournal journal) {
		this.repository = repository;
		this.journal = journal;
	}

	/**
	 * Waits (at most the journal's {@code read-timeout}) until the rows queued for the call are written, then gives
	 * the call's stored parts; each is read when asked, so one that fails leaves the others readable.
	 */
	public StoredCall read(String callSid) {
		this.journal.flush(callSid);
		return new StoredCall(callSid);
	}

	/** One call's stored parts, as of the {@link #read} that gave it. */
	public final class StoredCall {

		private final String callSid;

		private StoredCall(String callSid) {
			this.callSid = callSid;
		}

		public Optional<CallRecord> record() {
			return StoredCalls.this.repository.find(this.callSid);
		}

		/** In the order it was said. */
		public List<TranscriptSegment> transcript() {
			return StoredCalls.this.repository.transcript(this.callSid);
		}

		/** In the order they fired. */
		public List<Hint> hints() {
			return StoredCalls.this.repository.hints(this.callSid);
		}

	}

}
