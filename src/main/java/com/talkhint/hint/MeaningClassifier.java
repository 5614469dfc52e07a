package com.talkhint.hint;

import java.util.List;

/**
 * The light head on top of frozen sentence embeddings: given labelled example vectors (an index into the hint
 * ids, or {@link #NONE} for look-alikes and ordinary talk), it scores a new vector for each hint.
 * {@link Kind#SOFTMAX} is one multinomial logistic regression over the hints plus an explicit "none" class;
 * {@link Kind#LOGISTIC} one binary regression per hint; {@link Kind#KNN} the margin of the nearest examples of
 * the hint over the nearest examples of everything else; {@link Kind#BLEND} the softmax's probability with the
 * KNN margin added to its log-odds ({@code logit p + beta * margin}): the regression generalises from all the
 * examples, the neighbours keep a phrasing that only a few examples share from being averaged away.
 * {@link Kind#BLEND_OVR} the same margin on the LOGISTIC heads' log-odds, so that a line may score high for two hints
 * (measured over 65 sets: recall 0.92 against BLEND's 0.94 at the same precision; a bench option, docs/hints.md).
 * Features are standardised per dimension; training is
 * full-batch gradient descent (Adam), deterministic, a fraction of a second for a few thousand examples.
 */
final class MeaningClassifier {

	static final int NONE = -1;

	/**
	 * BLEND: how much one unit of nearest-neighbour margin moves the regression's log-odds. Chosen by
	 * leave-one-set-out over 22 labelled sets (docs/hints.md: 25, 50, 100, 150, 250; 100-150 a plateau, 50 on twelve
	 * sets); {@code talkhint.hints.blend-beta} overrides it for that measurement (HintBench), nothing else should.
	 */
	static final double BETA = Double.parseDouble(System.getProperty("talkhint.hints.blend-beta", "100"));

	enum Kind {

		SOFTMAX(false, false), LOGISTIC(true, false), KNN(false, true), BLEND(false, true), BLEND_OVR(true, true);

		/** One binary regression per hint instead of one softmax (KNN has no regression at all). */
		private final boolean perHint;

		/** Searches the nearest example vectors when scoring. */
		private final boolean neighbours;

		Kind(boolean perHint, boolean neighbours) {
			this.perHint = perHint;
			this.neighbours = neighbours;
		}

	}

	private final Kind kind;

	private final int hints;

	private final float[] mean;

	private final float[] scale;

	/** SOFTMAX: (hints + 1) x (d + 1); LOGISTIC: hints x (d + 1); last column the bias. */
	private final float[][] weights;

	/**
	 * An example vector of {@code length} values held as {@link Half} in an array from {@code offset}: its own
	 * array, or one row of a table of many (the bundled example vectors, {@link HintMeaning}), with the table's
	 * {@code projection} when it has one.
	 */
	record Row(short[] data, int offset, int length, Subspace.Projection projection) {

		Row(short[] data, int offset, int length) {
			this(data, offset, length, null);
		}

		/** A vector of its own, rounded to {@link Half}. */
		static Row of(float[] vector) {
			return new Row(Half.of(vector), 0, vector.length);
		}

		/** Whether the array holds this vector alone. */
		boolean own() {
			return this.data.length == this.length;
		}

		/** The vector as floats, in an array of its own. */
		float[] copy() {
			return Half.values(this.data, this.offset, this.length);
		}

	}

	/** KNN, BLEND: the example vectors the nearest-neighbour pass reads ({@code null} until given). */
	private final Runs runs;

	/** The runs projected on a table's principal axes, when there are enough examples ({@code null}: full pass). */
	private final Reduced reduced;

	/**
	 * The example vectors (unit length) as runs of consecutive rows ({@code dimension} floats each), in the order the
	 * head was given them: run {@code r} is {@code length[r]} rows of {@code data[r]} from {@code offset[r]}. The
	 * nearest-neighbour pass reads each run in order, so the CPU streams it instead of chasing one object per example
	 * (a probe over 21,000 vectors of 384: 3.5 ms a pass over one array, 6.1 ms over one array per vector allocated in
	 * pass order, 12.2 ms in another order). A run of rows of a shared table is read where it is, not copied: the
	 * bundled vectors are held once however many indexes search them.
	 */
	private record Runs(short[][] data, int[] offset, int[] length) {

