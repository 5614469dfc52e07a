package com.talkhint.hint;

import com.talkhint.event.Hint;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.talkhint.audio.CallDirection;
import com.talkhint.audio.Speaker;
import com.talkhint.audio.StreamContext;
import com.talkhint.call.CallJournal;
import com.talkhint.call.CallRecord;
import com.talkhint.call.CallRepository;
import com.talkhint.call.JournalProperties;
import com.talkhint.call.LiveCalls;
import com.talkhint.call.StoredCalls;
import com.talkhint.event.CallEvent;
import com.talkhint.event.CallEvent.CallSummary;
import com.talkhint.event.CallEvent.ChecklistTicked;
import com.talkhint.event.CallEvent.CoachingMetrics;
import com.talkhint.event.CallEvent.HintFired;
import com.talkhint.event.LocalEventBus;
import com.talkhint.transcription.TranscriptSegment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The Spring-free engine over a real H2 schema, a real event bus and real HTTP servers for the webhook and the LLM. */
class HintEngineTests {

	private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

	private final JsonMapper json = JsonMapper.builder().build();

	private final LocalEventBus events = new LocalEventBus();

	private final List<CallEvent> published = new CopyOnWriteArrayList<>();

	private CallRepository calls;

	private CallJournal journal;

	private ChatServer webhookServer;

	private ChatServer llmServer;

	private final CountDownLatch webhookPosted = new CountDownLatch(1);

	private final CountDownLatch llmHint = new CountDownLatch(1);

	@BeforeEach
	void setUp() throws Exception {
		String url = "jdbc:h2:mem:" + System.nanoTime()
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
		Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load().migrate();
		DriverManagerDataSource database = new DriverManagerDataSource(url, "sa", "");
		this.calls = new CallRepository(JdbcClient.create(database), this.json);
		this.journal = new CallJournal(database, this.json, this.events, new SimpleMeterRegistry(),
				JournalProperties.defaults());
		this.journal.start();
		this.calls.insert(CallRecord.created("CA1", "outbound", "+14155550100", "+14155550111", "+14155550122",
				"in-progress", "discovery", NOW));
		this.events.subscribe(event -> {
			this.published.add(event);
			if (event instanceof HintFired hint && hint.data().id().equals("llm-suggestion")) {
				this.llmHint.countDown();
			}
		});
		this.webhookServer = new ChatServer(request -> {
			this.webhookPosted.countDown();
			return new ChatServer.Response(204, "");
		});
		this.llmServer = new ChatServer(request -> new ChatServer.Response(200, """
				{"choices":[{"index":0,"message":{"role":"assistant","content":"Offer the starter plan."}}]}"""));
	}

	@AfterEach
	void tearDown() {
		this.journal.destroy();
		this.webhookServer.close();
		this.llmServer.close();
	}

