package com.talkhint.transcription;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DecoderSettingsTests {

	/** The small English model's conf/model.conf as it ships, in its order and its number format. */
	private static final List<String> SHIPPED = List.of("--min-active=200", "--max-active=3000", "--beam=10.0",
			"--lattice-beam=2.0", "--acoustic-scale=1.0", "--frame-subsampling-factor=3",
			"--endpoint.silence-phones=1:2:3:4:5:6:7:8:9:10", "--endpoint.rule2.min-trailing-silence=0.5",
			"--endpoint.rule3.min-trailing-silence=0.75", "--endpoint.rule4.min-trailing-silence=1.0");

	@TempDir
	Path temp;

	@Test
	void theModelsOwnSettingsUseTheModelWhereItIs() throws IOException {
		Path model = model();

		assertThat(DecoderSettings.MODEL_DEFAULTS.apply(model, this.temp.resolve("work"))).isEqualTo(model);
		assertThat(this.temp.resolve("work")).doesNotExist();
	}

	@Test
	void aShorterEndpointScalesTheThreeTrailingSilenceRulesAndKeepsEveryOtherLine() throws IOException {
		Path model = model();

		Path tuned = new DecoderSettings(10, 3000, 2, 0.3).apply(model, this.temp.resolve("work"));

		assertThat(tuned.getFileName()).hasToString("model-beam10-active3000-lattice2-endpoint0.3");
		List<String> conf = Files.readAllLines(tuned.resolve("conf/model.conf"), StandardCharsets.UTF_8);
		assertThat(conf).contains("--endpoint.rule2.min-trailing-silence=0.3",
				"--endpoint.rule3.min-trailing-silence=0.45", "--endpoint.rule4.min-trailing-silence=0.6",
				"--frame-subsampling-factor=3", "--endpoint.silence-phones=1:2:3:4:5:6:7:8:9:10", "--min-active=200");
		assertThat(conf).hasSize(SHIPPED.size());
		assertThat(conf).doesNotContain("--endpoint.rule2.min-trailing-silence=0.5");
		// the model's other files are links to the original, not copies
		assertThat(Files.readSymbolicLink(tuned.resolve("am"))).isEqualTo(model.resolve("am").toAbsolutePath());
		assertThat(tuned.resolve("am/final.mdl")).hasContent("acoustic model");
		assertThat(Files.readSymbolicLink(tuned.resolve("conf/mfcc.conf")))
			.isEqualTo(model.resolve("conf/mfcc.conf").toAbsolutePath());
	}

	@Test
	void theDefaultEndpointKeepsTheRulesOfAModelThatHasOthers() throws IOException {
		Path model = model();
		// a model whose file has Kaldi's defaults (rules 3 and 4 at 1 and 2 s), or none at all
		Files.write(model.resolve("conf/model.conf"), List.of("--min-active=200", "--beam=13.0",
				"--endpoint.rule3.min-trailing-silence=1.0", "--endpoint.rule4.min-trailing-silence=2.0"),
				StandardCharsets.UTF_8);

		Path tuned = new DecoderSettings(10, 3000, 2, 0.5).apply(model, this.temp.resolve("work"));

		assertThat(Files.readAllLines(tuned.resolve("conf/model.conf"), StandardCharsets.UTF_8))
			.containsExactlyInAnyOrder("--min-active=200", "--beam=10", "--max-active=3000", "--lattice-beam=2",
					"--endpoint.rule3.min-trailing-silence=1.0", "--endpoint.rule4.min-trailing-silence=2.0");
	}

	@Test
	void applyingAgainReusesTheSameDirectory() throws IOException {
		Path model = model();
		DecoderSettings economy = new DecoderSettings(8, 1500, 2, 0.5);

		Path first = economy.apply(model, this.temp.resolve("work"));
		Path second = economy.apply(model, this.temp.resolve("work"));

		assertThat(second).isEqualTo(first);
		assertThat(Files.readAllLines(second.resolve("conf/model.conf"), StandardCharsets.UTF_8)).contains("--beam=8",
				"--max-active=1500", "--endpoint.rule4.min-trailing-silence=1.0"); // the model's own, as its file has it
	}

	@Test
	void anEndpointShorterThanAFewFramesIsRefusedWithTheSettingItNames() {
		assertThatIllegalArgumentException().isThrownBy(() -> new DecoderSettings(10, 3000, 2, 0.05))
			.withMessageContaining("endpoint-silence >= 0.1 s")
			.withMessageContaining("endpoint-silence=0.05");
	}

	private Path model() throws IOException {
		Path model = this.temp.resolve("model");
		Files.createDirectories(model.resolve("am"));
		Files.createDirectories(model.resolve("conf"));
		Files.writeString(model.resolve("am/final.mdl"), "acoustic model");
		Files.writeString(model.resolve("conf/mfcc.conf"), "--sample-frequency=16000");
		Files.write(model.resolve("conf/model.conf"), SHIPPED, StandardCharsets.UTF_8);
		return model;
	}

}
