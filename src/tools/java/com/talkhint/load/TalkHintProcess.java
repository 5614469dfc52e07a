package com.talkhint.load;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The TalkHint under test as a child process: {@code java -jar target/talkhint-*.jar} in real mode with the
 * simulator's account and API base URL, a fresh data directory and its own port, output in a log file. Stopped
 * with SIGTERM (graceful shutdown), then killed if it does not exit in time.
 */
final class TalkHintProcess implements AutoCloseable {

	private static final Duration STARTUP_LIMIT = Duration.ofMinutes(3);

	private static final Duration SHUTDOWN_LIMIT = Duration.ofSeconds(45);

	private final Process process;

	private final int port;

	private final Path log;

	private TalkHintProcess(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/**
	 * Starts TalkHint and waits (bounded) until {@code /actuator/health} is UP.
	 * @param jar the executable jar; {@code null} to find {@code target/talkhint-*.jar}
	 * @param environment Twilio settings and anything else for the child
	 * @param jvmArgs options before {@code -jar}, e.g. {@code -Xmx1g}
	 * @param workDir receives the data directory and the log
	 */
	static TalkHintProcess start(Path jar, Map<String, String> environment, List<String> jvmArgs, Path workDir)
			throws IOException, InterruptedException {
		Path executable = ((jar != null) ? jar : findJar(Path.of("target"))).toAbsolutePath();
		int port = freePort();
		Path dataDir = Files.createDirectories(workDir.resolve("data"));
		Path log = workDir.resolve("talkhint.log");
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmArgs);
		command.add("-jar");
		command.add(executable.toString());
		// The toll-fraud guard's rate limits (10 calls a minute by default) protect a real Twilio account; the
		// simulator costs nothing, and a load run places calls as fast as its levels need.
		command.add("--talkhint.calls.max-per-minute=1000000");
		command.add("--talkhint.calls.max-per-day=1000000");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.directory(workDir.toFile());
		builder.environment().putAll(environment);
		builder.environment().put("PORT", Integer.toString(port));
		builder.environment().put("SERVER_PORT", Integer.toString(port));
		builder.environment().put("SERVER_ADDRESS", "127.0.0.1");
		builder.environment().put("TALKHINT_DATA_DIR", dataDir.toString());
		// as ./talkhint run and the Dockerfile start it: measure what ships (glibc's default arenas double the RSS)
		builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
		// Signatures cover the public URL; in this setup the public URL is the loopback one.
		builder.environment().put("PUBLIC_BASE_URL", "http://127.0.0.1:" + port);
		Process process = builder.start();
		TalkHintProcess talkHint = new TalkHintProcess(process, port, log);
		MetricsClient health = new MetricsClient(talkHint.baseUrl(), environment.get("TALKHINT_API_TOKEN"));
		long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
		while (!health.healthy()) {
			if (!process.isAlive()) {
				throw new IllegalStateException("TalkHint exited with code " + process.exitValue()
						+ " while starting; see " + log);
			}
			if (System.nanoTime() > deadline) {
				talkHint.close();
				throw new IllegalStateException("TalkHint did not become healthy within " + STARTUP_LIMIT + "; see " + log);
			}
			// Bounded poll: the process either answers, exits or hits the deadline above.
			process.waitFor(250, TimeUnit.MILLISECONDS);
		}
		return talkHint;
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	long pid() {
		return this.process.pid();
	}

	Path log() {
		return this.log;
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/** SIGTERM and a bounded wait for the graceful shutdown, then SIGKILL. */
	@Override
	public void close() {
		if (!this.process.isAlive()) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(SHUTDOWN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	static Path findJar(Path target) throws IOException {
		if (!Files.isDirectory(target)) {
			throw new IllegalStateException("No " + target.toAbsolutePath() + ": build TalkHint first (mvn -DskipTests package)");
		}
		try (Stream<Path> files = Files.list(target)) {
			return files.filter((p) -> p.getFileName().toString().matches("talkhint-.*\\.jar"))
				.filter((p) -> !p.getFileName().toString().endsWith("-sources.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No talkhint-*.jar in " + target.toAbsolutePath()
						+ ": build it first (mvn -DskipTests package) or pass --jar"));
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
