package com.talkhint.hint;

import java.util.Arrays;

/**
 * The {@code k} directions along which a table of sentence vectors varies most (its principal axes, not centred: the
 * first is the direction all e5 vectors share), as an orthonormal basis. Projected on it, a vector keeps most of its
 * length, so the dot product of two projections is close to theirs: {@link MeaningClassifier} ranks every example on
 * the projections ({@code k} of 384 floats) and computes the exact cosine only for the best few of each class.
 */
final class Subspace {

	/** Rows of the table the axes are estimated from (evenly spaced): enough for 384 dimensions, a fraction of a second. */
	private static final int SAMPLE = 4096;

	private final int dimension;

	private final int k;

	/** {@code k} unit vectors of {@code dimension} floats, one after another, the axis of most variance first. */
	private final float[] basis;

	private Subspace(int dimension, int k, float[] basis) {
		this.dimension = dimension;
		this.k = k;
		this.basis = basis;
	}

	int dimension() {
		return this.dimension;
	}

	/** How many axes: the length of a projection. */
	int axes() {
		return this.k;
	}

	/**
	 * A table's rows (unit vectors of {@link #dimension()} values, one after another, {@link Half}) projected on a
	 * subspace, as floats: the pass over them is most of the head's work, and a float needs no decoding.
	 */
	record Projection(Subspace on, float[] rows) {
	}

	/** The rows of {@code table} projected on this subspace. */
	Projection projection(short[] table) {
		return new Projection(this, projectRows(table, 0, table.length / this.dimension));
	}

	/**
	 * The principal axes of the {@code data.length / dimension} rows of {@code data}: the eigenvectors of the
	 * second-moment matrix of (up to {@value #SAMPLE}) rows, by cyclic Jacobi rotations.
	 */
	static Subspace principal(short[] data, int dimension, int k) {
		int n = data.length / dimension;
		if (k > dimension || n == 0) {
			throw new IllegalArgumentException(n + " rows of " + dimension + " floats have no " + k + " axes");
		}
		int step = Math.max(1, n / SAMPLE);
		double[][] a = new double[dimension][dimension];
		float[] row = new float[dimension];
		for (int r = 0; r < n; r += step) {
			Half.values(data, r * dimension, row);
			for (int i = 0; i < dimension; i++) {
				double x = row[i];
				double[] ai = a[i];
				for (int j = i; j < dimension; j++) {
					ai[j] += x * row[j];
				}
			}
		}
		for (int i = 0; i < dimension; i++) {
			for (int j = 0; j < i; j++) {
				a[i][j] = a[j][i];
			}
		}
		double[][] v = eigenvectors(a);
		Integer[] order = new Integer[dimension];
		for (int i = 0; i < dimension; i++) {
			order[i] = i;
		}
		Arrays.sort(order, (x, y) -> Double.compare(a[y][y], a[x][x]));
		float[] basis = new float[k * dimension];
		for (int c = 0; c < k; c++) {
			for (int i = 0; i < dimension; i++) {
				basis[c * dimension + i] = (float) v[i][order[c]];
			}
		}
		return new Subspace(dimension, k, basis);
	}

	/**
	 * Diagonalises the symmetric matrix {@code a} in place (its eigenvalues end on the diagonal) and returns the
	 * eigenvectors as columns.
	 */
	private static double[][] eigenvectors(double[][] a) {
		int n = a.length;
		double[][] v = new double[n][n];
		for (int i = 0; i < n; i++) {
			v[i][i] = 1;
		}
		double scale = 0;
		for (int i = 0; i < n; i++) {
			scale += a[i][i] * a[i][i];
		}
		for (int sweep = 0; sweep < 50; sweep++) {
			double off = 0;
			for (int p = 0; p < n; p++) {
				for (int q = p + 1; q < n; q++) {
					off += a[p][q] * a[p][q];
				}
			}
			if (off <= 1e-22 * scale) {
				break;
			}
			for (int p = 0; p < n; p++) {
				for (int q = p + 1; q < n; q++) {
					if (a[p][q] != 0) {
						rotate(a, v, p, q);
					}
				}
			}
		}
		return v;
	}

	/** One Jacobi rotation that zeroes {@code a[p][q]}. */
	private static void rotate(double[][] a, double[][] v, int p, int q) {
		int n = a.length;
		double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
		double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
		if (theta == 0) {
			t = 1;
		}
		double c = 1 / Math.sqrt(t * t + 1);
		double s = t * c;
		for (int k = 0; k < n; k++) {
			double kp = a[k][p];
			double kq = a[k][q];
			a[k][p] = c * kp - s * kq;
			a[k][q] = s * kp + c * kq;
		}
		double[] ap = a[p];
		double[] aq = a[q];
		for (int k = 0; k < n; k++) {
			double pk = ap[k];
			double qk = aq[k];
			ap[k] = c * pk - s * qk;
			aq[k] = s * pk + c * qk;
		}
		for (int k = 0; k < n; k++) {
			double kp = v[k][p];
			double kq = v[k][q];
			v[k][p] = c * kp - s * kq;
			v[k][q] = s * kp + c * kq;
		}
	}

	/** The {@code k} coordinates of the vector of {@code dimension} floats of {@code v} from {@code from}. */
	float[] project(float[] v, int from) {
		float[] out = new float[this.k];
		project(v, from, out, 0);
		return out;
	}

	/** {@link #project} of {@code rows} rows of {@code data} ({@link Half}) from {@code from}, one after another. */
	float[] projectRows(short[] data, int from, int rows) {
		float[] out = new float[rows * this.k];
		float[] row = new float[this.dimension];
		for (int r = 0; r < rows; r++) {
			Half.values(data, from + r * this.dimension, row);
			project(row, 0, out, r * this.k);
		}
		return out;
	}

	private void project(float[] v, int from, float[] out, int at) {
		for (int c = 0; c < this.k; c++) {
			out[at + c] = (float) Vectors.cosine(this.basis, c * this.dimension, v, from, this.dimension);
		}
	}

}
