package com.talkhint.system;

import java.util.List;
import java.util.Map;

/** The simulated call scenarios a user can pick (present in simulator mode only). */
public interface ScenarioCatalog {

	/** Each scenario as {@code {id, title, ...}} for the UI. */
	List<Map<String, Object>> scenarios();

}