		static Runs of(List<Row> vectors, int dimension) {
			List<short[]> data = new java.util.ArrayList<>();
			List<int[]> runs = new java.util.ArrayList<>(); // {offset, length}
			int count = vectors.size();
			int i = 0;
			while (i < count) {
				Row first = vectors.get(i);
				int j = i + 1;
				if (first.length() != dimension) {
					throw new IllegalArgumentException("vector " + i + " has " + first.length() + " floats, not " + dimension);
				}
				if (!first.own()) {
					// rows of a table: as many as follow one another in it
					while (j < count && vectors.get(j).data() == first.data()
							&& vectors.get(j).offset() == first.offset() + (j - i) * dimension) {
						j++;
					}
					data.add(first.data());
					runs.add(new int[] { first.offset(), j - i });
				}
				else {
					// vectors of their own (sentences not bundled): copied together into one run
					while (j < count && vectors.get(j).own() && vectors.get(j).length() == dimension) {
						j++;
					}
					short[] run = new short[(j - i) * dimension];
					for (int k = i; k < j; k++) {
						System.arraycopy(vectors.get(k).data(), vectors.get(k).offset(), run, (k - i) * dimension, dimension);
					}
					data.add(run);
					runs.add(new int[] { 0, j - i });
				}
				i = j;
			}
			return new Runs(data.toArray(new short[0][]), runs.stream().mapToInt(r -> r[0]).toArray(),
					runs.stream().mapToInt(r -> r[1]).toArray());
		}

	}

	/**
	 * The axes the nearest-neighbour pass ranks examples on, and each run's rows projected on them: {@code rows[r]}
	 * from {@code offset[r]}, {@link Subspace#axes()} floats a row.
	 */
	private record Reduced(Subspace subspace, float[][] rows, int[] offset) {

		/** The runs of {@code vectors} on the axes their table was projected on; {@code null} if too few or none. */
		static Reduced of(List<Row> vectors, Runs runs, int dimension) {
			Subspace subspace = (vectors.size() < REDUCE_FROM) ? null
					: vectors.stream().map(Row::projection).filter(java.util.Objects::nonNull).map(Subspace.Projection::on)
						.filter(on -> on.dimension() == dimension).findFirst().orElse(null);
			if (subspace == null) {
				return null;
			}
			float[][] rows = new float[runs.data().length][];
			int[] offset = new int[rows.length];
			for (int r = 0, first = 0; r < rows.length; first += runs.length()[r], r++) {
				Row row = vectors.get(first);
				if (!row.own() && row.projection() != null && row.projection().on() == subspace) {
					// rows of a projected table: their projections are rows of its projection
					rows[r] = row.projection().rows();
					offset[r] = runs.offset()[r] / dimension * subspace.axes();
				}
				else {
					rows[r] = subspace.projectRows(runs.data()[r], runs.offset()[r], runs.length()[r]);
				}
			}
			return new Reduced(subspace, rows, offset);
		}

	}

	private final int dimension;

	private final int[] labels;

	/** BLEND: the weight of the nearest-neighbour margin in the log-odds. */
	private final double beta;

	/** @param dimension the vectors' length (when there are none, the length they would have) */
	private MeaningClassifier(Kind kind, int hints, float[] mean, float[] scale, float[][] weights, List<Row> vectors,
			int dimension, int[] labels, double beta) {
		this.kind = kind;
		this.hints = hints;
		this.mean = mean;
		this.scale = scale;
		this.weights = weights;
		this.dimension = dimension;
		this.runs = (vectors == null) ? null : Runs.of(vectors, dimension);
		this.reduced = (vectors == null) ? null : Reduced.of(vectors, this.runs, dimension);
		this.labels = labels;
		this.beta = beta;
	}

	Kind kind() {
		return this.kind;
	}

	/**
	 * Writes a trained regression head (not KNN) so that the same training need not run again. A BLEND head's
	 * neighbours are the index's own example vectors: they are not written, {@link #withNeighbours} puts them
	 * back after {@link #read}.
	 */
	void write(java.io.DataOutputStream out) throws java.io.IOException {
		out.writeUTF(this.kind.name());
		out.writeDouble(this.beta);
		out.writeInt(this.hints);
		out.writeInt(this.mean.length);
		for (int j = 0; j < this.mean.length; j++) {
			out.writeFloat(this.mean[j]);
			out.writeFloat(this.scale[j]);
		}
		out.writeInt(this.weights.length);
		for (float[] row : this.weights) {
			for (float w : row) {
				out.writeFloat(w);
			}
		}
	}

