package com.talkhint.hint;

import java.nio.file.Path;
import java.time.Clock;

import com.talkhint.call.CallRepository;
import com.talkhint.event.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

/** Wires the hint engine: the playbook (reloaded on change), the optional LLM source and summary webhook. */
@Configuration(proxyBeanMethods = false)
class HintConfiguration {

	private static final Logger log = LoggerFactory.getLogger(HintConfiguration.class);

	@Bean
	PlaybookSource playbookSource(HintProperties properties) {
		return new PlaybookSource(properties.playbook(), Path.of("playbook.yml"));
	}

	@Bean(destroyMethod = "close")
	HintSideChannels hintSideChannels(LlmProperties llm, HintProperties hints, JsonMapper json) {
		LlmSuggestionSource source = null;
		if (llm.enabled()) {
			source = new LlmSuggestionSource(llm.baseUrl(), llm.apiKey(), llm.model(), llm.timeout(), json);
			log.info("[hints] LLM suggestions from {} (model {}, deadline {} ms)", source.endpoint(), llm.model(),
					llm.timeout().toMillis());
		}
		SummaryWebhook webhook = hints.hasWebhook() ? new SummaryWebhook(hints.summaryWebhookUrl(), json) : null;
		return new HintSideChannels(source, webhook);
	}

	@Bean
	HintEngine hintEngine(PlaybookSource playbooks, CallRepository calls, EventBus events, Clock clock, JsonMapper json,
			HintSideChannels side, LlmProperties llm) {
		return new HintEngine(playbooks, calls, events, clock, json, side.llm(), llm.minInterval(), side.webhook());
	}

	@Bean
	PlaybookReloader playbookReloader(PlaybookSource playbooks) {
		return new PlaybookReloader(playbooks);
	}

	/** Polls the playbook file; "a few seconds" after a save the new playbook is in force. */
	static class PlaybookReloader {

		private final PlaybookSource playbooks;

		PlaybookReloader(PlaybookSource playbooks) {
			this.playbooks = playbooks;
		}

		@Scheduled(fixedDelayString = "${talkhint.hints.reload-seconds:3}", initialDelayString = "${talkhint.hints.reload-seconds:3}",
				timeUnit = java.util.concurrent.TimeUnit.SECONDS)
		void poll() {
			this.playbooks.reloadIfChanged();
		}

	}

	/** The optional outbound HTTP users of the engine, closed (threads stopped) with the context. */
	record HintSideChannels(LlmSuggestionSource llm, SummaryWebhook webhook) implements AutoCloseable {

		@Override
		public void close() {
			if (this.llm != null) {
				this.llm.close();
			}
			if (this.webhook != null) {
				this.webhook.close();
			}
		}

	}

}
