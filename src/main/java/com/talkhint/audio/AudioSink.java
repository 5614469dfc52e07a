package com.talkhint.audio;

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

}