	@Test
	void bothTracksOnTheirOwnThreadsGiveStoredAndPublishedHintsAndASummary() throws Exception {
		Scenario scenario = Scenario.fromFolder(Scenario.sharedDir().resolve("audio/scenarios/discovery"));
		try (LlmSuggestionSource llm = new LlmSuggestionSource(this.llmServer.baseUrl(), "k", "m",
				Duration.ofSeconds(5), this.json);
				SummaryWebhook webhook = new SummaryWebhook(this.webhookServer.baseUrl() + "/calls", this.json)) {
			HintEngine engine = new HintEngine(new PlaybookSource(null, Path.of("does-not-exist.yml")), this.journal,
					new StoredCalls(this.calls, this.journal), Clock.fixed(NOW, ZoneOffset.UTC), llm,
					Duration.ofSeconds(60), webhook, new LiveCalls(Clock.fixed(NOW, ZoneOffset.UTC)));
			engine.onStreamStart(new StreamContext("CA1", "MZ1", CallDirection.OUTBOUND, Map.of()));

			// each track on its own thread, like the recognition executors: progress every 100 ms, partials, finals
			CompletableFuture<Void> agent = CompletableFuture.runAsync(() -> track(engine, scenario, Speaker.AGENT));
			CompletableFuture<Void> customer = CompletableFuture.runAsync(() -> track(engine, scenario, Speaker.CUSTOMER));
			CompletableFuture.allOf(agent, customer).get(30, TimeUnit.SECONDS);
			assertThat(this.llmHint.await(10, TimeUnit.SECONDS)).as("LLM suggestion arrived").isTrue();
			engine.onStreamEnd("CA1");

			this.journal.flush("CA1"); // hints and the summary are written behind, as the API reads them
			List<Hint> stored = this.calls.hints("CA1");
			List<HintFired> publishedHints = this.published.stream()
				.filter(HintFired.class::isInstance)
				.map(HintFired.class::cast)
				.toList();
			List<String> publishedIds = publishedHints.stream().map((e) -> e.data().id()).toList();
			assertThat(stored).extracting(Hint::id).containsExactlyInAnyOrderElementsOf(
					publishedIds.stream().map(String::valueOf).toList());
			assertThat(stored).extracting(Hint::id)
				.contains("price-objection", "competitor-mention", "decision-timeline", "llm-suggestion")
				.doesNotContain("recording-disclosure"); // the agent said it in the first sentence
			HintFired hint = publishedHints.get(0);
			assertThat(hint.callSid()).isEqualTo("CA1");
			assertThat(hint.at()).isEqualTo(NOW);
			// what the browser gets: the hint's fields (nulls left out) and nothing else
			assertThat(this.json.valueToTree(hint).path("data").propertyNames()).isSubsetOf("id", "kind", "title",
					"text", "atMs", "trigger", "path", "score", "evidence", "utterance")
				.contains("id", "kind", "title", "text", "atMs", "trigger", "path");
			HintFired price = publishedHints.stream()
				.filter(e -> e.data().id().equals("price-objection"))
				.findFirst()
				.get();
			assertThat(price.data().path()).isEqualTo("rule");
			assertThat(price.data().evidence()).isEqualTo("@price too high");
			assertThat(price.data().utterance()).isEqualTo("It works, but honestly the price is too high");
			Hint storedPrice = stored.stream().filter(h -> h.id().equals("price-objection")).findFirst().get();
			assertThat(storedPrice.path()).isEqualTo("rule");
			assertThat(storedPrice.utterance()).isEqualTo("It works, but honestly the price is too high");
			assertThat(this.published).extracting(CallEvent::type)
				.contains(ChecklistTicked.TYPE, CoachingMetrics.TYPE)
				.last().isEqualTo(CallSummary.TYPE);

			JsonNode summary = this.json.readTree(this.calls.find("CA1").get().summaryJson());
			assertThat(summary.path("hintCounts").path("price-objection").asInt()).isEqualTo(1);
			assertThat(summary.path("talkRatio").asDouble()).isBetween(0.4, 0.7);
			assertThat(summary.path("checklist").findValuesAsString("id")).contains("greeting", "next-steps");

			assertThat(this.webhookPosted.await(10, TimeUnit.SECONDS)).as("webhook posted").isTrue();
			ChatServer.Request post = this.webhookServer.requests.get(0);
			assertThat(post.method()).isEqualTo("POST");
			assertThat(post.path()).isEqualTo("/calls");
			JsonNode body = this.json.readTree(post.body());
			assertThat(body.path("callSid").asString()).isEqualTo("CA1");
			assertThat(body.path("to").asString()).isEqualTo("+14155550100");
			assertThat(body.path("transcript")).hasSize(scenario.utterances().size());
			assertThat(body.path("hints")).hasSize(stored.size());
			assertThat(body.path("summary").path("callSid").asString()).isEqualTo("CA1");
		}
	}

	@Test
	void callbacksAfterTheStreamEndedAreIgnored() {
		HintEngine engine = new HintEngine(new PlaybookSource(null, Path.of("does-not-exist.yml")), this.journal,
				new StoredCalls(this.calls, this.journal), Clock.fixed(NOW, ZoneOffset.UTC), null, Duration.ZERO, null,
				new LiveCalls(Clock.fixed(NOW, ZoneOffset.UTC)));
		engine.onStreamStart(new StreamContext("CA1", "MZ1", CallDirection.OUTBOUND, Map.of()));
		engine.onStreamEnd("CA1");
		engine.onFinal("CA1", new TranscriptSegment(Speaker.CUSTOMER, "that is way over our budget", 0, 2_000));
		this.journal.flush("CA1");
		assertThat(this.calls.hints("CA1")).isEmpty();
	}

