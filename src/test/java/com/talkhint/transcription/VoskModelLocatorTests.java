package com.talkhint.transcription;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class VoskModelLocatorTests {

	@TempDir
	Path temp;

	@Test
	void usesTheBuiltInModelInPlaceWhenItIsAPlainDirectory() throws IOException {
		Path located = new VoskModelLocator("", this.temp, getClass().getClassLoader()).locate();

		assertThat(located).endsWith(Path.of("vosk/assets/model-en-us"));
		assertThat(located.resolve("am/final.mdl")).isRegularFile();
		assertThat(this.temp.resolve("models")).doesNotExist(); // nothing copied
	}

	@Test
	void usesTheConfiguredModelPath() throws IOException {
		Path model = fakeModel(this.temp.resolve("big-model"));

		assertThat(new VoskModelLocator(model.toString(), this.temp, getClass().getClassLoader()).locate())
			.isEqualTo(model);
	}

	@Test
	void aModelPathWithoutAModelIsAClearErrorNamingTheSetting() throws IOException {
		Path empty = Files.createDirectories(this.temp.resolve("empty"));

		assertThatIllegalStateException()
			.isThrownBy(() -> new VoskModelLocator(empty.toString(), this.temp, getClass().getClassLoader()).locate())
			.withMessageStartingWith("talkhint.transcription.model-path=" + empty)
			.withMessageContaining("am/final.mdl");
	}

	@Test
	void aMissingBuiltInModelSaysHowToGetOne() {
		ClassLoader nothing = new URLClassLoader(new URL[0], null);

		assertThatIllegalStateException().isThrownBy(() -> new VoskModelLocator("", this.temp, nothing).locate())
			.withMessageContaining("talkhint.transcription.model-path")
			.withMessageContaining("mvn package");
	}

	@Test
	void extractsAModelInsideAJarOnceAndReusesIt() throws IOException {
		try (URLClassLoader jar = jarWithModel("uuid-1")) {
			VoskModelLocator locator = new VoskModelLocator("", this.temp.resolve("data"), jar);
			Path extracted = locator.locate();

			assertThat(extracted).isEqualTo(this.temp.resolve("data/models/vosk-model-en-us-0.3.45").toAbsolutePath());
			assertThat(extracted.resolve("am/final.mdl")).hasContent("acoustic model");
			assertThat(extracted.resolve("graph/phones/word_boundary.int")).hasContent("1 nonword");
			assertThat(extracted.resolve(VoskModelLocator.COMPLETE_MARKER)).hasContent("uuid-1");

			FileTime before = Files.getLastModifiedTime(extracted.resolve("am/final.mdl"));
			Files.setLastModifiedTime(extracted.resolve("am/final.mdl"), FileTime.fromMillis(1000));
			assertThat(locator.locate()).isEqualTo(extracted);
			assertThat(Files.getLastModifiedTime(extracted.resolve("am/final.mdl"))).isNotEqualTo(before)
				.isEqualTo(FileTime.fromMillis(1000)); // not extracted again
			try (var leftovers = Files.list(extracted.getParent())) {
				assertThat(leftovers).containsExactly(extracted); // no staging directories left behind
			}
		}
	}

	@Test
	void aHalfExtractedOrOutdatedCopyIsExtractedAgain() throws IOException {
		Path target = this.temp.resolve("data/models/vosk-model-en-us-0.3.45");
		Files.createDirectories(target.resolve("am"));
		Files.writeString(target.resolve("am/final.mdl"), "trunc"); // a crash mid-copy: no marker
		try (URLClassLoader jar = jarWithModel("uuid-1")) {
			assertThat(new VoskModelLocator("", this.temp.resolve("data"), jar).locate().resolve("am/final.mdl"))
				.hasContent("acoustic model");
		}
		try (URLClassLoader jar = jarWithModel("uuid-2")) { // a new build ships another model
			Path again = new VoskModelLocator("", this.temp.resolve("data"), jar).locate();
			assertThat(again.resolve(VoskModelLocator.COMPLETE_MARKER)).hasContent("uuid-2");
		}
	}

	@Test
	void aCopyExtractedBeforeTheBuildPrecomposedTheGraphIsExtractedAgain() throws IOException {
		try (URLClassLoader jar = jarWithModel("uuid-1")) {
			Path onTheFly = new VoskModelLocator("", this.temp.resolve("data"), jar).locate();
			assertThat(VoskModelLocator.precomposed(onTheFly)).isFalse();
		}
		try (URLClassLoader jar = jarWithModel("uuid-1", VoskModelLocator.PRECOMPOSED_GRAPH)) { // same model, composed
			Path again = new VoskModelLocator("", this.temp.resolve("data"), jar).locate();

			assertThat(VoskModelLocator.precomposed(again)).isTrue();
			assertThat(again.resolve(VoskModelLocator.COMPLETE_MARKER)).hasContent("uuid-1 graph/HCLG.fst");
		}
	}

	private static Path fakeModel(Path dir) throws IOException {
		Files.createDirectories(dir.resolve("am"));
		Files.createDirectories(dir.resolve("conf"));
		Files.writeString(dir.resolve("am/final.mdl"), "acoustic model");
		Files.writeString(dir.resolve("conf/model.conf"), "--beam=10.0");
		return dir;
	}

	/** A jar laid out like the Spring Boot one: the model under vosk/assets/model-en-us/, no directory entries. */
	private URLClassLoader jarWithModel(String uuid, String... moreFiles) throws IOException {
		Path jar = Files.createTempFile(this.temp, "app", ".jar");
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
			put(out, "vosk/assets/model-en-us/am/final.mdl", "acoustic model");
			put(out, "vosk/assets/model-en-us/conf/model.conf", "--beam=10.0");
			put(out, "vosk/assets/model-en-us/graph/phones/word_boundary.int", "1 nonword");
			put(out, "vosk/assets/model-en-us/uuid", uuid + "\n");
			for (String file : moreFiles) {
				put(out, "vosk/assets/model-en-us/" + file, file);
			}
		}
		return new URLClassLoader(new URL[] { jar.toUri().toURL() }, null);
	}

	private static void put(JarOutputStream out, String name, String content) throws IOException {
		out.putNextEntry(new JarEntry(name));
		OutputStream entry = out;
		entry.write(content.getBytes(StandardCharsets.UTF_8));
		out.closeEntry();
	}

}
