package com.talkhint.system;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.talkhint.audio.Speaker;
import com.talkhint.call.CallService;
import com.talkhint.call.TranscriptRecorder;
import com.talkhint.event.CallEvent.HintFired;
import com.talkhint.event.CallEvent.TranscriptFinal;
import com.talkhint.event.EventBus;
import com.talkhint.hint.HintEngine;
import com.talkhint.transcription.TranscriptListener;
import com.talkhint.transcription.TranscriptListeners;
import com.talkhint.transcription.TranscriptSegment;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application's transcript listeners, in the order the pipeline calls them: the recorder, then the hint
 * engine. A line the customer says is on the bus before the hint it fires.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"spring.datasource.url=jdbc:h2:mem:pipelinewiring;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"talkhint.transcription.warm-up=false", "talkhint.hints.meaning=false" })
class PipelineConfigurationTests {

	@Autowired
	TranscriptListeners listeners;

	@Autowired
	TranscriptRecorder recorder;

	@Autowired
	HintEngine hints;

	@Autowired
	CallService calls;

	@Autowired
	EventBus bus;

	@Test
	void theRecorderComesFirstThenTheHintEngine() {
		assertThat(this.listeners.inOrder()).containsExactly(this.recorder, this.hints);
	}

	@Test
	void aLineIsPublishedBeforeTheHintItFires() throws Exception {
		String sid = "CA" + "5".repeat(32);
		this.calls.placed(sid, "+14155550100", "+15005550001", "+15005550006", null, "queued");
		List<String> types = new CopyOnWriteArrayList<>();
		try (AutoCloseable subscription = this.bus.subscribe((e) -> {
			if (sid.equals(e.callSid())) {
				types.add(e.type());
			}
		})) {
			TranscriptSegment line = new TranscriptSegment(Speaker.CUSTOMER,
					"It works, but honestly the price is too high", 0, 3_000);
			// as a call's delivery thread hands a final over
			for (TranscriptListener listener : this.listeners.inOrder()) {
				listener.onFinal(sid, line);
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> types.contains(HintFired.TYPE));
		}
		assertThat(types).first().isEqualTo(TranscriptFinal.TYPE);
	}

}
