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
				if (this.labels.get(i) == h && (best < 0 || Vectors.cosine(this.vectors.get(i), probe)
						> Vectors.cosine(this.vectors.get(best), probe))) {
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
		MeaningClassifier restored = read.withNeighbours(rows(), labelArray());
		assertThat(restored.needsNeighbours()).isFalse();
		assertThat(restored.scores(probe)).containsExactly(head.scores(probe), within(1e-9));
	}

	/**
	 * Rows of a table shared with others are searched where they are, vectors of their own copied together into one
	 * run; either way the head scores and names the nearest example as it does on arrays of their own.
	 */
	@Test
	void aHeadSearchesRowsOfASharedTableWhereTheyAre() {
		int n = this.vectors.size();
		short[] table = new short[(n + 5) * D]; // two spare rows first, three between two runs
		List<MeaningClassifier.Row> mixed = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			float[] v = this.vectors.get(i);
			if (i >= 25 && i < 35) {
				mixed.add(MeaningClassifier.Row.of(v.clone()));
				continue;
			}
			int row = (i < 25) ? i + 2 : i + 5;
			System.arraycopy(Half.of(v), 0, table, row * D, D);
			mixed.add(new MeaningClassifier.Row(table, row * D, D));
		}
		MeaningClassifier own = train(MeaningClassifier.Kind.BLEND, 50);
		MeaningClassifier shared = own.withNeighbours(mixed, labelArray());
		assertThat(shared.runArrays()).hasSize(3);
		assertThat(shared.runArrays().get(0)).isSameAs(table);
		assertThat(shared.runArrays().get(1)).hasSize(10 * D);
		assertThat(shared.runArrays().get(2)).isSameAs(table);
		Random random = new Random(11);
		for (int t = 0; t < 20; t++) {
			float[] probe = new float[D];
			for (int j = 0; j < D; j++) {
				probe[j] = (float) random.nextGaussian();
			}
			probe = unit(probe);
			int[] nearestOwn = new int[2];
			int[] nearestShared = new int[2];
			assertThat(shared.scores(probe, nearestShared)).containsExactly(own.scores(probe, nearestOwn), within(1e-12));
			assertThat(nearestShared).containsExactly(nearestOwn);
		}
		assertThatThrownBy(() -> own.withNeighbours(List.of(new MeaningClassifier.Row(table, 0, D - 1)), new int[] { 0 }))
			.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("7 floats, not 8");
	}

	/**
	 * A table of {@link MeaningClassifier#REDUCE_FROM} rows or more is ranked on its projections first: the three
	 * nearest examples of each class, and so the scores, are those of the full pass.
	 */
	@Test
	void aLargeTableIsRankedOnItsProjectionsWithTheFullPassResult() {
		int d = 128;
		int n = 3000;
		Random random = new Random(5);
		float[][] centres = new float[3][d];
		for (float[] c : centres) {
			for (int j = 0; j < d; j++) {
				c[j] = (float) random.nextGaussian();
			}
			unit(c);
		}
		// like sentence vectors, the rows vary mostly along a few directions (here 40 of 128), a little along all
		float[][] directions = new float[40][d];
		for (float[] v : directions) {
			for (int j = 0; j < d; j++) {
				v[j] = (float) random.nextGaussian() / (float) Math.sqrt(d);
			}
		}
		float[] table = new float[n * d];
		int[] labels = new int[n];
		for (int i = 0; i < n; i++) {
			labels[i] = i % 3 - 1;
			float[] row = centres[i % 3].clone();
			for (float[] v : directions) {
				float w = (float) (0.4 * random.nextGaussian());
				for (int j = 0; j < d; j++) {
					row[j] += w * v[j];
				}
			}
			for (int j = 0; j < d; j++) {
				row[j] += (float) (0.01 * random.nextGaussian());
			}
			System.arraycopy(unit(row), 0, table, i * d, d);
		}
		short[] held = Half.of(table);
		Subspace.Projection projection = MeaningClassifier.projection(held, d);
		List<MeaningClassifier.Row> plain = new ArrayList<>();
		List<MeaningClassifier.Row> projected = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			plain.add(new MeaningClassifier.Row(held, i * d, d));
			projected.add(new MeaningClassifier.Row(held, i * d, d, projection));
		}
		MeaningClassifier full = MeaningClassifier.train(MeaningClassifier.Kind.KNN, 2, plain, labels, null, 0, 0, 0);
		MeaningClassifier ranked = MeaningClassifier.train(MeaningClassifier.Kind.KNN, 2, projected, labels, null, 0, 0, 0);
		assertThat(full.searchesProjections()).isFalse();
		assertThat(ranked.searchesProjections()).isTrue();
		for (int t = 0; t < 50; t++) {
			float[] probe = java.util.Arrays.copyOfRange(table, (7 * t) * d, (7 * t + 1) * d);
			for (float[] v : directions) {
				float w = (float) (0.3 * random.nextGaussian());
				for (int j = 0; j < d; j++) {
					probe[j] += w * v[j];
				}
			}
			unit(probe);
			int[] nearestFull = new int[2];
			int[] nearestRanked = new int[2];
			assertThat(ranked.scores(probe, nearestRanked)).containsExactly(full.scores(probe, nearestFull), within(1e-12));
			assertThat(nearestRanked).containsExactly(nearestFull);
		}
		// a small table is searched row by row
		assertThat(MeaningClassifier.projection(java.util.Arrays.copyOf(held, 100 * d), d)).isNull();
	}

	/** Every index of the built-in playbook searches the one bundled table: no copy per index, nor per instance. */
	@Test
	void theBundledVectorsAreHeldOnce() {
		Playbook playbook = new PlaybookSource(null, Path.of("does-not-exist.yml")).playbook();
		HintMeaning one = new HintMeaning(SentenceEncoder.Model.E5_SMALL_Q, MeaningClassifier.Kind.BLEND, Runnable::run);
		HintMeaning two = new HintMeaning(SentenceEncoder.Model.E5_SMALL_Q, MeaningClassifier.Kind.BLEND, Runnable::run);
		MeaningIndex first = one.build(playbook, List.of(), 1, 0);
		MeaningIndex second = two.build(playbook, List.of(), 1, 0);
		short[] table = first.head().runArrays().get(0);
		assertThat(table.length).as("every example sentence, bundled").isGreaterThan(1000 * 384);
		assertThat(first.head().runArrays()).allSatisfy(a -> assertThat(a).isSameAs(table));
		assertThat(second.head().runArrays()).allSatisfy(a -> assertThat(a).isSameAs(table));
		assertThat(first.head().searchesProjections()).isTrue();
		// a feedback line is not bundled: it is embedded and searched in a run of its own after the table's rows
		List<MeaningIndex.Example> examples = new ArrayList<>(first.examples());
		String line = "could you drop the spec sheet into the shared drive before the end of play tomorrow";
		examples.add(new MeaningIndex.Example("follow-up-request", true, line, one.row(line), FeedbackItem.SOURCE));
		List<short[]> arrays = first.withExamples(examples, 1).head().runArrays();
		assertThat(arrays.subList(0, arrays.size() - 1)).allSatisfy(a -> assertThat(a).isSameAs(table));
		assertThat(arrays.get(arrays.size() - 1)).containsExactly(Half.of(one.vector(line)));
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
		assertThat(Vectors.cosine(probe, meaning.vector(taught))).as("a paraphrase, not a near-duplicate")
			.isLessThan(MeaningIndex.NEAR_DUPLICATE);
		List<MeaningIndex.Example> examples = new ArrayList<>(index.examples());
		examples.add(new MeaningIndex.Example("follow-up-request", true, taught, meaning.row(taught), FeedbackItem.SOURCE));
		MeaningIndex quick = index.withExamples(examples, 1);
		double before = index.score(probe, playbook.meaning()).get("follow-up-request").score();
		double after = quick.score(probe, playbook.meaning()).get("follow-up-request").score();
		assertThat(before).as("not already certain").isLessThan(0.9);
		assertThat(after).isGreaterThan(before + 0.05);
		assertThat(quick.score(probe, playbook.meaning()).get("follow-up-request").nearFeedback()).isNull();
	}

	private MeaningClassifier train(MeaningClassifier.Kind kind, double beta) {
		return MeaningClassifier.train(kind, 2, rows(), labelArray(), null, 0.1, beta, 200);
	}

	private List<MeaningClassifier.Row> rows() {
		return this.vectors.stream().map(MeaningClassifier.Row::of).toList();
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
