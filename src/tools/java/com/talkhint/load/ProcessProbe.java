package com.talkhint.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads a local process from Linux {@code /proc}: CPU time ({@code stat} utime + stime), resident memory
 * ({@code status} VmRSS, which includes native memory such as Vosk's), threads, and the whole machine's busy
 * time ({@code /proc/stat}), so the figures say how much of the 2 shared cores other work took.
 */
final class ProcessProbe {

	/** Clock ticks per second of {@code /proc} CPU times; 100 on every Linux this runs on (USER_HZ). */
	private static final double TICKS_PER_SECOND = userHz();

	private final long pid;

	ProcessProbe(long pid) {
		this.pid = pid;
	}

	long pid() {
		return this.pid;
	}

	/** CPU seconds (user + system) used by the process so far; NaN when it is gone. */
	double cpuSeconds() {
		return cpuSeconds(Path.of("/proc", Long.toString(this.pid), "stat"));
	}

	/** Resident set size in MiB; NaN when unknown. */
	double rssMiB() {
		long kb = statusField("VmRSS:");
		return (kb < 0) ? Double.NaN : kb / 1024.0;
	}

	/** Threads of the process (JVM and native); -1 when unknown. */
	long threads() {
		return statusField("Threads:");
	}

	/** This JVM (the driver itself), to report what load generation costs on the same cores. */
	static ProcessProbe self() {
		return new ProcessProbe(ProcessHandle.current().pid());
	}

	/** Machine CPU: busy and total seconds over all cores since boot, from {@code /proc/stat}. */
	static double[] machineSeconds() {
		try {
			String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
			String[] f = cpu.trim().split("\\s+");
			long total = 0;
			for (int i = 1; i < f.length && i <= 8; i++) {
				total += Long.parseLong(f[i]);
			}
			long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
			return new double[] { (total - idle) / TICKS_PER_SECOND, total / TICKS_PER_SECOND };
		}
		catch (IOException | RuntimeException ex) {
			return new double[] { Double.NaN, Double.NaN };
		}
	}

	/** The 1-minute load average of the machine. */
	static double loadAverage() {
		try {
			return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
		}
		catch (IOException | RuntimeException ex) {
			return Double.NaN;
		}
	}

	/**
	 * Asks the JVM to run a full GC ({@code jcmd <pid> GC.run}), so the heap read next is live data only;
	 * false when jcmd is missing or refused (another user's JVM).
	 */
	boolean runGc() {
		try {
			Process jcmd = new ProcessBuilder("jcmd", Long.toString(this.pid), "GC.run").redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!jcmd.waitFor(20, TimeUnit.SECONDS)) {
				jcmd.destroyForcibly();
				return false;
			}
			return jcmd.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static double cpuSeconds(Path stat) {
		try {
			String line = Files.readString(stat);
			// Field 2 (comm) may contain spaces: count fields after its closing parenthesis.
			String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
			// After comm: f[0] = state (field 3), so utime (field 14) is f[11] and stime (field 15) f[12].
			return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
		}
		catch (IOException | RuntimeException ex) {
			return Double.NaN;
		}
	}

	private long statusField(String name) {
		try {
			List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(this.pid), "status"));
			for (String line : lines) {
				if (line.startsWith(name)) {
					return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// gone or not Linux
		}
		return -1;
	}

	private static double userHz() {
		try {
			Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
			String out = new String(getconf.getInputStream().readAllBytes()).trim();
			if (getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
				return Double.parseDouble(out);
			}
		}
		catch (IOException | RuntimeException ex) {
			// fall through to the Linux default
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return 100.0;
	}

}
