package com.talkhint.hint;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's feedback counts from the next utterance even while the head is being retrained: the first build runs
 * (the bundled head, seconds), every later build is held back as if it were still training (it takes tens of
 * seconds on a busy node), and "wrong" and "missed" must both be in force without it.
 */
class HintMeaningFeedbackTests {

	/** Fires price-objection by meaning with the built-in playbook (no trigger matches it). */
	private static final String PRICE = "that figure would swallow most of what we set aside for tools this year";

	/** Fires nothing with the built-in playbook. */
	private static final String QUIET = "the vans go out at six and come back by noon most days";

	private final Playbook playbook = Playbook.defaults();

	private final List<FeedbackItem> feedback = new CopyOnWriteArrayList<>();

	private final AtomicLong feedbackVersion = new AtomicLong();

	/** Builds after the first, not run: a retrain still under way. */
	private final List<Runnable> heldBuilds = new ArrayList<>();

	private final Executor builds = task -> {
		if (this.ran++ == 0) {
			task.run();
		}
		else {
			this.heldBuilds.add(task);
		}
	};

	private int ran;

	@Test
	void wrongAndMissedCountAtOnceWhileTheHeadRetrains() {
		HintMeaning meaning = new HintMeaning(SentenceEncoder.Model.E5_SMALL_Q, MeaningClassifier.Kind.BLEND, this.builds);
		meaning.source(() -> this.playbook, () -> this.feedback, () -> new long[] { 1, this.feedbackVersion.get() });
		meaning.refresh();
		assertThat(score(meaning, PRICE, "price-objection").above()).as("before any feedback").isTrue();
		assertThat(score(meaning, QUIET, "follow-up-request").above()).isFalse();

		give(meaning, FeedbackItem.WRONG, "price-objection", PRICE);
		assertThat(this.heldBuilds).as("a retrain was asked for and has not run").hasSize(1);
		MeaningIndex.Score wrong = score(meaning, PRICE, "price-objection");
		assertThat(wrong.nearFeedback()).as("the line is a look-alike now").isNotNull();
		assertThat(wrong.above()).isFalse();

		// a second correction while that retrain is still under way
		give(meaning, FeedbackItem.MISSED, "follow-up-request", QUIET);
		assertThat(this.heldBuilds).as("no second build while one runs").hasSize(1);
		assertThat(score(meaning, QUIET, "follow-up-request").above()).as("the missed line fires now").isTrue();
		assertThat(score(meaning, PRICE, "price-objection").above()).as("the first correction holds").isFalse();
		assertThat(meaning.index().feedbackVersion()).isEqualTo(2);
	}

	private void give(HintMeaning meaning, String verdict, String hintId, String text) {
		long id = this.feedbackVersion.incrementAndGet();
		this.feedback.add(new FeedbackItem(id, null, hintId, verdict, text, null, Instant.now()));
		meaning.refresh();
	}

	private MeaningIndex.Score score(HintMeaning meaning, String text, String hintId) {
		return meaning.index().score(text, meaning::embed, this.playbook.meaning()).get(hintId);
	}

}
