package com.talkhint.hint;

/**
 * What stopped an entry. On its own rather than inside {@link HintMatcher}, which reports it: the playbook names
 * two of these ({@code meaning-ignores}) and must not need the matcher it is compiled into.
 */
enum Block {

	SPEAKER, NOT_A_QUESTION, VETO, NEGATION, SCORE, LOOK_ALIKE;

	String wireName() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

}
