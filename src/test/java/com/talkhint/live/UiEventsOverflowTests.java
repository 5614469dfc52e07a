package com.talkhint.live;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.talkhint.event.CallEvent;
import com.talkhint.event.CallEvent.CallStatus;
import com.talkhint.event.CallEvent.TranscriptPartial;
import com.talkhint.event.LocalEventBus;
import com.talkhint.security.ApiToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The browser outbox when it is full: the sender thread is held inside one browser's send while more events than
 * the outbox holds are published for that browser's call. The browser that missed events is then closed with 1013
 * (the page reconnects and reloads the call from the API) instead of going on with a hole in its transcript; a
 * browser following another call, which missed nothing, keeps its socket and its events.
 */
class UiEventsOverflowTests {

	private static final String SLOW_CALL = "CA" + "a".repeat(32);

	private static final String OTHER_CALL = "CA" + "b".repeat(32);

	private final LocalEventBus bus = new LocalEventBus();

	private final UiEventsHandler handler = new UiEventsHandler(JsonMapper.builder().build(), new ApiToken(""),
			this.bus, Clock.systemUTC());

	@AfterEach
	void stop() throws Exception {
		this.handler.close();
	}

	@Test
	void aBrowserThatMissedEventsIsClosedToReloadAndTheOthersKeepTheirs() throws Exception {
		Session slow = connect("slow", SLOW_CALL);
		Session other = connect("other", OTHER_CALL);

		slow.holdSends();
		this.bus.publish(partial(SLOW_CALL, 0));
		assertThat(slow.entered.await(10, TimeUnit.SECONDS)).as("the sender is inside the slow browser's send").isTrue();
		for (int i = 1; i <= UiEventsHandler.OUTBOX_EVENTS + 1; i++) {
			this.bus.publish(partial(SLOW_CALL, i)); // the last one finds the outbox full
		}
		assertThat(slow.closedWith).as("nothing is decided while the sender is held").isNull();
		slow.release.countDown();

		await().atMost(java.time.Duration.ofSeconds(10)).until(() -> slow.closedWith != null);
		assertThat(slow.closedWith).isEqualTo(UiEventsHandler.MISSED_EVENTS);
		assertThat(slow.closedWith.getCode()).isEqualTo(1013);
		assertThat(slow.texts()).as("no event reaches it after it was closed").hasSizeLessThan(3);

		this.bus.publish(partial(OTHER_CALL, 1));
		this.bus.publish(new CallStatus(OTHER_CALL, Instant.now(), "completed", "done"));
		await().atMost(java.time.Duration.ofSeconds(10)).until(() -> other.texts().stream()
			.anyMatch(t -> t.contains("\"call.status\"")));
		assertThat(other.closedWith).isNull();
		assertThat(other.texts()).anyMatch(t -> t.contains("\"transcript.partial\"") && t.contains(OTHER_CALL));
		assertThat(this.handler.sessionCount()).isEqualTo(1);
		assertThat(this.handler.followerCount(SLOW_CALL)).isZero();
	}

	@Test
	void withRoomInTheOutboxNoBrowserIsClosed() throws Exception {
		Session browser = connect("browser", SLOW_CALL);
		for (int i = 0; i < 100; i++) {
			this.bus.publish(partial(SLOW_CALL, i));
		}
		await().atMost(java.time.Duration.ofSeconds(10))
			.until(() -> browser.texts().stream().filter(t -> t.contains("\"transcript.partial\"")).count() == 100);
		assertThat(browser.closedWith).isNull();
	}

	private Session connect(String id, String callSid) throws Exception {
		Session session = new Session(id);
		this.handler.afterConnectionEstablished(session);
		this.handler.handleTextMessage(session, new TextMessage("{\"subscribe\":\"" + callSid + "\"}"));
		await().atMost(java.time.Duration.ofSeconds(10)).until(() -> this.handler.followerCount(callSid) == 1);
		return session;
	}

	private static CallEvent partial(String callSid, int n) {
		return new TranscriptPartial(callSid, Instant.now(), new TranscriptPartial.Data("customer", "words " + n, 0));
	}

	/**
	 * A browser socket (Spring's interface, written out here): records what is sent and how it was closed, and
	 * once {@link #holdSends} was called, holds the first send that follows until {@link #release}.
	 */
	private static final class Session implements WebSocketSession {

		final String id;

		final List<WebSocketMessage<?>> sent = new CopyOnWriteArrayList<>();

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		volatile boolean hold;

		volatile CloseStatus closedWith;

		Session(String id) {
			this.id = id;
		}

		void holdSends() {
			this.hold = true;
		}

		List<String> texts() {
			return this.sent.stream().map(m -> String.valueOf(m.getPayload())).toList();
		}

		@Override
		public void sendMessage(WebSocketMessage<?> message) throws IOException {
			if (this.hold) {
				this.hold = false;
				this.entered.countDown();
				try {
					this.release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IOException("interrupted", ex);
				}
			}
			this.sent.add(message);
		}

		@Override
		public void close(CloseStatus status) {
			this.closedWith = status;
		}

		@Override
		public void close() {
			close(CloseStatus.NORMAL);
		}

		@Override
		public boolean isOpen() {
			return this.closedWith == null;
		}

		@Override
		public String getId() {
			return this.id;
		}

		@Override
		public URI getUri() {
			return URI.create("ws://127.0.0.1/ui/events");
		}

		@Override
		public HttpHeaders getHandshakeHeaders() {
			return new HttpHeaders();
		}

		@Override
		public Map<String, Object> getAttributes() {
			return new HashMap<>();
		}

		@Override
		public Principal getPrincipal() {
			return null;
		}

		@Override
		public InetSocketAddress getLocalAddress() {
			return null;
		}

		@Override
		public InetSocketAddress getRemoteAddress() {
			return null;
		}

		@Override
		public String getAcceptedProtocol() {
			return null;
		}

		@Override
		public void setTextMessageSizeLimit(int messageSizeLimit) {
		}

		@Override
		public int getTextMessageSizeLimit() {
			return 0;
		}

		@Override
		public void setBinaryMessageSizeLimit(int messageSizeLimit) {
		}

		@Override
		public int getBinaryMessageSizeLimit() {
			return 0;
		}

		@Override
		public List<WebSocketExtension> getExtensions() {
			return List.of();
		}

	}

}
