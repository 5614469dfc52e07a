package com.talkhint.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Plays Twilio's side of a call against a running TalkHint, message by message as TWILIO.md describes:
 * signed form webhooks, and a Media Streams WebSocket with a signed handshake.
 */
public final class TwilioPlayer {

	private final HttpClient http = HttpClient.newHttpClient();

	private final String authToken;

	public TwilioPlayer(String authToken) {
		this.authToken = authToken;
	}

	/** POSTs a form webhook signed over {@code url} and the fields; returns the response. */
	public HttpResponse<String> webhook(String url, Map<String, String> fields) throws IOException, InterruptedException {
		return webhook(url, fields, TwilioSigner.sign(this.authToken, url, fields));
	}

	public HttpResponse<String> webhook(String url, Map<String, String> fields, String signature)
			throws IOException, InterruptedException {
		String body = fields.entrySet()
			.stream()
			.map((e) -> enc(e.getKey()) + "=" + enc(e.getValue()))
			.collect(Collectors.joining("&"));
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (signature != null) {
			request.header("X-Twilio-Signature", signature);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Opens the media stream with Twilio's signature over the exact stream URL (no fields). */
	public Stream openStream(String streamUrl) throws Exception {
		return openStream(streamUrl, TwilioSigner.sign(this.authToken, streamUrl, Map.of()));
	}

	public Stream openStream(String streamUrl, String signature) throws Exception {
		Stream stream = new Stream();
		WebSocket.Builder builder = this.http.newWebSocketBuilder();
		if (signature != null) {
			builder.header("X-Twilio-Signature", signature);
		}
		stream.socket = builder.buildAsync(URI.create(streamUrl), stream).get(10, TimeUnit.SECONDS);
		return stream;
	}

	public static Map<String, String> callFields(String accountSid, String callSid, String status, String from, String to) {
		Map<String, String> f = new LinkedHashMap<>();
		f.put("AccountSid", accountSid);
		f.put("ApiVersion", "2010-04-01");
		f.put("CallSid", callSid);
		f.put("CallStatus", status);
		f.put("Direction", "outbound-api");
		f.put("From", from);
		f.put("To", to);
		return f;
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** One media stream socket: what TalkHint sent back (must be nothing) and how it closed. */
	public static final class Stream implements WebSocket.Listener {

		WebSocket socket;

		public final StringBuilder received = new StringBuilder();

		public final CompletableFuture<Integer> closed = new CompletableFuture<>();

		private long sequence;

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.received.append(data);
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closed.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.closed.complete(-1);
		}

		public void send(String text) {
			this.socket.sendText(text, true).join();
		}

		/**
		 * Sends a message the server is expected to refuse by closing the socket: it may close before the last of
		 * a large message is written ("Output closed"), which is the refusal itself, not a failure to send.
		 */
		public void sendRefused(String text) {
			try {
				this.socket.sendText(text, true).join();
			}
			catch (java.util.concurrent.CompletionException ex) {
				if (!(ex.getCause() instanceof IOException)) {
					throw ex;
				}
			}
		}

		public void sendBinary(byte[] bytes) {
			this.socket.sendBinary(java.nio.ByteBuffer.wrap(bytes), true).join();
		}

		public void connected() {
			send("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
		}

		public void start(String accountSid, String callSid, String streamSid, String direction) {
			send("{\"event\":\"start\",\"sequenceNumber\":\"" + (++this.sequence) + "\",\"start\":{\"accountSid\":\""
					+ accountSid + "\",\"streamSid\":\"" + streamSid + "\",\"callSid\":\"" + callSid
					+ "\",\"tracks\":[\"inbound\",\"outbound\"],\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\","
					+ "\"sampleRate\":8000,\"channels\":1},\"customParameters\":{\"callSid\":\"" + callSid
					+ "\",\"direction\":\"" + direction + "\"}},\"streamSid\":\"" + streamSid + "\"}");
		}

		public void media(String streamSid, String track, long chunk, long timestampMs, byte[] ulaw) {
			send("{\"event\":\"media\",\"sequenceNumber\":\"" + (++this.sequence) + "\",\"media\":{\"track\":\"" + track
					+ "\",\"chunk\":\"" + chunk + "\",\"timestamp\":\"" + timestampMs + "\",\"payload\":\""
					+ Base64.getEncoder().encodeToString(ulaw) + "\"},\"streamSid\":\"" + streamSid + "\"}");
		}

		/** Sends both tracks interleaved, 160 bytes (20 ms) per message per track, as Twilio frames them. */
		public void playBothTracks(String streamSid, Path inbound, Path outbound, int maxFrames) throws IOException {
			byte[] in = Files.readAllBytes(inbound);
			byte[] out = Files.readAllBytes(outbound);
			int frames = Math.min(maxFrames, Math.min(in.length, out.length) / 160);
			for (int i = 0; i < frames; i++) {
				media(streamSid, "inbound", i + 1, i * 20L, java.util.Arrays.copyOfRange(in, i * 160, i * 160 + 160));
				media(streamSid, "outbound", i + 1, i * 20L, java.util.Arrays.copyOfRange(out, i * 160, i * 160 + 160));
			}
		}

		/**
		 * Like {@link #playBothTracks} but paced in real time (20 ms per frame pair against absolute deadlines),
		 * as Twilio sends them: recognition then sees the audio as it would on a call.
		 */
		public void playBothTracksPaced(String streamSid, Path inbound, Path outbound) throws IOException {
			byte[] in = Files.readAllBytes(inbound);
			byte[] out = Files.readAllBytes(outbound);
			int frames = Math.min(in.length, out.length) / 160;
			long start = System.nanoTime();
			for (int i = 0; i < frames; i++) {
				long due = start + i * 20_000_000L;
				java.util.concurrent.locks.LockSupport.parkNanos(due - System.nanoTime());
				media(streamSid, "inbound", i + 1, i * 20L, java.util.Arrays.copyOfRange(in, i * 160, i * 160 + 160));
				media(streamSid, "outbound", i + 1, i * 20L, java.util.Arrays.copyOfRange(out, i * 160, i * 160 + 160));
			}
		}

		public void stop(String accountSid, String callSid, String streamSid) {
			send("{\"event\":\"stop\",\"sequenceNumber\":\"" + (++this.sequence) + "\",\"stop\":{\"accountSid\":\""
					+ accountSid + "\",\"callSid\":\"" + callSid + "\"},\"streamSid\":\"" + streamSid + "\"}");
		}

		public void close() {
			this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
		}

		public void abort() {
			this.socket.abort();
		}

	}

}
