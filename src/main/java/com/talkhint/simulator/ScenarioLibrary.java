package com.talkhint.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The call scenarios shipped on the classpath under {@code scenarios/}: {@code index.yml} lists id and title,
 * and each {@code scenarios/<id>/} folder holds {@code agent.ulaw} and {@code customer.ulaw}. Loaded once
 * (about 0.5 MB per scenario) and shared by every simulated call.
 */
public final class ScenarioLibrary {

	private static final String ROOT = "scenarios/";

	private final Map<String, Entry> scenarios;

	private ScenarioLibrary(Map<String, Entry> scenarios) {
		this.scenarios = scenarios;
	}

	/** Loads the catalog shipped with TalkHint; fails loudly when a listed file is missing. */
	public static ScenarioLibrary load() {
		return load(ScenarioLibrary.class.getClassLoader());
	}

	static ScenarioLibrary load(ClassLoader classLoader) {
		Map<String, Entry> scenarios = new LinkedHashMap<>();
		for (Map<?, ?> item : index(classLoader)) {
			String id = String.valueOf(item.get("id"));
			String title = String.valueOf(item.get("title"));
			byte[] agent = read(classLoader, ROOT + id + "/agent.ulaw");
			byte[] customer = read(classLoader, ROOT + id + "/customer.ulaw");
			CallAudio audio = new CallAudio("scenario " + id, agent, customer);
			scenarios.put(id, new Entry(new ScenarioInfo(id, title, audio.durationMs()), audio));
		}
		if (scenarios.isEmpty()) {
			throw new IllegalStateException(ROOT + "index.yml lists no scenarios");
		}
		return new ScenarioLibrary(scenarios);
	}

	/** Every scenario, in the order of {@code index.yml}; the first is the default. */
	public List<ScenarioInfo> list() {
		return this.scenarios.values().stream().map(Entry::info).toList();
	}

	/** The audio of scenario {@code id}; a clear error naming the available ids otherwise. */
	public CallAudio audio(String id) {
		Entry entry = this.scenarios.get(id);
		if (entry == null) {
			throw new IllegalArgumentException(
					"Unknown scenario '" + id + "'; available: " + String.join(", ", this.scenarios.keySet()));
		}
		return entry.audio();
	}

	/** Whether {@code id} names a scenario. */
	public boolean contains(String id) {
		return this.scenarios.containsKey(id);
	}

	private static List<Map<?, ?>> index(ClassLoader classLoader) {
		try (InputStream in = classLoader.getResourceAsStream(ROOT + "index.yml")) {
			if (in == null) {
				throw new IllegalStateException("Missing classpath resource " + ROOT + "index.yml");
			}
			Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
			if (!(root instanceof Map<?, ?> map) || !(map.get("scenarios") instanceof List<?> list)) {
				throw new IllegalStateException(ROOT + "index.yml must have a 'scenarios' list");
			}
			List<Map<?, ?>> items = new ArrayList<>();
			for (Object item : list) {
				if (!(item instanceof Map<?, ?> entry) || entry.get("id") == null) {
					throw new IllegalStateException(ROOT + "index.yml: every scenario needs an id, got " + item);
				}
				items.add(entry);
			}
			return items;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] read(ClassLoader classLoader, String resource) {
		try (InputStream in = classLoader.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("Missing classpath resource " + resource);
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private record Entry(ScenarioInfo info, CallAudio audio) {
	}

}
