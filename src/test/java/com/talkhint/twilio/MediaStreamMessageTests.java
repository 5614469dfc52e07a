package com.talkhint.twilio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import com.talkhint.audio.Track;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parsing of recorded Twilio Media Streams JSON (TWILIO.md §1.2), including Twilio's strings-for-numbers. */
class MediaStreamMessageTests {

	private final ObjectReader reader = MediaStreamMessage.reader(JsonMapper.builder().build());

	@Test
	void parsesConnected() throws IOException {
		MediaStreamMessage message = parse("connected.json");
		assertThat(message).isEqualTo(new MediaStreamMessage.Connected("Call", "1.0.0"));
	}

	@Test
	void parsesStartWithTracksFormatAndCustomParameters() throws IOException {
		MediaStreamMessage.Start start = (MediaStreamMessage.Start) parse("start.json");
		assertThat(start.sequenceNumber()).isEqualTo(1);
		assertThat(start.callSid()).isEqualTo("CA0123456789abcdef0123456789abcdef");
		assertThat(start.streamSid()).isEqualTo("MZXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX");
		assertThat(start.tracks()).containsExactly("inbound", "outbound");
		assertThat(start.encoding()).isEqualTo("audio/x-mulaw");
		assertThat(start.sampleRate()).isEqualTo(8000);
		assertThat(start.channels()).isEqualTo(1);
		assertThat(start.customParameters()).containsEntry("direction", "outbound");
	}

	@Test
	void parsesMediaWithStringCountersAsNumbers() throws IOException {
		MediaStreamMessage.Media media = (MediaStreamMessage.Media) parse("media-outbound.json");
		assertThat(media.track()).isEqualTo(Track.OUTBOUND);
		assertThat(media.sequenceNumber()).isEqualTo(3);
		assertThat(media.chunk()).isEqualTo(1);
		assertThat(media.timestampMs()).isEqualTo(5);
		assertThat(media.payload()).isEqualTo("/////////////////////w==");
	}

	@Test
	void parsesStop() throws IOException {
		MediaStreamMessage.Stop stop = (MediaStreamMessage.Stop) parse("stop.json");
		assertThat(stop.callSid()).isEqualTo("CA0123456789abcdef0123456789abcdef");
		assertThat(stop.sequenceNumber()).isEqualTo(5);
	}

	@Test
	void acceptsJsonNumbersWhereTwilioSendsStrings() {
		MediaStreamMessage.Media media = (MediaStreamMessage.Media) parseText(
				"{\"event\":\"media\",\"sequenceNumber\":7,\"media\":{\"track\":\"inbound\",\"chunk\":2,\"timestamp\":40,\"payload\":\"AA==\"}}");
		assertThat(media.timestampMs()).isEqualTo(40);
		assertThat(media.track()).isEqualTo(Track.INBOUND);
	}

	@Test
	void rejectsWhatTwilioNeverSendsNamingTheField() {
		assertThatThrownBy(() -> parseText("[1,2]")).hasMessageContaining("not a JSON object");
		assertThatThrownBy(() -> parseText("{\"event\":\"party\"}")).hasMessageContaining("unknown event 'party'");
		assertThatThrownBy(() -> parseText("{\"sequenceNumber\":\"1\"}")).hasMessageContaining("missing 'event'");
		assertThatThrownBy(() -> parseText("{\"event\":\"media\",\"media\":{\"track\":\"inbound_track\",\"timestamp\":\"1\",\"payload\":\"\"}}"))
			.hasMessageContaining("media.track 'inbound_track'");
		assertThatThrownBy(() -> parseText("{\"event\":\"media\",\"media\":{\"track\":\"inbound\",\"timestamp\":\"soon\",\"payload\":\"\"}}"))
			.hasMessageContaining("'timestamp' is not a number");
		assertThatThrownBy(() -> parseText("{\"event\":\"media\",\"media\":{\"track\":\"inbound\",\"timestamp\":\"1\"}}"))
			.hasMessageContaining("missing 'payload'");
		assertThatThrownBy(() -> parseText("{\"event\":\"start\",\"start\":{\"streamSid\":\"MZ1\"}}"))
			.hasMessageContaining("missing 'callSid'");
		assertThatThrownBy(() -> parseText("{\"event\":42}")).hasMessageContaining("unknown event '42'");
		assertThatThrownBy(() -> parseText("{\"event\":\"media\",\"media\":\"AA==\"}"))
			.hasMessageContaining("'media' is not an object");
		assertThatThrownBy(() -> parseText("[\"media\",{\"media\":{\"track\":\"inbound\",\"timestamp\":\"1\",\"payload\":\"\"}}]"))
			.hasMessageContaining("not a JSON object");
		assertThatThrownBy(() -> parseText("{\"event\":\"stop\"")).hasMessageContaining("not JSON");
	}

	@Test
	void ignoresFieldsTwilioMayAddAndFindsTheEventAnywhere() {
		MediaStreamMessage.Media media = (MediaStreamMessage.Media) parseText("{\"sequenceNumber\":\"9\",\"extra\":[1,{}],"
				+ "\"media\":{\"track\":\"outbound\",\"chunk\":\"4\",\"timestamp\":\"60\",\"payload\":\"AA==\",\"more\":{}},"
				+ "\"streamSid\":\"MZ1\",\"event\":\"media\"}");
		assertThat(media.track()).isEqualTo(Track.OUTBOUND);
		assertThat(media.sequenceNumber()).isEqualTo(9);
		assertThat(media.chunk()).isEqualTo(4);
		assertThat(media.timestampMs()).isEqualTo(60);
		assertThat(media.streamSid()).isEqualTo("MZ1");
		assertThat(parseText("{\"event\":\"mark\",\"streamSid\":\"MZ1\",\"mark\":{\"name\":\"x\"}}"))
			.isInstanceOfSatisfying(MediaStreamMessage.Other.class, (other) -> assertThat(other.event()).isEqualTo("mark"));
	}

	private MediaStreamMessage parseText(String text) {
		return MediaStreamMessage.parse(this.reader, text);
	}

	private MediaStreamMessage parse(String resource) throws IOException {
		try (InputStream in = getClass().getResourceAsStream("/twilio/" + resource)) {
			return parseText(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
	}

}
