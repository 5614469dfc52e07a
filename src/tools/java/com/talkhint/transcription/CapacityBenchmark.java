package com.talkhint.transcription;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.talkhint.audio.AudioSink;
import com.talkhint.audio.Track;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * (c) The most concurrent two-track calls this machine transcribes in real time, for the pipeline and for
 * bare Vosk. Every call plays the support scenario in real time, rotated by a different offset and started
 * {@value #STAGGER_MS} ms after the previous one, so that calls neither start nor speak all at the same
 * instant (real calls do not). A run is sustained when no track ever had more than
 * {@value #SUSTAINED_LAG_MS} ms of audio waiting and nothing was dropped. The CPU each call costs is printed
 * too: on a machine shared with other work that is the steadier figure.
 */
final class CapacityBenchmark {

	static final long SUSTAINED_LAG_MS = 1000;

	static final int STAGGER_MS = 1000;

	/** Stop there even if both still keep up. */
	static final int MAX_CALLS = 16;

	private CapacityBenchmark() {
	}

	interface Contender {

		String name();

		/** Opens one call; the sink's audio must be recognised on threads of the system's own. */
		AudioSink open(int index);

		/** Worst lag right now over every open track, in ms of audio. */
		long lagMs();

		long dropped();

		/** Waits for everything to finish and frees it. */
		void finish() throws Exception;

	}

	static void run(Model model, TranscriptionProperties settings) throws Exception {
		System.out.printf(Locale.ROOT, "(c) concurrent two-track calls sustained in real time "
				+ "(support scenario, %d s per run, lag ≤ %d ms, no drops)%n",
				SharedAudio.scenario("support").agent().length / 8000, SUSTAINED_LAG_MS);
		// Warm-up (JIT, the model's first decode) so the first trial does not pay for it.
		sustained(pipeline(model, settings), 1, false);
		sustained(bare(model), 1, false);
		// Both contenders at each N back to back, so they see the same load from whatever else runs here.
		int pipe = 0;
		int bare = 0;
		for (int n = 1; n <= MAX_CALLS && (pipe == n - 1 || bare == n - 1); n++) {
			if (pipe == n - 1 && sustained(pipeline(model, settings), n, true)) {
				pipe = n;
			}
			if (bare == n - 1 && sustained(bare(model), n, true)) {
				bare = n;
			}
		}
		System.out.printf(Locale.ROOT, "capacity: pipeline %d calls, bare Vosk %d calls (%.0f %%)%n%n", pipe, bare,
				(bare == 0) ? 0 : 100.0 * pipe / bare);
	}

	private static boolean sustained(Contender system, int calls, boolean print) throws Exception {
		SharedAudio.Scenario scenario = SharedAudio.scenario("support");
		List<RealTimePlayer.Call> plays = new ArrayList<>();
		double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
		for (int i = 0; i < calls; i++) {
			int offset = (int) ((long) scenario.agent().length * i / calls) / Feeding.FRAME * Feeding.FRAME;
			plays.add(new RealTimePlayer.Call(system.open(i), rotate(scenario.agent(), offset),
					rotate(scenario.customer(), offset), i * STAGGER_MS / 20));
		}
		long[] worst = { 0 };
		long cpuBefore = processCpuNanos();
		long wallBefore = System.nanoTime();
		RealTimePlayer.play(plays, (tick) -> {
			if (tick % 5 == 0) {
				worst[0] = Math.max(worst[0], system.lagMs());
			}
		});
		system.finish();
		long wall = System.nanoTime() - wallBefore;
		double cpuCores = (processCpuNanos() - cpuBefore) / (double) wall;
		// CPU seconds per second of one two-track call (each call plays the scenario once).
		double cpuPerCall = (processCpuNanos() - cpuBefore) / 1e9 / (calls * scenario.agent().length / 8000.0);
		boolean ok = worst[0] <= SUSTAINED_LAG_MS && system.dropped() == 0;
		if (print) {
			System.out.printf(Locale.ROOT,
					"  %-10s %2d calls: worst lag %5d ms, dropped %4d, used %.2f cores, %.3f CPU s per call s"
							+ " (load avg %.1f) → %s%n",
					system.name(), calls, worst[0], system.dropped(), cpuCores, cpuPerCall,
					Math.max(loadBefore, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()),
					ok ? "ok" : "behind");
		}
		return ok;
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	private static short[] rotate(short[] pcm, int offset) {
		short[] out = new short[pcm.length];
		System.arraycopy(pcm, offset, out, 0, pcm.length - offset);
		System.arraycopy(pcm, 0, out, pcm.length - offset, offset);
		return out;
	}

	private static Contender pipeline(Model model, TranscriptionProperties settings) {
		TranscriptionPipeline pipeline = new TranscriptionPipeline(new VoskSpeechRecognizer(model), List.of(),
				List.of(), settings);
		List<CallTranscription> calls = new ArrayList<>();
		return new Contender() {

			@Override
			public String name() {
				return "pipeline";
			}

			@Override
			public AudioSink open(int index) {
				CallTranscription call = (CallTranscription) pipeline.open(Feeding.outboundCall("CAcap" + index));
				calls.add(call);
				return call;
			}

			@Override
			public long lagMs() {
				return pipeline.stats().maxLagMs();
			}

			@Override
			public long dropped() {
				return pipeline.stats().droppedFramesTotal();
			}

			@Override
			public void finish() throws Exception {
				for (CallTranscription call : calls) {
					call.flushed().get(5, TimeUnit.MINUTES);
				}
			}

		};
	}

	/** Bare Vosk in real time: a thread and a Recognizer per track, fed pre-resampled 16 kHz, no gate. */
	private static Contender bare(Model model) {
		List<BareTrack> tracks = new ArrayList<>();
		return new Contender() {

			@Override
			public String name() {
				return "bare Vosk";
			}

			@Override
			public AudioSink open(int index) {
				BareTrack inbound = new BareTrack(model);
				BareTrack outbound = new BareTrack(model);
				tracks.add(inbound);
				tracks.add(outbound);
				return new AudioSink() {

					@Override
					public void onFrame(Track track, long timestampMs, short[] pcm8k) {
						((track == Track.INBOUND) ? inbound : outbound).offer(pcm8k);
					}

					@Override
					public void close() {
						inbound.offer(new short[0]);
						outbound.offer(new short[0]);
					}

				};
			}

			@Override
			public long lagMs() {
				return tracks.stream().mapToLong(BareTrack::lagMs).max().orElse(0);
			}

			@Override
			public long dropped() {
				return 0;
			}

			@Override
			public void finish() throws Exception {
				for (BareTrack track : tracks) {
					track.thread.join(TimeUnit.MINUTES.toMillis(5));
				}
			}

		};
	}

	private static final class BareTrack {

		private final LinkedBlockingQueue<short[]> queue = new LinkedBlockingQueue<>();

		private final AtomicLong queued = new AtomicLong();

		private final com.talkhint.audio.Resampler resampler = new com.talkhint.audio.Resampler(8000, 16000);

		final Thread thread;

		BareTrack(Model model) {
			this.thread = new Thread(() -> {
				try (Recognizer recognizer = new Recognizer(model, 16000f)) {
					recognizer.setWords(true);
					while (true) {
						short[] chunk = this.queue.take();
						if (chunk.length == 0) {
							recognizer.getFinalResult();
							return;
						}
						if (recognizer.acceptWaveForm(chunk, chunk.length)) {
							recognizer.getResult();
						}
						this.queued.addAndGet(-chunk.length / 2);
					}
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}, "bare-vosk");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		/** Resampling happens here, on the feeder thread, so bare Vosk's own threads only recognise. */
		void offer(short[] pcm8k) {
			if (pcm8k.length > 0) {
				this.queued.addAndGet(pcm8k.length);
				this.queue.add(this.resampler.process(pcm8k));
			}
			else {
				this.queue.add(pcm8k);
			}
		}

		long lagMs() {
			return this.queued.get() / 8;
		}

	}

}
