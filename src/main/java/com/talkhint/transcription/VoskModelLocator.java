package com.talkhint.transcription;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Comparator;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.StringUtils;

/**
 * Finds the directory Vosk loads its model from: the user's {@code talkhint.transcription.model-path} when
 * set, else the small English model the build puts on the classpath. Vosk's native code can only open a
 * directory, so when that model sits inside the Spring Boot jar it is extracted once under
 * {@code talkhint.data-dir}; a marker written last means a half-extracted copy (crash, full disk) is never
 * used but extracted again.
 */
public final class VoskModelLocator {

	/** Where the build unzips the model (see pom.xml). */
	static final String CLASSPATH_MODEL = "vosk/assets/model-en-us";

	/** Name of the extracted copy: tells the version apart from a user's own models in the same folder. */
	static final String EXTRACTED_NAME = "vosk-model-en-us-0.3.45";

	/** A file every Vosk model has: it is how the model's folder is found in the classpath. */
	private static final String CONF = "conf/model.conf";

	/** Vosk loads this graph in preference to graph/HCLr.fst and graph/Gr.fst when a model has it. */
	static final String PRECOMPOSED_GRAPH = "graph/HCLG.fst";

	/** Written after the last file of an extraction; holds the model's uuid (and whether its graph is precomposed). */
	static final String COMPLETE_MARKER = ".talkhint-extracted";

	private static final Logger log = LoggerFactory.getLogger(VoskModelLocator.class);

	private final String modelPath;

	private final Path dataDir;

	private final ClassLoader classLoader;

	/**
	 * @param modelPath the {@code talkhint.transcription.model-path} setting, blank for the built-in model
	 * @param dataDir {@code talkhint.data-dir}, where a model inside a jar is extracted to
	 * @param classLoader where to look for the built-in model
	 */
	public VoskModelLocator(String modelPath, Path dataDir, ClassLoader classLoader) {
		this.modelPath = modelPath;
		this.dataDir = dataDir;
		this.classLoader = classLoader;
	}

	/** Returns a directory holding a complete model, or throws with a message that says what to fix. */
	public Path locate() throws IOException {
		if (StringUtils.hasText(this.modelPath)) {
			Path dir = Path.of(this.modelPath).toAbsolutePath().normalize();
			if (!isModel(dir)) {
				throw new IllegalStateException("talkhint.transcription.model-path=" + this.modelPath + ": " + dir
						+ " holds no Vosk model (expected am/final.mdl and conf/model.conf in it). Point it at an "
						+ "unzipped model directory such as vosk-model-en-us-0.22, or unset it to use the built-in "
						+ "small English model.");
			}
			return dir;
		}
		URL marker = this.classLoader.getResource(CLASSPATH_MODEL + "/" + CONF);
		if (marker == null) {
			throw new IllegalStateException("The built-in Vosk model is not on the classpath (" + CLASSPATH_MODEL
					+ "): build with Maven (mvn package fetches it from Maven Central), or set "
					+ "talkhint.transcription.model-path to an unzipped Vosk model directory.");
		}
		if ("file".equals(marker.getProtocol())) {
			return directoryOf(marker);
		}
		return extracted(marker);
	}

	private static Path directoryOf(URL confFile) {
		try {
			return Path.of(confFile.toURI()).getParent().getParent();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException("Unusable model location " + confFile, ex);
		}
	}

	private Path extracted(URL confFile) throws IOException {
		Path target = this.dataDir.resolve("models").resolve(EXTRACTED_NAME).toAbsolutePath().normalize();
		String version = classpathVersion();
		Path marker = target.resolve(COMPLETE_MARKER);
		if (Files.isRegularFile(marker) && Files.readString(marker, StandardCharsets.UTF_8).equals(version)) {
			return target;
		}
		long started = System.nanoTime();
		Files.createDirectories(target.getParent());
		Path staging = Files.createTempDirectory(target.getParent(), EXTRACTED_NAME + ".partial-");
		try {
			int files = copyModel(confFile, staging);
			Files.writeString(staging.resolve(COMPLETE_MARKER), version, StandardCharsets.UTF_8);
			deleteRecursively(target); // a stale or half-extracted copy
			Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
			log.info("[transcription] Vosk model extracted to {} ({} files, {} ms)", target, files,
					(System.nanoTime() - started) / 1_000_000);
			return target;
		}
		finally {
			deleteRecursively(staging);
		}
	}

	/**
	 * Copies every jar entry under the model's folder. Walks the jar itself rather than a classpath pattern:
	 * patterns need directory entries, which not every jar has.
	 */
	private int copyModel(URL confFile, Path staging) throws IOException {
		if (!(confFile.openConnection() instanceof JarURLConnection connection)) {
			throw new IOException("Cannot extract the built-in Vosk model from " + confFile
					+ ": set talkhint.transcription.model-path to an unzipped model directory instead");
		}
		connection.setUseCaches(false); // our own JarFile, closed below, not the class loader's shared one
		String prefix = connection.getEntryName().substring(0, connection.getEntryName().length() - CONF.length());
		int files = 0;
		try (JarFile jar = connection.getJarFile()) {
			for (JarEntry entry : Collections.list(jar.entries())) {
				if (entry.isDirectory() || !entry.getName().startsWith(prefix)) {
					continue;
				}
				Path file = staging.resolve(entry.getName().substring(prefix.length())).normalize();
				if (!file.startsWith(staging)) {
					throw new IOException("Refusing to extract " + entry.getName() + " outside " + staging);
				}
				Files.createDirectories(file.getParent());
				try (InputStream in = jar.getInputStream(entry)) {
					Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
				}
				files++;
			}
		}
		if (!isModel(staging)) {
			throw new IOException("The built-in Vosk model in the jar is incomplete (" + files + " files found under "
					+ prefix + ")");
		}
		return files;
	}

	/**
	 * The model's own uuid file, and whether the build precomposed its graph: a rebuilt jar with another model, or
	 * with the graph composed where it was not before, replaces the extracted copy.
	 */
	private String classpathVersion() throws IOException {
		String graph = (this.classLoader.getResource(CLASSPATH_MODEL + "/" + PRECOMPOSED_GRAPH) != null)
				? " " + PRECOMPOSED_GRAPH : "";
		try (InputStream in = this.classLoader.getResourceAsStream(CLASSPATH_MODEL + "/uuid")) {
			return ((in != null) ? new String(in.readAllBytes(), StandardCharsets.UTF_8).trim() : EXTRACTED_NAME)
					+ graph;
		}
	}

	/**
	 * Whether the model in {@code dir} has one precomposed decoding graph, which all its recognisers share, rather
	 * than a lexicon and a language model that each recogniser composes on the fly (scripts/vosk-static-graph.sh).
	 */
	public static boolean precomposed(Path dir) {
		return Files.isRegularFile(dir.resolve(PRECOMPOSED_GRAPH));
	}

	public static boolean isModel(Path dir) {
		return Files.isRegularFile(dir.resolve("am/final.mdl")) && Files.isRegularFile(dir.resolve("conf/model.conf"));
	}

	private static void deleteRecursively(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> {
				try {
					Files.delete(path);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
	}

}
