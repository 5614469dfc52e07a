package com.talkhint.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared audio set ({@code ../shared/audio}); surefire passes its location as {@code talkhint.shared.dir}. */
public final class SharedAudio {

	private SharedAudio() {
	}

	public static Path dir() {
		Path dir = Path.of(System.getProperty("talkhint.shared.dir", "../shared")).resolve("audio");
		if (!Files.isDirectory(dir)) {
			throw new IllegalStateException("Shared audio not found at " + dir.toAbsolutePath()
					+ ": the repository expects ../shared beside it (set -Dtalkhint.shared.dir)");
		}
		return dir;
	}

	public static Path scenario(String name, String file) {
		return dir().resolve("scenarios").resolve(name).resolve(file);
	}

}
