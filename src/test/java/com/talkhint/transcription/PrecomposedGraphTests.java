package com.talkhint.transcription;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.talkhint.audio.Resampler;
import com.talkhint.audio.WavFile;
import org.junit.jupiter.api.Test;
import org.vosk.Model;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build precomposes the small model's decoding graph (scripts/vosk-static-graph.sh): one graph all recognisers
 * share instead of two halves each recogniser composes on the fly. It must be the same graph: it hears as well as the
 * model as published.
 */
class PrecomposedGraphTests {

	@Test
	void theBuiltInModelShipsOnePrecomposedGraphAndItsWords() throws IOException {
		Path model = TestVosk.modelDir();

		assertThat(VoskModelLocator.precomposed(model)).as("graph/HCLG.fst: build with ./talkhint, which installs "
				+ "OpenFst's tools (libfst-tools)").isTrue();
		assertThat(model.resolve("graph/HCLr.fst")).doesNotExist(); // Vosk would not read them: not in the jar
		assertThat(model.resolve("graph/Gr.fst")).doesNotExist();
		List<String> words = Files.readAllLines(model.resolve("graph/words.txt"), StandardCharsets.UTF_8);
		assertThat(words).hasSizeGreaterThan(100_000).doesNotHaveDuplicates().contains("<eps>\t0");
		assertThat(words.stream().map((line) -> line.split("\t")[1])).doesNotHaveDuplicates();
	}

	/**
	 * As well as the published model, on every human dev clip: within 2 points of WER, where a graph composed wrongly
	 * (the disambiguation symbols left in, the wrong words) hears next to nothing. Not word for word: the same audio
	 * can come out a word different from one run to the next on either graph, as a Vosk model keeps decoding caches.
	 */
	@Test
	void thePrecomposedGraphHearsAsWellAsThePublishedModel() throws Exception {
		assertThat(BareVosk.PUBLISHED_MODEL.resolve("graph/HCLr.fst")).isRegularFile();
		int words = 0;
		int publishedErrors = 0;
		int precomposedErrors = 0;
		try (Model published = TestVosk.freshModel(BareVosk.PUBLISHED_MODEL);
				Model precomposed = TestVosk.freshModel(TestVosk.modelDir())) {
			for (SharedAudio.Clip clip : SharedAudio.devClips()) {
				short[] pcm16k = Resampler.resample(WavFile.read(clip.path()).samplesAt(8000), 8000, 16000);
				words += Wer.words(clip.reference()).size();
				precomposedErrors += Wer.errors(clip.reference(), BareVosk.transcribe(precomposed, pcm16k));
				publishedErrors += Wer.errors(clip.reference(), BareVosk.transcribe(published, pcm16k));
			}
		}
		assertThat(words).isGreaterThan(300);
		assertThat(publishedErrors).isLessThan(words / 4); // the yardstick itself hears (about 18 % WER)
		assertThat(precomposedErrors).isLessThanOrEqualTo(publishedErrors + words / 50);
	}

}