	static MeaningClassifier read(java.io.DataInputStream in) throws java.io.IOException {
		Kind kind = Kind.valueOf(in.readUTF());
		double beta = in.readDouble();
		int hints = in.readInt();
		int d = in.readInt();
		float[] mean = new float[d];
		float[] scale = new float[d];
		for (int j = 0; j < d; j++) {
			mean[j] = in.readFloat();
			scale[j] = in.readFloat();
		}
		float[][] weights = new float[in.readInt()][d + 1];
		for (float[] row : weights) {
			for (int j = 0; j <= d; j++) {
				row[j] = in.readFloat();
			}
		}
		return new MeaningClassifier(kind, hints, mean, scale, weights, null, d, null, beta);
	}

	/** This head with the labelled example vectors its nearest-neighbour part searches (BLEND after {@link #read}). */
	MeaningClassifier withNeighbours(List<Row> vectors, int[] labels) {
		if (vectors.size() != labels.length) {
			throw new IllegalArgumentException(vectors.size() + " vectors but " + labels.length + " labels");
		}
		return new MeaningClassifier(this.kind, this.hints, this.mean, this.scale, this.weights, vectors, this.dimension,
				labels.clone(), this.beta);
	}

	/** The arrays the nearest-neighbour pass reads, each once per pass, in order (none if it searches none). */
	List<short[]> runArrays() {
		return (this.runs == null) ? List.of() : List.of(this.runs.data());
	}

	/** Whether the nearest-neighbour pass ranks the examples on their projections first (a large table). */
	boolean searchesProjections() {
		return this.reduced != null;
	}

	/** Whether {@link #scores} searches the nearest example vectors (KNN, BLEND, BLEND_OVR). */
	boolean searchesNeighbours() {
		return this.kind.neighbours;
	}

	/** Whether {@link #scores} needs the example vectors ({@link #withNeighbours}) and does not have them yet. */
	boolean needsNeighbours() {
		return searchesNeighbours() && this.runs == null;
	}

	/**
	 * @param hints how many hints (labels 0..hints-1; {@link #NONE} is the none side)
	 * @param vectors the examples, all of one length
	 * @param weight per example, e.g. more for the agent's own corrections; {@code null} for 1 each
	 * @param l2 regularisation strength (per example)
	 * @param beta BLEND only: the weight of the nearest-neighbour margin
	 */
	static MeaningClassifier train(Kind kind, int hints, List<Row> vectors, int[] labels, double[] weight, double l2,
			double beta, int iterations) {
		int n = vectors.size();
		if (n == 0) {
			throw new IllegalArgumentException("no examples to train on");
		}
		int d = vectors.get(0).length();
		if (kind == Kind.KNN) {
			return new MeaningClassifier(kind, hints, null, null, null, vectors, d, labels.clone(), 0);
		}
		float[][] x = new float[n][];
		for (int i = 0; i < n; i++) {
			x[i] = vectors.get(i).copy(); // each row's halves decoded once
		}
		float[] mean = new float[d];
		float[] scale = new float[d];
		for (float[] v : x) {
			for (int j = 0; j < d; j++) {
				mean[j] += v[j] / n;
			}
		}
		for (float[] v : x) {
			for (int j = 0; j < d; j++) {
				float c = v[j] - mean[j];
				scale[j] += c * c / n;
			}
		}
		for (int j = 0; j < d; j++) {
			scale[j] = (float) (1.0 / Math.sqrt(scale[j] + 1e-8));
		}
		for (float[] v : x) {
			for (int j = 0; j < d; j++) {
				v[j] = (v[j] - mean[j]) * scale[j];
			}
		}
		double[] w = new double[n];
		for (int i = 0; i < n; i++) {
			w[i] = (weight == null) ? 1 : weight[i];
		}
		float[][] weights = kind.perHint ? logistic(x, labels, w, hints, l2, iterations)
				: softmax(x, labels, w, hints, l2, iterations);
		return kind.neighbours
				? new MeaningClassifier(kind, hints, mean, scale, weights, vectors, d, labels.clone(), beta)
				: new MeaningClassifier(kind, hints, mean, scale, weights, null, d, null, 0);
	}

