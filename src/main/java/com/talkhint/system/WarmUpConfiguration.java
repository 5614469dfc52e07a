package com.talkhint.system;

import java.util.List;

import com.talkhint.call.WarmUp;
import com.talkhint.hint.HintMeaning;
import com.talkhint.transcription.TranscriptionPipeline;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * The node's startup work ({@link WarmUp}): both start once the application is ready and run side by side, a core
 * each (3–4 s on two cores). Until both are over the node reports itself not ready ({@code warmUp} in
 * {@code /actuator/health} and its readiness group: OUT_OF_SERVICE, 503; its details, where shown, name what it
 * waits for), and a call
 * placed meanwhile waits for them in {@code CallAdmission} rather than start behind real time.
 */
@Configuration(proxyBeanMethods = false)
class WarmUpConfiguration {

	@Bean
	@Order(1)
	WarmUp transcriptionWarmUp(TranscriptionPipeline pipeline) {
		return new WarmUp("transcription warm-up", pipeline::warmedUp);
	}

	@Bean
	@Order(2)
	WarmUp meaningModelLoad(HintMeaning meaning) {
		return new WarmUp("meaning model load", meaning::ready);
	}

	@Bean
	HealthIndicator warmUpHealthIndicator(List<WarmUp> work) {
		return () -> {
			List<String> waiting = work.stream().filter((w) -> !w.finished()).map(WarmUp::what).toList();
			return waiting.isEmpty() ? Health.up().build()
					: Health.outOfService().withDetail("waitingFor", waiting).build();
		};
	}

}
