package com.talkhint.twilio;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntToLongFunction;

import com.talkhint.audio.MuLaw;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the media socket's thread spends per Twilio message (docs/benchmarks.md, "Media Streams messages"), beside
 * the bare component it is built on: Jackson's {@code readTree} of the same texts. Measured in one run, in
 * interleaved rounds (the order rotates every round, so drift in the machine's load falls on every row alike),
 * after warm-up rounds that are not counted; each row is the median over the rounds of ns per message.
 *
 * <p>The messages are what Twilio sends for a {@code both_tracks} stream (TWILIO.md §1.2): {@code media} with 160
 * µ-law bytes (20 ms) in base64, {@code sequenceNumber}, {@code chunk} and {@code timestamp} as strings, the two
 * tracks interleaved; and the few control messages of a stream ({@code connected}, {@code start}, {@code stop}),
 * timed apart since there are three per call against 100 media messages a second. The per-frame rows after the
 * parse are the rest of what {@code MediaStreamHandler} does with a frame without a Spring context: base64 and
 * µ-law decoding (the sinks' work runs on the recognition threads, not here).
 *
 * <p>Usage: {@code ./talkhint bench frames}; {@code -Dbenchmark.rounds=N} (default 40) measured rounds,
 * {@code -Dbenchmark.warmup=N} (default 20) rounds before them. Prints figures only: nothing here asserts a time.
 */
public final class FrameBenchmark {

	/** Media messages per track in the corpus: 10 s of a call. */
	static final int FRAMES_PER_TRACK = 500;

	/** Streams whose control messages make the control corpus. */
	static final int STREAMS = 40;

	/** Messages per row and round (whole passes over the corpus), so a round of one row takes tens of milliseconds. */
	static final int MESSAGES_PER_ROUND = 20_000;

	/** Keeps the JIT from dropping work whose result nobody reads. */
	static volatile long sink;

	private FrameBenchmark() {
	}

	/** One row of the table: a name and the work for message {@code i} of the corpus. */
	record Row(String name, IntToLongFunction work) {
	}

	public static void main(String[] args) {
		int rounds = Integer.getInteger("benchmark.rounds", 40);
		int warmup = Integer.getInteger("benchmark.warmup", 20);
		JsonMapper json = JsonMapper.builder().build();
		Random random = new Random(20261206L);
		List<String> media = mediaMessages(random);
		List<String> control = controlMessages(random);

		String[] mediaText = media.toArray(String[]::new);
		String[] payloads = new String[mediaText.length];
		byte[][] ulaw = new byte[mediaText.length][];
		for (int i = 0; i < mediaText.length; i++) {
			payloads[i] = json.readTree(mediaText[i]).path("media").path("payload").stringValue();
			ulaw[i] = Base64.getDecoder().decode(payloads[i]);
		}
		String[] controlText = control.toArray(String[]::new);
		Base64.Decoder base64 = Base64.getDecoder();
		ObjectReader messages = MediaStreamMessage.reader(json); // once, as MediaStreamHandler does

		List<Row> mediaRows = List.of(
				new Row("Jackson readTree (bare component)", (i) -> json.readTree(mediaText[i]).size()),
				new Row("MediaStreamMessage.parse (shipped)",
						(i) -> ((MediaStreamMessage.Media) MediaStreamMessage.parse(messages, mediaText[i])).timestampMs()),
				new Row("base64 decode of the payload", (i) -> base64.decode(payloads[i]).length),
				new Row("MuLaw.decode (160 bytes to PCM16)", (i) -> MuLaw.decode(ulaw[i])[0]),
				new Row("the frame: parse + base64 + µ-law", (i) -> {
					MediaStreamMessage.Media m = (MediaStreamMessage.Media) MediaStreamMessage.parse(messages, mediaText[i]);
					return MuLaw.decode(base64.decode(m.payload()))[0] + m.timestampMs();
				}));
		List<Row> controlRows = List.of(
				new Row("Jackson readTree (bare component)", (i) -> json.readTree(controlText[i]).size()),
				new Row("MediaStreamMessage.parse (shipped)",
						(i) -> MediaStreamMessage.parse(messages, controlText[i]).event().length()));

		System.out.printf(Locale.ROOT, "Media Streams messages: %d media (%d per track, 160 µ-law bytes each), %d control"
				+ " (connected/start/stop of %d streams); %d warm-up + %d measured rounds; %d cores, load average %.1f,"
				+ " Java %s, Jackson %s%n", mediaText.length, FRAMES_PER_TRACK, controlText.length, STREAMS, warmup,
				rounds, Runtime.getRuntime().availableProcessors(), loadAverage(), System.getProperty("java.version"),
				json.version());
		long[][] mediaTimes = measure(mediaRows, mediaText.length, warmup, rounds);
		long[][] controlTimes = measure(controlRows, controlText.length, warmup, rounds);
		print("media messages", mediaRows, mediaTimes);
		print("control messages (connected, start, stop)", controlRows, controlTimes);
		System.out.printf(Locale.ROOT, "load average after the run %.1f%n", loadAverage());
	}

	/** ns per message of every row in every measured round: {@code [row][round]}. */
	static long[][] measure(List<Row> rows, int messages, int warmup, int rounds) {
		long[][] times = new long[rows.size()][rounds];
		int passes = Math.max(1, MESSAGES_PER_ROUND / messages);
		for (int round = 0; round < warmup + rounds; round++) {
			for (int k = 0; k < rows.size(); k++) {
				int r = (round + k) % rows.size(); // rotate the order: no row always runs first or after the same one
				IntToLongFunction work = rows.get(r).work();
				long acc = 0;
				long t0 = System.nanoTime();
				for (int pass = 0; pass < passes; pass++) {
					for (int i = 0; i < messages; i++) {
						acc += work.applyAsLong(i);
					}
				}
				long perMessage = (System.nanoTime() - t0) / ((long) passes * messages);
				sink += acc;
				if (round >= warmup) {
					times[r][round - warmup] = perMessage;
				}
			}
		}
		return times;
	}

	static void print(String title, List<Row> rows, long[][] times) {
		double bare = median(times[0]);
		System.out.printf(Locale.ROOT, "%n%s%n%-38s %12s %15s %12s%n", title, "", "ns/message", "p25–p75", "vs readTree");
		for (int r = 0; r < rows.size(); r++) {
			long[] sorted = times[r].clone();
			Arrays.sort(sorted);
			System.out.printf(Locale.ROOT, "%-38s %12.0f %8d–%-6d %11.2f×%n", rows.get(r).name(), median(times[r]),
					sorted[sorted.length / 4], sorted[sorted.length * 3 / 4], median(times[r]) / bare);
		}
	}

	static double median(long[] values) {
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
	}

	/**
	 * Twilio's media messages of a {@code both_tracks} stream, in its field order: a 300 Hz tone on one track and
	 * noise on the other (the content does not matter to the parse, only its size: 160 bytes → 216 base64 chars).
	 */
	static List<String> mediaMessages(Random random) {
		String streamSid = "MZ" + hex(random, 32);
		List<String> messages = new ArrayList<>();
		long sequence = 2; // 'start' was 1
		for (int chunk = 1; chunk <= FRAMES_PER_TRACK; chunk++) {
			long timestamp = (chunk - 1) * 20L + random.nextInt(3);
			for (String track : new String[] { "inbound", "outbound" }) {
				short[] pcm = new short[160];
				for (int s = 0; s < pcm.length; s++) {
					double t = ((chunk - 1) * 160 + s) / 8000.0;
					pcm[s] = track.equals("inbound") ? (short) (8000 * Math.sin(2 * Math.PI * 300 * t))
							: (short) (random.nextGaussian() * 600);
				}
				String payload = Base64.getEncoder().encodeToString(MuLaw.encode(pcm));
				messages.add("{\"event\":\"media\",\"sequenceNumber\":\"" + sequence++ + "\",\"media\":{\"track\":\"" + track
						+ "\",\"chunk\":\"" + chunk + "\",\"timestamp\":\"" + timestamp + "\",\"payload\":\"" + payload
						+ "\"},\"streamSid\":\"" + streamSid + "\"}");
			}
		}
		return messages;
	}

	/** {@code connected}, {@code start} and {@code stop} of {@link #STREAMS} streams, as Twilio sends them. */
	static List<String> controlMessages(Random random) {
		List<String> messages = new ArrayList<>();
		for (int s = 0; s < STREAMS; s++) {
			String account = "AC" + hex(random, 32);
			String call = "CA" + hex(random, 32);
			String stream = "MZ" + hex(random, 32);
			messages.add("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
			messages.add("{\"event\":\"start\",\"sequenceNumber\":\"1\",\"start\":{\"accountSid\":\"" + account
					+ "\",\"streamSid\":\"" + stream + "\",\"callSid\":\"" + call + "\",\"tracks\":[\"inbound\",\"outbound\"],"
					+ "\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1},"
					+ "\"customParameters\":{\"callSid\":\"" + call + "\",\"direction\":\"outbound\"}},\"streamSid\":\""
					+ stream + "\"}");
			messages.add("{\"event\":\"stop\",\"sequenceNumber\":\"" + (2 + 2 * FRAMES_PER_TRACK) + "\",\"stop\":{"
					+ "\"accountSid\":\"" + account + "\",\"callSid\":\"" + call + "\"},\"streamSid\":\"" + stream + "\"}");
		}
		return messages;
	}

	static String hex(Random random, int digits) {
		StringBuilder sb = new StringBuilder(digits);
		for (int i = 0; i < digits; i++) {
			sb.append(Character.forDigit(random.nextInt(16), 16));
		}
		return sb.toString();
	}

	static double loadAverage() {
		return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

}