	/** A score per hint: a probability for the regressions and BLEND, a similarity margin for KNN. */
	double[] scores(float[] vector) {
		return scores(vector, null);
	}

	/**
	 * {@link #scores(float[])}; a head that {@link #searchesNeighbours() searches the examples} also writes into
	 * {@code nearest} (length hints, may be {@code null}) each hint's nearest example: its position in the
	 * vectors the head was given, -1 when the hint has none.
	 */
	double[] scores(float[] vector, int[] nearest) {
		double[] out = new double[this.hints];
		if (needsNeighbours()) {
			throw new IllegalStateException("a " + this.kind + " head read from a file needs its example vectors (withNeighbours)");
		}
		if (this.kind == Kind.KNN) {
			return margins(vector, nearest);
		}
		float[] x = standardise(vector, this.mean, this.scale);
		if (this.kind.perHint) {
			for (int h = 0; h < this.hints; h++) {
				out[h] = sigmoid(dot(this.weights[h], x));
			}
		}
		else {
			double[] z = new double[this.hints + 1];
			for (int c = 0; c <= this.hints; c++) {
				z[c] = dot(this.weights[c], x);
			}
			System.arraycopy(softmax(z), 0, out, 0, this.hints);
		}
		if (this.kind.neighbours) {
			double[] m = margins(vector, nearest);
			for (int h = 0; h < this.hints; h++) {
				double q = Math.min(Math.max(out[h], 1e-9), 1 - 1e-9);
				out[h] = sigmoid(Math.log(q / (1 - q)) + this.beta * m[h]);
			}
		}
		return out;
	}

	/**
	 * Per hint, the mean cosine of the 3 nearest examples of the hint minus that of the 3 nearest examples of
	 * everything else (other hints and none). One pass over the example vectors, keeping the 3 best per class
	 * and, in {@code nearest} when given, the position of each hint's best; with a {@link #reduced} table, the pass is
	 * over the projections and the exact cosines are those of each class's {@link #CANDIDATES} best.
	 */
	private double[] margins(float[] v, int[] nearest) {
		int classes = this.hints + 1;
		double[][] top = new double[classes][NEIGHBOURS];
		for (double[] t : top) {
			java.util.Arrays.fill(t, Double.NEGATIVE_INFINITY);
		}
		if (nearest != null) {
			java.util.Arrays.fill(nearest, -1);
		}
		float[] example = new float[this.dimension]; // each example read from its halves in turn
		if (this.reduced == null) {
			int i = 0;
			for (int r = 0; r < this.runs.data().length; r++) {
				short[] data = this.runs.data()[r];
				for (int k = 0, from = this.runs.offset()[r]; k < this.runs.length()[r]; k++, i++, from += this.dimension) {
					Half.values(data, from, example);
					keep(top, nearest, i, Vectors.cosine(example, v));
				}
			}
		}
		else {
			Candidates candidates = candidates(v);
			for (int c = 0; c < classes; c++) {
				for (int m = 0; m < CANDIDATES && candidates.score[c][m] != Double.NEGATIVE_INFINITY; m++) {
					Half.values(this.runs.data()[candidates.run[c][m]], candidates.from[c][m], example);
					keep(top, nearest, candidates.index[c][m], Vectors.cosine(example, v));
				}
			}
		}
		double[] out = new double[this.hints];
		double[] other = new double[NEIGHBOURS];
		for (int h = 0; h < this.hints; h++) {
			java.util.Arrays.fill(other, Double.NEGATIVE_INFINITY);
			for (int c = 0; c < classes; c++) {
				if (c != h) {
					for (double s : top[c]) {
						insert(other, s);
					}
				}
			}
			out[h] = mean(top[h]) - mean(other);
		}
		return out;
	}

	private static final int NEIGHBOURS = 3;

	/**
	 * Example {@code i}'s cosine {@code sim}: kept among the {@link #NEIGHBOURS} best of its class, and as the hint's
	 * nearest example if it is the best so far.
	 */
	private void keep(double[][] top, int[] nearest, int i, double sim) {
		int c = (this.labels[i] == NONE) ? this.hints : this.labels[i];
		if (nearest != null && c < this.hints && sim > top[c][0]) {
			nearest[c] = i;
		}
		insert(top[c], sim);
	}

	/**
	 * Tables of at least this many rows are searched in two steps (a pass over the projections, then the exact cosine
	 * of the best {@link #CANDIDATES} of each class); smaller ones row by row (a few tenths of a millisecond).
	 */
	static final int REDUCE_FROM = 2048;

