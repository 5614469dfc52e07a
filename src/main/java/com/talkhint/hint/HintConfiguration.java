package com.talkhint.hint;

import java.nio.file.Path;
import java.time.Clock;

import com.talkhint.call.CallJournal;
import com.talkhint.call.LiveCalls;
import com.talkhint.call.StoredCalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

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
	HintEngine hintEngine(PlaybookSource playbooks, CallJournal journal, StoredCalls calls, Clock clock,
			HintSideChannels side, LlmProperties llm, LiveCalls live, HintMeaning meaning, HintExecutors executors) {
		return new HintEngine(playbooks, journal, calls, clock, side.llm(), llm.minInterval(), side.webhook(), live,
				meaning, executors.judgements());
	}

	@Bean
	FeedbackRepository feedbackRepository(JdbcClient jdbc) {
		return new FeedbackRepository(jdbc);
	}

	/** Loads the model and trains the meaning path in the background; rules alone until it is ready. */
	@Bean
	HintMeaning hintMeaning(HintProperties properties, PlaybookSource playbooks, FeedbackRepository feedback,
			HintExecutors executors) {
		HintMeaning meaning = new HintMeaning(SentenceEncoder.Model.parse(properties.meaningModel()),
				MeaningClassifier.Kind.BLEND, executors.builds(), properties.meaning());
		meaning.source(playbooks::playbook, feedback::lessons, () -> new long[] { playbooks.version(), feedback.version() });
		if (!properties.meaning()) {
			log.info("[hints] meaning path off (talkhint.hints.meaning=false): triggers only");
		}
		return meaning;
	}

	/** The model loads once the application is ready, so it does not slow the start on a small machine. */
	@Bean
	org.springframework.context.ApplicationListener<org.springframework.boot.context.event.ApplicationReadyEvent> hintMeaningWhenReady(
			HintMeaning meaning) {
		return (event) -> meaning.refresh();
	}

	@Bean(destroyMethod = "close")
	HintExecutors hintExecutors() {
		return new HintExecutors(executor("hint-meaning-build-", 8), executor("hint-meaning-", 256));
	}

	private static ThreadPoolTaskExecutor executor(String prefix, int queue) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(1);
		executor.setMaxPoolSize(1);
		executor.setQueueCapacity(queue);
		executor.setThreadNamePrefix(prefix);
		executor.setDaemon(true);
		executor.setWaitForTasksToCompleteOnShutdown(false);
		executor.initialize();
		return executor;
	}

	/**
	 * The meaning path's two threads, kept out of the context as beans of their own (an Executor bean would
	 * replace Spring's application task executor): one loads the model and retrains (startup, playbook edits,
	 * feedback), one scores utterances off the media and recognition threads; a full queue refuses new work
	 * (those utterances are judged by the rules alone) rather than slowing the recognisers.
	 */
	record HintExecutors(ThreadPoolTaskExecutor builds, ThreadPoolTaskExecutor judgements) implements AutoCloseable {

		@Override
		public void close() {
			this.builds.shutdown();
			this.judgements.shutdown();
		}

	}

	@Bean
	PlaybookReloader playbookReloader(PlaybookSource playbooks, HintMeaning meaning) {
		return new PlaybookReloader(playbooks, meaning);
	}

	/**
	 * Polls the playbook file; "a few seconds" after a save the new playbook is in force, and the meaning path
	 * retrains on its examples.
	 */
	static class PlaybookReloader {

		private final PlaybookSource playbooks;

		private final HintMeaning meaning;

		PlaybookReloader(PlaybookSource playbooks, HintMeaning meaning) {
			this.playbooks = playbooks;
			this.meaning = meaning;
		}

		@Scheduled(fixedDelayString = "${talkhint.hints.reload-seconds:3}", initialDelayString = "${talkhint.hints.reload-seconds:3}",
				timeUnit = java.util.concurrent.TimeUnit.SECONDS)
		void poll() {
			this.playbooks.reloadIfChanged();
			this.meaning.refresh();
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