	/** The coach is kept on the call's LiveCall: the engine keeps no map of its own, and a forgotten call leaves nothing. */
	@Test
	void theCoachGoesWithTheCallWhenItIsForgotten() {
		LiveCalls live = new LiveCalls(Clock.fixed(NOW, ZoneOffset.UTC));
		HintEngine engine = new HintEngine(new PlaybookSource(null, Path.of("does-not-exist.yml")), this.journal,
				new StoredCalls(this.calls, this.journal), Clock.fixed(NOW, ZoneOffset.UTC), null, Duration.ZERO, null,
				live);
		for (int i = 0; i < 50; i++) {
			String sid = "CA-many-" + i;
			engine.onStreamStart(new StreamContext(sid, "MZ" + i, CallDirection.OUTBOUND, Map.of()));
			engine.onFinal(sid, new TranscriptSegment(Speaker.CUSTOMER, "that is way over our budget", 0, 2_000));
			engine.onStreamEnd(sid);
			engine.onFinal(sid, new TranscriptSegment(Speaker.CUSTOMER, "still way over our budget", 2_000, 4_000));
		}
		assertThat(live.size()).isEqualTo(50);
		live.forgetAllBut(java.util.Set.of(), NOW.plus(Duration.ofMinutes(3)), Duration.ofMinutes(2));
		assertThat(live.size()).isZero();
	}

	/**
	 * The meaning path in the engine: a customer final with no trigger word fires price-objection by meaning on
	 * the judgement thread (not the recognition thread that delivered the final), stored and published with its
	 * path, score, closest example and the words it fired on.
	 */
	@Test
	void meaningHintsFireOffTheRecognitionThreadWithTheirEvidence() throws Exception {
		PlaybookSource playbooks = new PlaybookSource(null, Path.of("does-not-exist.yml"));
		HintMeaning meaning = builtInMeaning(playbooks);
		java.util.concurrent.ExecutorService judgements = java.util.concurrent.Executors
			.newSingleThreadExecutor(r -> new Thread(r, "judge-test"));
		List<String> publishedOn = new CopyOnWriteArrayList<>();
		CountDownLatch meaningHint = new CountDownLatch(1);
		this.events.subscribe(event -> {
			if (event instanceof HintFired hint && "meaning".equals(hint.data().path())) {
				publishedOn.add(Thread.currentThread().getName());
				meaningHint.countDown();
			}
		});
		try {
			HintEngine engine = new HintEngine(playbooks, this.journal, new StoredCalls(this.calls, this.journal),
					Clock.fixed(NOW, ZoneOffset.UTC), null, Duration.ZERO, null,
					new LiveCalls(Clock.fixed(NOW, ZoneOffset.UTC)), meaning, judgements);
			engine.onStreamStart(new StreamContext("CA1", "MZ1", CallDirection.OUTBOUND, Map.of()));
			engine.onFinal("CA1", new TranscriptSegment(Speaker.CUSTOMER,
					"that figure would swallow most of what we set aside for tools this year", 0, 4_000));
			assertThat(meaningHint.await(30, TimeUnit.SECONDS)).as("meaning hint published").isTrue();
			assertThat(publishedOn).containsExactly("judge-test");
			this.journal.flush("CA1");
			Hint stored = this.calls.hints("CA1").get(0);
			assertThat(stored.id()).isEqualTo("price-objection");
			assertThat(stored.path()).isEqualTo("meaning");
			assertThat(stored.score()).isBetween(0.766, 1.0);
			assertThat(playbooks.playbook().entry("price-objection").examples()).contains(stored.evidence());
			assertThat(stored.utterance()).isEqualTo("that figure would swallow most of what we set aside for tools this year");

		}
		finally {
			judgements.shutdownNow();
		}
	}

