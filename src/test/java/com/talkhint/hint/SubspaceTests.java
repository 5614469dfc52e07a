package com.talkhint.hint;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SubspaceTests {

	private static final int D = 16;

	/** Rows that lie in a 3-dimensional subspace of 16 dimensions keep every dot product on its 3 axes. */
	@Test
	void rowsInsideTheSubspaceKeepTheirDotProducts() {
		Random random = new Random(3);
		float[][] span = new float[3][D];
		for (float[] s : span) {
			for (int j = 0; j < D; j++) {
				s[j] = (float) random.nextGaussian();
			}
		}
		int n = 200;
		float[] table = new float[n * D];
		for (int i = 0; i < n; i++) {
			for (float[] s : span) {
				float w = (float) random.nextGaussian();
				for (int j = 0; j < D; j++) {
					table[i * D + j] += w * s[j];
				}
			}
			// unit rows, as sentence vectors are
			double norm = Math.sqrt(Vectors.cosine(table, i * D, table, i * D, D));
			for (int j = 0; j < D; j++) {
				table[i * D + j] /= (float) norm;
			}
		}
		short[] held = Half.of(table);
		Subspace axes = Subspace.principal(held, D, 3);
		Subspace.Projection projection = axes.projection(held);
		assertThat(projection.rows()).hasSize(n * 3);
		for (int a = 0; a < n; a += 7) {
			for (int b = 0; b < n; b += 11) {
				double exact = Vectors.cosine(table, a * D, table, b * D, D);
				double projected = Vectors.cosine(projection.rows(), a * 3, projection.rows(), b * 3, 3);
				assertThat(projected).as("rows %d, %d", a, b).isCloseTo(exact, within(1e-3));
			}
		}
		float[] first = axes.project(Half.values(held, 5 * D, D), 0);
		assertThat(first).containsExactly(java.util.Arrays.copyOfRange(projection.rows(), 15, 18));
	}

	/** Rows scattered around one direction have it as their first axis (up to sign). */
	@Test
	void theFirstAxisIsTheDirectionTheRowsShare() {
		Random random = new Random(9);
		float[] shared = new float[D];
		for (int j = 0; j < D; j++) {
			shared[j] = (float) random.nextGaussian();
		}
		double norm = Math.sqrt(Vectors.cosine(shared, shared));
		int n = 500;
		float[] table = new float[n * D];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < D; j++) {
				table[i * D + j] = (float) (shared[j] / norm + 0.1 * random.nextGaussian());
			}
		}
		float[] unitShared = new float[D];
		for (int j = 0; j < D; j++) {
			unitShared[j] = (float) (shared[j] / norm);
		}
		float[] onAxes = Subspace.principal(Half.of(table), D, 4).project(unitShared, 0);
		assertThat(Math.abs(onAxes[0])).isGreaterThan(0.99f);
		assertThat(Math.abs(onAxes[1])).isLessThan(0.1f);
	}

	@Test
	void moreAxesThanDimensionsIsAnError() {
		assertThatThrownBy(() -> Subspace.principal(new short[4 * D], D, D + 1))
			.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no 17 axes");
	}

}
