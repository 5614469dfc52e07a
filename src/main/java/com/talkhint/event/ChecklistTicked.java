package com.talkhint.event;

import java.time.Instant;
import java.util.List;

/**
 * {@code coaching.checklist}: the live checklist, whole, each time an item is ticked (and once, all open, when the
 * stream starts).
 */
public record ChecklistTicked(String callSid, Instant at, Data data) implements CallEvent {

	public static final String TYPE = "coaching.checklist";

	public ChecklistTicked(String callSid, Instant at, List<ChecklistItem> items) {
		this(callSid, at, new Data(items));
	}

	@Override
	public String type() {
		return TYPE;
	}

	/** @param items every item of the playbook's checklist, in playbook order */
	public record Data(List<ChecklistItem> items) {
	}

}
