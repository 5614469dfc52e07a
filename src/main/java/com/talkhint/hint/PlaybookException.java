package com.talkhint.hint;

/** A playbook that cannot be used, with a message that says where the problem is and what was expected. */
public class PlaybookException extends RuntimeException {

	public PlaybookException(String message) {
		super(message);
	}

	public PlaybookException(String message, Throwable cause) {
		super(message, cause);
	}

}
