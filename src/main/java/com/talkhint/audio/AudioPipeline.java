package com.talkhint.audio;

/**
 * The one place media audio goes after the WebSocket decodes it: Twilio JSON → base64 → µ-law → PCM16 →
 * {@link AudioSink}. Opened once per stream on its {@code start} message.
 */
public interface AudioPipeline {

	AudioSink open(StreamContext context);

}
