package com.talkhint.event;

import com.talkhint.event.CallEvent.CallStatus;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link RedisEventBus} against the machine's real Redis (127.0.0.1:6379), each test on a channel of its own:
 * each publisher's events reach another node in order and complete; publishing does not wait for a Redis that
 * stops answering or is not there, and what fails is counted and logged once per episode; stopping sends what
 * was published first.
 */
class RedisEventBusTests {

	static final Duration WAIT = Duration.ofSeconds(20);

	/** Far below Lettuce's 60 s command timeout, which a publish waiting for Redis would take. */
	static final Duration NOT_BLOCKED = Duration.ofSeconds(5);

	static final int REDIS = 6379;

	final JsonMapper json = JsonMapper.builder().build();

	final String channel = "talkhint:test:bus:" + UUID.randomUUID();

	final List<AutoCloseable> closing = new ArrayList<>();

	final ListAppender<ILoggingEvent> busLog = new ListAppender<>();

	@BeforeEach
	void captureLog() {
		this.busLog.start();
		((Logger) LoggerFactory.getLogger(RedisEventBus.class)).addAppender(this.busLog);
	}

	@AfterEach
	void close() throws Exception {
		((Logger) LoggerFactory.getLogger(RedisEventBus.class)).detachAppender(this.busLog);
		for (int i = this.closing.size() - 1; i >= 0; i--) {
			this.closing.get(i).close();
		}
	}

	/**
	 * A bus on its own Lettuce connection factory and listener container, as a node has, started (connected, if
	 * Redis answers); only a bus on the real Redis listens.
	 */
	RedisEventBus bus(int port, Duration timeout) {
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.commandTimeout(timeout)
			.clientOptions(ClientOptions.builder()
				.socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
				.build())
			.build();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", port), client);
		factory.afterPropertiesSet();
		factory.start();
		this.closing.add(factory::destroy);
		// As the application's (EventBusConfiguration): in-order delivery
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(factory);
		RedisEventBus.deliverInOrder(container);
		container.afterPropertiesSet();
		if (port == REDIS) {
			container.start();
		}
		this.closing.add(container::destroy);
		RedisEventBus bus = new RedisEventBus(factory, container, this.json, this.channel, new SimpleMeterRegistry());
		bus.start();
		this.closing.add(bus::stop);
		return bus;
	}

	RedisEventBus bus() {
		return bus(REDIS, Duration.ofSeconds(5));
	}

