package com.talkhint.transcription;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.PriorityBlockingQueue;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The recognition workers' queue: turns of tracks whose speaker just paused first, the rest in arrival order. */
class TurnOrderTests {

	@Test
	void aTrackThatJustPausedGoesAheadOfSpeechQueuedBeforeIt() {
		List<String> ran = new ArrayList<>();
		PriorityBlockingQueue<Runnable> queue = new PriorityBlockingQueue<>(8, TrackTranscriber.Turn.ORDER);
		queue.add(new TrackTranscriber.Turn(() -> ran.add("speech 1"), false, 1));
		queue.add(new TrackTranscriber.Turn(() -> ran.add("speech 2"), false, 2));
		queue.add(new TrackTranscriber.Turn(() -> ran.add("pause 3"), true, 3));
		queue.add(new TrackTranscriber.Turn(() -> ran.add("speech 4"), false, 4));
		queue.add(new TrackTranscriber.Turn(() -> ran.add("pause 5"), true, 5));

		Runnable next;
		while ((next = queue.poll()) != null) {
			next.run();
		}

		assertThat(ran).containsExactly("pause 3", "pause 5", "speech 1", "speech 2", "speech 4");
	}

}
