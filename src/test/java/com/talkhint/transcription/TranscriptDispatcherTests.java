package com.talkhint.transcription;

import java.util.List;

import com.talkhint.audio.Speaker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TranscriptDispatcherTests {

	private final CollectingListener first = new CollectingListener();

	private final CollectingListener second = new CollectingListener();

	private final TranscriptListener broken = new TranscriptListener() {

		@Override
		public void onPartial(String callSid, Speaker speaker, String text, long startMs, long nowMs) {
			throw new IllegalStateException("listener bug");
		}

	};

	private final TranscriptDispatcher dispatcher = new TranscriptDispatcher("CA1", Speaker.CUSTOMER,
			List.of(this.first, this.broken, this.second));

	@Test
	void partialsAreDeliveredOnlyWhenTheirTextChanges() {
		this.dispatcher.partial("", 100, 200);
		this.dispatcher.partial("the price", 100, 400);
		this.dispatcher.partial("the price", 100, 600);
		this.dispatcher.partial("the price is", 100, 800);
		this.dispatcher.finalResult(new Recognition("the price is too high", 100, 1900));
		this.dispatcher.partial("the price", 2500, 2700); // a new utterance may repeat an old partial

		assertThat(this.first.partials).extracting(CollectingListener.Partial::text)
			.containsExactly("the price", "the price is", "the price");
		assertThat(this.first.finals).extracting(CollectingListener.Final::segment)
			.containsExactly(new TranscriptSegment(Speaker.CUSTOMER, "the price is too high", 100, 1900));
	}

	@Test
	void otherReadingsAreRedactedLikeTheBestOne() {
		com.talkhint.privacy.Redactor redactor = new com.talkhint.privacy.Redactor(true);
		TranscriptDispatcher redacting = new TranscriptDispatcher("CA2", Speaker.CUSTOMER, List.of(this.first),
				redactor::redact, redactor::redactPartial);
		redacting.finalResult(new Recognition("my email is jane at example dot com", 0, 2000,
				List.of("my email is jane at example dot com please", "my card is four one one one one one one one one one one one one one one one")));

		TranscriptSegment segment = this.first.finals.get(0).segment();
		assertThat(segment.text()).doesNotContain("jane");
		assertThat(segment.alternatives()).hasSize(2)
			.allSatisfy(reading -> assertThat(reading).doesNotContain("jane").doesNotContain("one one one one"));
	}

	@Test
	void aFailingListenerDoesNotStopTheOthers() {
		this.dispatcher.partial("hello", 0, 100);
		this.dispatcher.partial("hello there", 0, 300);

		assertThat(this.second.partials).extracting(CollectingListener.Partial::text)
			.containsExactly("hello", "hello there");
	}

}