	/** A second node's bus, subscribed: what it receives, in the order its subscribers got it. */
	List<CallStatus> listener() {
		RedisEventBus other = bus();
		List<CallStatus> received = new CopyOnWriteArrayList<>();
		other.subscribe((event) -> {
			if (event instanceof CallStatus status && !"marker".equals(status.callSid())) {
				received.add(status);
			}
		});
		List<CallEvent> markers = new CopyOnWriteArrayList<>();
		other.subscribe((event) -> {
			if ("marker".equals(event.callSid())) {
				markers.add(event);
			}
		});
		// Redis applies a SUBSCRIBE asynchronously: send markers until the listener hears its channel.
		RedisEventBus prober = bus();
		await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
			prober.publish(status("marker", 0));
			return !markers.isEmpty();
		});
		return received;
	}

	static CallStatus status(String callSid, int seq) {
		return new CallStatus(callSid, Instant.now(), "in-progress", Integer.toString(seq));
	}

	/** Each publisher's labels, in the order received. */
	static Map<String, List<Integer>> byPublisher(List<CallStatus> received) {
		return received.stream()
			.collect(Collectors.groupingBy(CallStatus::callSid,
					Collectors.mapping((s) -> Integer.parseInt(s.data().label()), Collectors.toList())));
	}

	static List<Integer> upTo(int n) {
		List<Integer> all = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			all.add(i);
		}
		return all;
	}

	/** Publishes {@code each} events from each of {@code threads} threads at once, returns when all have. */
	static void publishFromThreads(RedisEventBus bus, int threads, int each) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch go = new CountDownLatch(1);
			List<Future<?>> publishers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				String sid = "CA-publisher-" + t;
				publishers.add(pool.submit(() -> {
					go.await();
					for (int i = 0; i < each; i++) {
						bus.publish(status(sid, i));
					}
					return null;
				}));
			}
			go.countDown();
			for (Future<?> publisher : publishers) {
				publisher.get();
			}
		}
		finally {
			pool.shutdown();
		}
	}

	List<ILoggingEvent> warnings() {
		return this.busLog.list.stream().filter((e) -> e.getLevel() == Level.WARN).toList();
	}

	@Test
	void eventsFromManyThreadsArriveAtAnotherNodeInEachPublishersOrderNoneMissing() throws Exception {
		List<CallStatus> received = listener();
		RedisEventBus bus = bus();
		int threads = 8;
		int each = 500;
		publishFromThreads(bus, threads, each);
		await().atMost(WAIT).until(() -> received.size() >= threads * each);
		Map<String, List<Integer>> byPublisher = byPublisher(received);
		assertThat(byPublisher).hasSize(threads);
		byPublisher.forEach((sid, seqs) -> assertThat(seqs).as("events of %s, in the order received", sid)
			.isEqualTo(upTo(each)));
		assertThat(received).hasSize(threads * each);
		assertThat(bus.failed()).isZero();
		assertThat(warnings()).isEmpty();
	}

	@Test
	void publishDoesNotWaitForARedisThatStopsAnsweringCountsTheFailuresAndLogsOnceThenRecovers() throws Exception {
		List<CallStatus> received = listener();
		try (FreezingProxy proxy = new FreezingProxy(REDIS)) {
			// Connected through the proxy; every command times out after 1 s once it holds the answers back.
			RedisEventBus bus = bus(proxy.port(), Duration.ofSeconds(1));
			bus.publish(status("CA-frozen", 0));
			await().atMost(WAIT).until(() -> received.size() == 1);

			proxy.freeze();
			int n = 200;
			CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
				for (int i = 1; i <= n; i++) {
					bus.publish(status("CA-frozen", i));
				}
			});
			await().atMost(NOT_BLOCKED).until(publishing::isDone);
			await().atMost(WAIT).until(() -> bus.failed() == n);
			assertThat(warnings()).as("one warning for the whole episode").hasSize(1);
			assertThat(warnings().get(0).getFormattedMessage()).contains("publish failed",
					"talkhint.events.redis.failed");

			proxy.thaw(); // the late answers are for commands Lettuce already failed
			bus.publish(status("CA-frozen", n + 1));
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(this.busLog.list)
					.anyMatch((e) -> e.getFormattedMessage().contains("publish works again")));
			assertThat(bus.failed()).isEqualTo(n);
			assertThat(warnings()).hasSize(1);
		}
	}

	@Test
	void withNoRedisAtThePortPublishReturnsAndEachEventIsCountedWithOneWarning() throws Exception {
		int closed;
		try (ServerSocket probe = new ServerSocket(0)) {
			closed = probe.getLocalPort();
		}
		RedisEventBus bus = bus(closed, Duration.ofSeconds(1));
		int n = 200;
		CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
			for (int i = 0; i < n; i++) {
				bus.publish(status("CA-nowhere", i));
			}
		});
		await().atMost(NOT_BLOCKED).until(publishing::isDone);
		await().atMost(WAIT).until(() -> bus.failed() == n);
		assertThat(warnings()).hasSize(1);
		assertThat(warnings().get(0).getFormattedMessage()).contains("publish failed", "talkhint.events.redis.failed");
	}

	@Test
	void stopWaitsUntilRedisHasWhatWasPublishedThenLaterEventsAreCounted() throws Exception {
		List<CallStatus> received = listener();
		RedisEventBus bus = bus();
		int n = 5000;
		for (int i = 0; i < n; i++) {
			bus.publish(status("CA-closing", i));
		}
		bus.stop();
		assertThat(bus.isRunning()).isFalse();
		await().atMost(WAIT).until(() -> received.size() >= n);
		assertThat(byPublisher(received).get("CA-closing")).isEqualTo(upTo(n));
		assertThat(bus.failed()).as("nothing lost by the close").isZero();
		bus.publish(status("CA-closing", n));
		assertThat(bus.failed()).isEqualTo(1);
	}

	/**
	 * A TCP proxy to Redis that, while frozen, holds Redis's answers back: to Lettuce, a Redis that accepted the
	 * connection and stopped answering. Thawed, it passes them on, late, as a Redis that recovers would.
	 */
	static final class FreezingProxy implements AutoCloseable {

		final ServerSocket server = new ServerSocket(0);

		final List<Socket> sockets = new CopyOnWriteArrayList<>();

		private boolean frozen;

		FreezingProxy(int target) throws Exception {
			daemon(() -> {
				while (true) {
					Socket client = this.server.accept();
					Socket redis = new Socket("127.0.0.1", target);
					this.sockets.add(client);
					this.sockets.add(redis);
					daemon(() -> pump(client.getInputStream(), redis.getOutputStream(), false));
					daemon(() -> pump(redis.getInputStream(), client.getOutputStream(), true));
				}
			});
		}

		int port() {
			return this.server.getLocalPort();
		}

		synchronized void freeze() {
			this.frozen = true;
		}

		synchronized void thaw() {
			this.frozen = false;
			notifyAll();
		}

		private void pump(InputStream in, OutputStream out, boolean answers) throws Exception {
			byte[] buffer = new byte[8192];
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				if (answers) {
					synchronized (this) {
						while (this.frozen) {
							wait();
						}
					}
				}
				out.write(buffer, 0, n);
				out.flush();
			}
		}

		interface Work {

			void run() throws Exception;

		}

		private static void daemon(Work work) {
			Thread thread = new Thread(() -> {
				try {
					work.run();
				}
				catch (Exception ex) {
					// closed
				}
			}, "freezing-proxy");
			thread.setDaemon(true);
			thread.start();
		}

		@Override
		public void close() throws Exception {
			this.server.close();
			for (Socket socket : this.sockets) {
				socket.close();
			}
		}

	}

}
