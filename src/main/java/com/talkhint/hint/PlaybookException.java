package com.talkhint.hint;

import java.util.List;

/**
 * A playbook that cannot be used, with a message that says where the problem is and what was expected, and
 * where known the place in the YAML (keys and list indices; "#id:x" names the list item whose id is x), so the
 * playbook page can show the line.
 */
public class PlaybookException extends RuntimeException {

	private final List<Object> location;

	public PlaybookException(String message) {
		this(message, List.of());
	}

	public PlaybookException(String message, Throwable cause) {
		super(message, cause);
		this.location = List.of();
	}

	public PlaybookException(String message, List<Object> location) {
		super(message);
		this.location = List.copyOf(location);
	}

	/** Keys and indices from the document root to the offending node; empty when unknown. */
	public List<Object> location() {
		return this.location;
	}

}
