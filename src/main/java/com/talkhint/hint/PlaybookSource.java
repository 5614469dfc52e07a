package com.talkhint.hint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The playbook in force: the user's file if there is one (an explicit path, else {@code ./playbook.yml}),
 * otherwise the built-in default. {@link #reloadIfChanged()} is polled every few seconds and re-reads the
 * file when its modification time or size changes; a file that does not parse is logged with the reason and
 * the last good playbook stays in force, so a half-saved edit never takes hints away mid-call.
 */
public final class PlaybookSource {

	private static final Logger log = LoggerFactory.getLogger(PlaybookSource.class);

	private final Path file;

	private final boolean explicit;

	private volatile HintMatcher current;

	private volatile String lastError;

	private final java.util.concurrent.atomic.AtomicLong version = new java.util.concurrent.atomic.AtomicLong(1);

	private FileTime seenModified;

	private long seenSize = -1;

	private boolean seenPresent;

	/**
	 * @param configured the user's playbook path ({@code talkhint.hints.playbook}), or {@code null}/blank to
	 * use {@code fallback} when it exists
	 * @param fallback where a playbook is looked for when none is configured, normally {@code ./playbook.yml}
	 */
	public PlaybookSource(String configured, Path fallback) {
		this.explicit = configured != null && !configured.isBlank();
		this.file = this.explicit ? Path.of(configured.trim()) : fallback;
		this.current = new HintMatcher(Playbook.defaults());
		if (this.explicit && !Files.exists(this.file)) {
			this.lastError = "playbook " + this.file + " (talkhint.hints.playbook / TALKHINT_PLAYBOOK) does not exist";
			log.error("[hints] {}; using the built-in playbook until it appears", this.lastError);
		}
		reloadIfChanged();
		if (this.current.playbook().source().startsWith("classpath:")) {
			log.info("[hints] using the built-in playbook ({} entries); a {} would replace it",
					this.current.playbook().entries().size(), this.file);
		}
	}

	/** The compiled playbook to match against now. */
	HintMatcher current() {
		return this.current;
	}

	/** The playbook in force (for logs and the summary). */
	public Playbook playbook() {
		return this.current.playbook();
	}

	/** Changes each time another playbook comes into force. */
	public long version() {
		return this.version.get();
	}

	/** The file a saved playbook goes to: the configured one, else {@code ./playbook.yml}. */
	public Path file() {
		return this.file;
	}

	/** Why the last attempt to read the user's file failed, or {@code null} when it did not. */
	public String lastError() {
		return this.lastError;
	}

	/**
	 * Re-reads the user's file if it changed since the last look.
	 * @return {@code true} when a new playbook is now in force
	 */
	public synchronized boolean reloadIfChanged() {
		boolean present = Files.isRegularFile(this.file);
		if (!present) {
			if (this.seenPresent) {
				this.seenPresent = false;
				this.seenModified = null;
				this.seenSize = -1;
				log.warn("[hints] playbook {} was removed; keeping {}", this.file, this.current.playbook().source());
			}
			return false;
		}
		FileTime modified;
		long size;
		try {
			modified = Files.getLastModifiedTime(this.file);
			size = Files.size(this.file);
		}
		catch (IOException ex) {
			return false; // being replaced right now; look again next time
		}
		if (this.seenPresent && modified.equals(this.seenModified) && size == this.seenSize) {
			return false;
		}
		this.seenPresent = true;
		this.seenModified = modified;
		this.seenSize = size;
		try {
			Playbook playbook = Playbook.load(this.file);
			this.current = new HintMatcher(playbook); // compiling also checks @group references
			this.version.incrementAndGet();
			this.lastError = null;
			log.info("[hints] playbook loaded from {} ({} entries)", this.file, playbook.entries().size());
			return true;
		}
		catch (PlaybookException ex) {
			this.lastError = ex.getMessage();
			log.error("[hints] {} -- keeping the last good playbook ({})", ex.getMessage(),
					this.current.playbook().source());
			return false;
		}
	}

}
