package com.talkhint.transcription;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

/**
 * Gives the C heap's free memory back to the system. Vosk allocates its recognisers with malloc; when one is
 * closed, glibc keeps most of the freed memory in its arenas, so a node's resident memory stays at its busiest
 * moment's until {@code malloc_trim} returns it (measured: 8 recognisers closed, 1430 MiB resident; after the trim,
 * 330 MiB). glibc only: elsewhere (macOS, musl) {@link #trim()} does nothing and says so.
 */
final class NativeHeap {

	private static final Function MALLOC_TRIM = mallocTrim();

	private NativeHeap() {
	}

	private static Function mallocTrim() {
		try {
			return NativeLibrary.getInstance("c").getFunction("malloc_trim");
		}
		catch (LinkageError | RuntimeException ex) { // not glibc: no such symbol, or no JNA native support
			return null;
		}
	}

	/** @return whether the C library has {@code malloc_trim} (glibc) */
	static boolean canTrim() {
		return MALLOC_TRIM != null;
	}

	/** Returns free heap memory to the system; {@code false} when nothing could be returned or it cannot trim. */
	static boolean trim() {
		return MALLOC_TRIM != null && MALLOC_TRIM.invokeInt(new Object[] { 0 }) == 1;
	}

	/** This process's resident memory in MiB, or -1 where {@code /proc} does not say (not Linux). */
	static long residentMiB() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("\\D", "")) / 1024; // kB
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not Linux
		}
		return -1;
	}

}