	/**
	 * The subspace a table is projected on ({@link HintMeaning}), and how many examples of each class the pass over
	 * the projections keeps for the exact cosine. Measured against the full pass with the 93-set system on the twelve
	 * held-out sets (2,880 lines, `bench hints --set`, 2026-12-06): 96 axes and 128 candidates changed no verdict of
	 * the six hints, nor did 128 and 64 or 128 and 128; 96 and 64 changed one. A probe on 1,440 of those lines: the
	 * pass 4.0 ms in full, 1.9 ms with 96 axes and 64 candidates; 64 axes and 32 candidates changed 7 verdicts of
	 * 8,640. {@code talkhint.hints.axes} and {@code talkhint.hints.candidates} override them for that measurement
	 * (HintBench), nothing else should.
	 */
	static final int AXES = Integer.getInteger("talkhint.hints.axes", 96);

	static final int CANDIDATES = Integer.getInteger("talkhint.hints.candidates", 128);

	/** The table's projection on its principal axes, or {@code null} when it is small enough to search row by row. */
	static Subspace.Projection projection(short[] table, int dimension) {
		return (dimension == 0 || table.length / dimension < REDUCE_FROM || dimension < AXES) ? null
				: Subspace.principal(table, dimension, AXES).projection(table);
	}

	/** Per class, the {@link #CANDIDATES} examples whose projections are nearest the vector's, best first. */
	private record Candidates(double[][] score, int[][] index, int[][] run, int[][] from) {
	}

	private Candidates candidates(float[] v) {
		int classes = this.hints + 1;
		Candidates out = new Candidates(new double[classes][CANDIDATES], new int[classes][CANDIDATES],
				new int[classes][CANDIDATES], new int[classes][CANDIDATES]);
		for (double[] s : out.score) {
			java.util.Arrays.fill(s, Double.NEGATIVE_INFINITY);
		}
		float[] q = this.reduced.subspace().project(v, 0);
		int axes = q.length;
		int i = 0;
		for (int r = 0; r < this.runs.data().length; r++) {
			float[] reduced = this.reduced.rows()[r];
			for (int k = 0, at = this.reduced.offset()[r]; k < this.runs.length()[r]; k++, i++, at += axes) {
				int c = (this.labels[i] == NONE) ? this.hints : this.labels[i];
				double[] score = out.score[c];
				double s = Vectors.cosine(reduced, at, q);
				if (s > score[CANDIDATES - 1]) {
					int p = CANDIDATES - 1;
					for (; p > 0 && score[p - 1] < s; p--) {
						score[p] = score[p - 1];
						out.index[c][p] = out.index[c][p - 1];
						out.run[c][p] = out.run[c][p - 1];
						out.from[c][p] = out.from[c][p - 1];
					}
					score[p] = s;
					out.index[c][p] = i;
					out.run[c][p] = r;
					out.from[c][p] = this.runs.offset()[r] + k * this.dimension;
				}
			}
		}
		return out;
	}


	/** Keeps {@code top} the best values seen, descending. */
	private static void insert(double[] top, double s) {
		for (int k = 0; k < top.length; k++) {
			if (s > top[k]) {
				System.arraycopy(top, k, top, k + 1, top.length - k - 1);
				top[k] = s;
				return;
			}
		}
	}

	private static double mean(double[] top) {
		double sum = 0;
		int k = 0;
		for (double t : top) {
			if (t != Double.NEGATIVE_INFINITY) {
				sum += t;
				k++;
			}
		}
		return (k == 0) ? 0 : sum / k;
	}

	/** The {@code d} floats of {@code v} from {@code from}, standardised. */
	private static float[] standardise(float[] v, float[] mean, float[] scale) {
		float[] x = new float[v.length];
		for (int j = 0; j < v.length; j++) {
			x[j] = (v[j] - mean[j]) * scale[j];
		}
		return x;
	}

	private static double dot(float[] w, float[] x) {
		double s = w[x.length]; // bias
		for (int j = 0; j < x.length; j++) {
			s += w[j] * x[j];
		}
		return s;
	}

	private static double sigmoid(double z) {
		return 1 / (1 + Math.exp(-z));
	}

