package com.talkhint.hint;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MeaningClassifierTests {

	/** Two hints and none, each a cluster around its own direction in 8 dimensions. */
	private static final int D = 8;

	private final List<float[]> vectors = new ArrayList<>();

	private final List<Integer> labels = new ArrayList<>();

	MeaningClassifierTests() {
		Random random = new Random(7);
		for (int c = -1; c < 2; c++) {
			for (int i = 0; i < 20; i++) {
				float[] v = new float[D];
				v[c + 1] = 1;
				for (int j = 0; j < D; j++) {
					v[j] += (float) (0.3 * random.nextGaussian());
				}
				this.vectors.add(unit(v));
				this.labels.add(c);
			}
		}
	}

	@Test
	void blendScoresItsOwnExamplesHighAndTheOthersLow() {
		MeaningClassifier head = train(MeaningClassifier.Kind.BLEND, 50);
		double[] hint0 = head.scores(unit(new float[] { 0, 1, 0.1f, 0, 0, 0, 0, 0 }));
		double[] none = head.scores(unit(new float[] { 1, 0, 0.1f, 0, 0, 0, 0, 0 }));
		assertThat(hint0[0]).isGreaterThan(0.9);
		assertThat(hint0[1]).isLessThan(0.1);
		assertThat(none[0]).isLessThan(0.1);
		assertThat(none[1]).isLessThan(0.1);
	}

	@Test
	void theNeighbourMarginMovesTheSoftmaxLogOdds() {
		float[] between = unit(new float[] { 0.6f, 0.6f, 0, 0, 0, 0, 0, 0 }); // as near none as hint 0
		double plain = train(MeaningClassifier.Kind.SOFTMAX, 0).scores(between)[0];
		double blend = train(MeaningClassifier.Kind.BLEND, 50).scores(between)[0];
		double margin = train(MeaningClassifier.Kind.KNN, 0).scores(between)[0];
		assertThat(Math.log(blend / (1 - blend))).isCloseTo(Math.log(plain / (1 - plain)) + 50 * margin, within(1e-6));
	}

	@Test
	void theOneVsRestBlendMovesEachHintsOwnLogOddsByTheSameMargin() {
		float[] between = unit(new float[] { 0, 0.6f, 0.6f, 0, 0, 0, 0, 0 }); // as near hint 0 as hint 1
		double[] plain = train(MeaningClassifier.Kind.LOGISTIC, 0).scores(between);
		double[] blend = train(MeaningClassifier.Kind.BLEND_OVR, 50).scores(between);
		double[] margin = train(MeaningClassifier.Kind.KNN, 0).scores(between);
		for (int h = 0; h < 2; h++) {
			assertThat(Math.log(blend[h] / (1 - blend[h])))
				.isCloseTo(Math.log(plain[h] / (1 - plain[h])) + 50 * margin[h], within(1e-6));
		}
		// one regression per hint: nothing makes the two share one unit of probability, as a softmax does
		double[] softmax = train(MeaningClassifier.Kind.SOFTMAX, 0).scores(between);
		assertThat(softmax[0] + softmax[1]).isLessThanOrEqualTo(1.0);
		assertThat(plain[0] + plain[1]).isGreaterThan(1.0);
	}

	@Test
	void theNeighbourPassNamesEachHintsNearestExample() {
		float[] probe = unit(new float[] { 0.3f, 0.8f, 0.5f, 0.1f, 0, 0, 0, 0 });
		int[] nearest = new int[2];
		double[] scores = train(MeaningClassifier.Kind.BLEND, 50).scores(probe, nearest);
		assertThat(scores).containsExactly(train(MeaningClassifier.Kind.BLEND, 50).scores(probe), within(1e-12));
		for (int h = 0; h < 2; h++) {
			int best = -1;
			for (int i = 0; i < this.vectors.size(); i++) {
				if (this.labels.get(i) == h && (best < 0 || MeaningClassifier.cosine(this.vectors.get(i), probe)
						> MeaningClassifier.cosine(this.vectors.get(best), probe))) {
					best = i;
				}
			}
			assertThat(nearest[h]).as("hint %d", h).isEqualTo(best);
		}
	}

	@Test
	void aBlendHeadReadBackNeedsItsExamplesAndThenScoresAsTrained() throws IOException {
		MeaningClassifier head = train(MeaningClassifier.Kind.BLEND, 50);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		head.write(new DataOutputStream(bytes));
		MeaningClassifier read = MeaningClassifier.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
		float[] probe = unit(new float[] { 0.2f, 0.1f, 0.9f, 0.3f, 0, 0, 0, 0 });
		assertThat(read.needsNeighbours()).isTrue();
		assertThatThrownBy(() -> read.scores(probe)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("withNeighbours");
		MeaningClassifier restored = read.withNeighbours(this.vectors, labelArray());
		assertThat(restored.needsNeighbours()).isFalse();
		assertThat(restored.scores(probe)).containsExactly(head.scores(probe), within(1e-9));
	}

	/** The built-in playbook starts from the bundled head (no training at startup), its neighbours restored. */
	@Test
	void theBuiltInPlaybookUsesTheBundledHead() {
		HintMeaning meaning = new HintMeaning(SentenceEncoder.Model.E5_SMALL_Q, MeaningClassifier.Kind.BLEND, Runnable::run);
		PlaybookSource playbooks = new PlaybookSource(null, Path.of("does-not-exist.yml"));
		MeaningIndex index = meaning.build(playbooks.playbook(), List.of(), 1, 0);
		assertThat(meaning.lastFromBundle()).as("bundled head matches the playbook's sentences: rerun HintBench --cache")
			.isTrue();
		assertThat(index.head().needsNeighbours()).isFalse();
		assertThat(index.head().kind()).isEqualTo(MeaningClassifier.Kind.BLEND);
	}

	/**
	 * Feedback before the head is retrained: a line marked missed joins the examples the neighbours are searched
	 * in, so a paraphrase of it (not a near-duplicate, which is decided by the line itself) scores higher at once.
	 */
	@Test
	void aLineMarkedMissedLiftsItsParaphrasesBeforeRetraining() {
		HintMeaning meaning = new HintMeaning(SentenceEncoder.Model.E5_SMALL_Q, MeaningClassifier.Kind.BLEND, Runnable::run);
		Playbook playbook = new PlaybookSource(null, Path.of("does-not-exist.yml")).playbook();
		MeaningIndex index = meaning.build(playbook, List.of(), 1, 0);
		// an agent's own kind of follow-up the playbook's sentences do not cover (the built-in examples already lift
		// ordinary requests to send something close to 1, so they would show nothing)
		String taught = "have the fitter pop round to measure up the bay window next time he's over this way";
		String paraphrase = "could your fitter swing by and measure the bay window when he's next in the area";
		float[] probe = meaning.vector(paraphrase);
		assertThat(MeaningClassifier.cosine(probe, meaning.vector(taught))).as("a paraphrase, not a near-duplicate")
			.isLessThan(MeaningIndex.NEAR_DUPLICATE);
		List<MeaningIndex.Example> examples = new ArrayList<>(index.examples());
		examples.add(new MeaningIndex.Example("follow-up-request", true, taught, meaning.vector(taught), FeedbackItem.SOURCE));
		MeaningIndex quick = index.withExamples(examples, 1);
		double before = index.score(probe, playbook.meaning()).get("follow-up-request").score();
		double after = quick.score(probe, playbook.meaning()).get("follow-up-request").score();
		assertThat(before).as("not already certain").isLessThan(0.9);
		assertThat(after).isGreaterThan(before + 0.05);
		assertThat(quick.score(probe, playbook.meaning()).get("follow-up-request").nearFeedback()).isNull();
	}

	private MeaningClassifier train(MeaningClassifier.Kind kind, double beta) {
		return MeaningClassifier.train(kind, 2, this.vectors, labelArray(), null, 0.1, beta, 200);
	}

	private int[] labelArray() {
		return this.labels.stream().mapToInt(Integer::intValue).toArray();
	}

	private static float[] unit(float[] v) {
		double n = 0;
		for (float x : v) {
			n += x * x;
		}
		for (int j = 0; j < v.length; j++) {
			v[j] /= (float) Math.sqrt(n);
		}
		return v;
	}

}
