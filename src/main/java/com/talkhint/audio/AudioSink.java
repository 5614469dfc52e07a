package com.talkhint.audio;

import java.util.concurrent.CompletableFuture;

/**
 * Receives the decoded audio of one media stream. {@link #onFrame} is called on the WebSocket thread for
 * every media message, so implementations must return at once (queue the work, never block or recognise
 * speech there).
 */
public interface AudioSink extends AutoCloseable {

	/**
	 * One media message of one track.
	 * @param track which side
	 * @param timestampMs Twilio's {@code media.timestamp}: ms from the start of the stream
	 * @param pcm8k the payload decoded from µ-law: 16-bit linear PCM, 8000 Hz, mono (usually 160 samples)
	 */
	void onFrame(Track track, long timestampMs, short[] pcm8k);

	/** The stream ended ({@code stop} or socket closed): flush what is pending, release native handles. */
	@Override
	void close();

	/**
	 * Completes once what {@link #close()} flushed has been delivered (for transcription: the last final stored
	 * and published). {@link #close()} itself never waits; graceful shutdown does, on this. Default: at once.
	 */
	default CompletableFuture<Void> flushed() {
		return CompletableFuture.completedFuture(null);
	}

	/** How many tracks are still flushing after {@link #close()}, for the shutdown log. Default: none. */
	default int tracksFlushing() {
		return 0;
	}

}