	/**
	 * A hint the meaning path fires on the recogniser's best reading of a final stands only if the next readings
	 * agree. "i am another question about the fed up" is how Vosk heard "I have another question about the setup"
	 * in the audio replay; typed, it reads as leaving (the 97-set head reads a request for a person in it too), but
	 * one of its next readings does not, so it is blocked and the reading is named. A line heard alike on every
	 * reading keeps its hint.
	 */
	@Test
	void aMeaningHintMustHoldOnTheRecognisersNextReadings() {
		PlaybookSource playbooks = new PlaybookSource(null, Path.of("does-not-exist.yml"));
		HintMeaning meaning = builtInMeaning(playbooks);
		MeaningIndex index = meaning.index();
		String heard = "i am another question about the fed up";

		HintJudge.Judgement typed = HintEngine.judgement(meaning, index, playbooks.current(), Speaker.CUSTOMER, heard);
		assertThat(typed.fired()).extracting(f -> f.entry().id()).contains("cancellation-risk");
		assertThat(typed.fired()).allSatisfy(f -> assertThat(f.path()).isEqualTo("meaning"));

		HintJudge.Judgement recognised = HintEngine.judgement(meaning, index, playbooks.current(), Speaker.CUSTOMER,
				heard, List.of("i am another question about from the fed up", "i am another question about the fears of"));
		assertThat(recognised.fired()).isEmpty();
		assertThat(recognised.blocked()).anySatisfy(b -> {
			assertThat(b.entry().id()).isEqualTo("cancellation-risk");
			assertThat(b.reason()).isEqualTo("score");
			assertThat(b.detail()).contains("under its threshold").endsWith("next reading \"i am another question about the fears of\"");
		});

		HintJudge.Judgement alike = HintEngine.judgement(meaning, index, playbooks.current(), Speaker.CUSTOMER,
				"we are also talking to a couple of other members",
				List.of("we are also talking to a couple of other men done", "we are also talking to a couple of other men does"));
		assertThat(alike.fired()).extracting(f -> f.entry().id()).containsExactly("competitor-mention");

		// only readings that differ in words count, and at most two of them
		assertThat(HintJudge.nextReadings("We are here.", List.of("we are here", " ", "we were here", "we are there",
				"we art here"))).containsExactly("we were here", "we are there");
	}

	/** The meaning path of the built-in playbook, ready (loaded on the calling thread). */
	private static HintMeaning builtInMeaning(PlaybookSource playbooks) {
		HintMeaning meaning = new HintMeaning(SentenceEncoder.Model.E5_SMALL_Q, MeaningClassifier.Kind.BLEND,
				Runnable::run);
		meaning.source(playbooks::playbook, List::of, () -> new long[] { playbooks.version(), 0 });
		meaning.refresh();
		return meaning;
	}

	/** One track as the pipeline delivers it: progress every 100 ms, a partial per word, a final per utterance. */
	private void track(HintEngine engine, Scenario scenario, Speaker speaker) {
		List<TranscriptSegment> mine = scenario.utterances().stream().filter(s -> s.speaker() == speaker).toList();
		long end = scenario.utterances().get(scenario.utterances().size() - 1).endMs() + 2_000;
		int next = 0;
		for (long t = 100; t <= end; t += 100) {
			long now = t;
			boolean voiced = mine.stream().anyMatch(s -> s.startMs() <= now && now <= s.endMs());
			engine.onAudioProgress("CA1", speaker, t, voiced);
			if (next < mine.size()) {
				TranscriptSegment s = mine.get(next);
				String[] words = s.text().split("\\s+");
				if (t > s.startMs() && t < s.endMs()) {
					int n = (int) Math.max(1, words.length * (t - s.startMs()) / (s.endMs() - s.startMs()));
					engine.onPartial("CA1", speaker, String.join(" ", List.of(words).subList(0, n)), s.startMs(), t);
				}
				else if (t >= s.endMs()) {
					this.calls.addTranscript("CA1", s); // the pipeline stores the final before listeners see it
					engine.onFinal("CA1", s);
					next++;
				}
			}
		}
	}

}
