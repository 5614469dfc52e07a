package com.talkhint.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code --profile}: async-profiler (from Maven Central, {@code tools.profiler:async-profiler}; {@code ./talkhint
 * load} fetches it) attached to the TalkHint under test for each level with {@code jcmd <pid> JVMTI.agent_load},
 * sampling CPU time ({@code itimer}, every 5 ms, per thread, native frames included: Vosk's decoder shows as
 * itself). Writes {@code profile-<label>.collapsed} (flame-graph input) and sums the samples into the categories
 * of docs/load.md "Where the CPU goes": Vosk decoding, resampling and gate, listeners and hints, events and
 * storage, WebSocket frames and JSON, JIT, GC.
 */
final class Profiler {

	private final Path library;

	private final long pid;

	Profiler(Path library, long pid) {
		this.library = library.toAbsolutePath();
		this.pid = pid;
	}

	void start() throws IOException, InterruptedException {
		jcmd("start,event=itimer,interval=5ms,threads");
	}

	/** Stops sampling, writes the collapsed stacks and returns the summary by category. */
	Map<String, Long> stop(Path file) throws IOException, InterruptedException {
		jcmd("stop,file=" + file.toAbsolutePath() + ",collapsed");
		Map<String, Long> categories = new LinkedHashMap<>();
		if (!Files.isRegularFile(file)) {
			return categories;
		}
		for (String line : Files.readAllLines(file)) {
			int space = line.lastIndexOf(' ');
			if (space < 0) {
				continue;
			}
			long samples = Long.parseLong(line.substring(space + 1).trim());
			categories.merge(category(line.substring(0, space)), samples, Long::sum);
		}
		return categories;
	}

	/** One line per category, largest first, as a share of all samples and in CPU seconds. */
	static String text(String label, Map<String, Long> categories) {
		long total = categories.values().stream().mapToLong(Long::longValue).sum();
		StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%nProfile %s (%d samples of 5 ms CPU)%n", label,
				total));
		categories.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).forEach((e) ->
			s.append(String.format(Locale.ROOT, "  %5.1f %%  %7.1f CPU-s  %s%n", 100.0 * e.getValue() / Math.max(1, total),
					e.getValue() * 0.005, e.getKey())));
		return s.toString();
	}

	private static final Pattern THREAD = Pattern.compile("^\\[([^\\]]*?)(?: tid=\\d+)?\\]");

	/** The category of one collapsed stack: its thread's name first, then what it was doing. */
	static String category(String stack) {
		java.util.regex.Matcher m = THREAD.matcher(stack);
		String thread = m.find() ? m.group(1) : "";
		if (thread.startsWith("stt-") || thread.startsWith("transcription-warm-up")) {
			if (stack.contains("getPartialResult")) {
				return "recognition: Vosk partials";
			}
			if (stack.contains("getResult") || stack.contains("getFinalResult")) {
				return "recognition: Vosk results (finals)";
			}
			if (stack.contains("org/vosk") || !stack.contains("com/talkhint")) {
				return "recognition: Vosk decoding (acceptWaveForm)";
			}
			if (stack.contains("Resampler") || stack.contains("SilenceGate")) {
				return "recognition: resampler + silence gate";
			}
			return "recognition: pipeline (queues, turns, bookkeeping)";
		}
		if (thread.startsWith("transcript-")) {
			if (stack.contains("com/talkhint/hint")) {
				return "listeners: hint matching and coaching";
			}
			if (stack.contains("org/h2") || stack.contains("jdbc") || stack.contains("postgresql")) {
				return "listeners: storage (transcript, hints)";
			}
			if (stack.contains("Redactor")) {
				return "listeners: redaction";
			}
			return "listeners: events and other";
		}
		if (thread.startsWith("http-nio") || thread.contains("Poller") || thread.contains("Acceptor")) {
			if (stack.contains("MediaStreamMessage") || stack.contains("MediaStreamHandler")) {
				return "media socket: JSON, base64, µ-law, hand-off";
			}
			if (stack.contains("org/apache/tomcat/websocket")) {
				return "media socket: WebSocket frames (Tomcat)";
			}
			if (stack.contains("NioEndpoint") || stack.contains("EPoll") || stack.contains("SocketDispatcher")) {
				return "Tomcat NIO poller and socket I/O";
			}
			return "HTTP requests (webhooks, /start-call, metrics)";
		}
		if (thread.startsWith("ui-events")) {
			return "browser events (/ui/events)";
		}
		if (thread.contains("GC") || thread.startsWith("G1")) {
			return "GC";
		}
		if (thread.contains("Compiler")) {
			return "JIT";
		}
		if (thread.contains("lettuce") || thread.contains("redis")) {
			return "Redis";
		}
		if (thread.contains("MVStore") || thread.startsWith("H-") || thread.contains("Hikari")) {
			return "database background";
		}
		return "other threads";
	}

	private void jcmd(String command) throws IOException, InterruptedException {
		// jcmd reads name=value pairs itself: the agent's options travel as one quoted argument.
		Process jcmd = new ProcessBuilder("jcmd", Long.toString(this.pid), "JVMTI.agent_load", this.library.toString(),
				"\"" + command + "\"").redirectErrorStream(true).start();
		String output = new String(jcmd.getInputStream().readAllBytes());
		if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0 || !output.contains("return code: 0")) {
			throw new IOException("async-profiler " + command.split(",")[0] + " failed: " + output.trim());
		}
	}

}
