package com.talkhint.load;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.talkhint.audio.MuLaw;
import com.talkhint.audio.Resampler;
import com.talkhint.transcription.BareVosk;
import com.talkhint.transcription.VoskModelLocator;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * Bare Vosk on the load run's own audio, in the driver's JVM, in the same run: the small English model with its
 * own settings, a new {@link Recognizer} per track as a simple integration would, both tracks of each scenario
 * whole (no gate: silences decoded too), 16 kHz in 20 ms chunks, results taken at Vosk's endpoints. Gives the CPU
 * seconds one call-second costs, the yardstick TalkHint's own figure is divided by. Measured twice: on the model as
 * published (its graph composed on the fly by each recogniser, as anyone who adds the Maven artifact gets it), and
 * on the model as TalkHint's build ships it (one precomposed graph, scripts/vosk-static-graph.sh).
 *
 * @param graph which model: "as published" or "precomposed"
 * @param cpuSeconds CPU the recognisers used (the resampling to 16 kHz is done beforehand and not counted)
 * @param callSeconds seconds of call decoded (each scenario once: both of its tracks)
 */
record BareVoskMeter(String graph, double cpuSeconds, double callSeconds) {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	double cpuPerCallSecond() {
		return this.cpuSeconds / this.callSeconds;
	}

	/** Bare Vosk on the model as published, then on the built-in one. */
	static List<BareVoskMeter> measure(List<String> scenarios) throws IOException {
		LibVosk.setLogLevel(LogLevel.WARNINGS);
		if (!VoskModelLocator.isModel(BareVosk.PUBLISHED_MODEL)) {
			throw new IOException(BareVosk.PUBLISHED_MODEL + " holds no model: build with ./talkhint (Maven unpacks it)");
		}
		Path dataDir = Files.createTempDirectory("talkhint-bare-vosk");
		Path builtIn = new VoskModelLocator("", dataDir, BareVoskMeter.class.getClassLoader()).locate();
		return List.of(measure("as published", BareVosk.PUBLISHED_MODEL, scenarios),
				measure(VoskModelLocator.precomposed(builtIn) ? "precomposed" : "built-in", builtIn, scenarios));
	}

	private static BareVoskMeter measure(String graph, Path modelDir, List<String> scenarios) throws IOException {
		double cpu = 0;
		double seconds = 0;
		try (Model model = new Model(modelDir.toString())) {
			for (String scenario : scenarios) {
				short[] agent = Resampler.resample(track(scenario, "agent"), 8000, 16000);
				short[] customer = Resampler.resample(track(scenario, "customer"), 8000, 16000);
				cpu += decode(model, agent) + decode(model, customer);
				seconds += Math.max(agent.length, customer.length) / 16000.0;
			}
		}
		return new BareVoskMeter(graph, cpu, seconds);
	}

	private static double decode(Model model, short[] pcm16k) throws IOException {
		long before = THREADS.getCurrentThreadCpuTime();
		try (Recognizer recognizer = new Recognizer(model, 16000f)) {
			recognizer.setWords(true);
			BareVosk.feed(recognizer, pcm16k, (json) -> { });
		}
		return (THREADS.getCurrentThreadCpuTime() - before) / 1e9;
	}

	private static short[] track(String scenario, String speaker) throws IOException {
		String resource = "scenarios/" + scenario + "/" + speaker + ".ulaw";
		try (InputStream in = BareVoskMeter.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IOException("Missing classpath resource " + resource);
			}
			return MuLaw.decode(in.readAllBytes());
		}
	}

}
