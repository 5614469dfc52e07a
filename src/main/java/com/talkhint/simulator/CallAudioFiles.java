package com.talkhint.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import com.talkhint.audio.MuLaw;
import com.talkhint.audio.WavFile;

/**
 * Loads a replay pair from the filesystem: raw G.711 µ-law at 8000 Hz ({@code .ulaw}, {@code .mulaw},
 * {@code .ul}, {@code .raw}), the format Twilio streams, or a WAV file of any encoding, rate and channel count,
 * mixed down, resampled to 8000 Hz and µ-law encoded as Twilio would carry it.
 */
public final class CallAudioFiles {

	/** Twilio Media Streams are 8000 Hz. */
	private static final int TWILIO_RATE = 8000;

	private CallAudioFiles() {
	}

	/** Loads the agent's and the customer's recordings; a clear error for a missing or unsupported file. */
	public static CallAudio load(Path agent, Path customer) {
		return new CallAudio("replay " + agent.getFileName() + " + " + customer.getFileName(), read(agent),
				read(customer));
	}

	static byte[] read(Path file) {
		if (!Files.isRegularFile(file)) {
			throw new IllegalArgumentException("Replay audio file not found: " + file.toAbsolutePath());
		}
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		try {
			if (name.endsWith(".ulaw") || name.endsWith(".mulaw") || name.endsWith(".ul") || name.endsWith(".raw")) {
				return Files.readAllBytes(file);
			}
			if (name.endsWith(".wav") || name.endsWith(".wave")) {
				return MuLaw.encode(WavFile.read(file).samplesAt(TWILIO_RATE));
			}
		}
		catch (WavFile.WavFormatException ex) {
			throw new IllegalArgumentException("Unusable replay audio: " + ex.getMessage(), ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read replay audio " + file.toAbsolutePath(), ex);
		}
		throw new IllegalArgumentException("Unsupported replay audio " + file.toAbsolutePath()
				+ ": use a .wav file or raw 8 kHz mu-law (.ulaw, .mulaw, .ul, .raw)");
	}

}