	private static double[] softmax(double[] z) {
		double max = Double.NEGATIVE_INFINITY;
		for (double v : z) {
			max = Math.max(max, v);
		}
		double sum = 0;
		double[] p = new double[z.length];
		for (int c = 0; c < z.length; c++) {
			p[c] = Math.exp(z[c] - max);
			sum += p[c];
		}
		for (int c = 0; c < z.length; c++) {
			p[c] /= sum;
		}
		return p;
	}

	/** Multinomial regression, class {@code hints} being none; Adam on the full batch. */
	private static float[][] softmax(float[][] x, int[] labels, double[] w, int hints, double l2, int iterations) {
		int n = x.length;
		int d = x[0].length;
		int classes = hints + 1;
		float[][] weights = new float[classes][d + 1];
		Adam adam = new Adam(classes, d + 1);
		double totalWeight = 0;
		for (double v : w) {
			totalWeight += v;
		}
		double[] z = new double[classes];
		for (int it = 0; it < iterations; it++) {
			double[][] grad = new double[classes][d + 1];
			for (int i = 0; i < n; i++) {
				for (int c = 0; c < classes; c++) {
					z[c] = dot(weights[c], x[i]);
				}
				double[] p = softmax(z);
				int y = (labels[i] == NONE) ? hints : labels[i];
				for (int c = 0; c < classes; c++) {
					double g = (p[c] - ((c == y) ? 1 : 0)) * w[i] / totalWeight;
					if (g == 0) {
						continue;
					}
					double[] gc = grad[c];
					float[] xi = x[i];
					for (int j = 0; j < d; j++) {
						gc[j] += g * xi[j];
					}
					gc[d] += g;
				}
			}
			for (int c = 0; c < classes; c++) {
				for (int j = 0; j < d; j++) {
					grad[c][j] += l2 * weights[c][j];
				}
			}
			adam.step(weights, grad);
		}
		return weights;
	}

	/** One binary regression per hint, positives and negatives weighted to balance; Adam on the full batch. */
	private static float[][] logistic(float[][] x, int[] labels, double[] w, int hints, double l2, int iterations) {
		int n = x.length;
		int d = x[0].length;
		float[][] weights = new float[hints][d + 1];
		Adam adam = new Adam(hints, d + 1);
		double[] pos = new double[hints];
		double total = 0;
		for (int i = 0; i < n; i++) {
			total += w[i];
			if (labels[i] != NONE) {
				pos[labels[i]] += w[i];
			}
		}
		for (int it = 0; it < iterations; it++) {
			double[][] grad = new double[hints][d + 1];
			for (int i = 0; i < n; i++) {
				for (int h = 0; h < hints; h++) {
					boolean y = labels[i] == h;
					double balance = y ? 0.5 / Math.max(pos[h], 1e-9) : 0.5 / Math.max(total - pos[h], 1e-9);
					double g = (sigmoid(dot(weights[h], x[i])) - (y ? 1 : 0)) * w[i] * balance;
					double[] gh = grad[h];
					float[] xi = x[i];
					for (int j = 0; j < d; j++) {
						gh[j] += g * xi[j];
					}
					gh[d] += g;
				}
			}
			for (int h = 0; h < hints; h++) {
				for (int j = 0; j < d; j++) {
					grad[h][j] += l2 * weights[h][j];
				}
			}
			adam.step(weights, grad);
		}
		return weights;
	}

	/** Adam with the usual constants, learning rate 0.05. */
	private static final class Adam {

		private final double[][] m;

		private final double[][] v;

		private int t;

		Adam(int rows, int cols) {
			this.m = new double[rows][cols];
			this.v = new double[rows][cols];
		}

		void step(float[][] weights, double[][] grad) {
			this.t++;
			double lr = 0.05;
			double b1 = 0.9;
			double b2 = 0.999;
			double c1 = 1 - Math.pow(b1, this.t);
			double c2 = 1 - Math.pow(b2, this.t);
			for (int r = 0; r < weights.length; r++) {
				for (int c = 0; c < weights[r].length; c++) {
					double g = grad[r][c];
					this.m[r][c] = b1 * this.m[r][c] + (1 - b1) * g;
					this.v[r][c] = b2 * this.v[r][c] + (1 - b2) * g * g;
					weights[r][c] -= (float) (lr * (this.m[r][c] / c1) / (Math.sqrt(this.v[r][c] / c2) + 1e-8));
				}
			}
		}

	}

}
