package com.talkhint.event;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * {@link EventBus} over Redis pub/sub. A call's events go to a channel of their own,
 * {@code <channel>:call:<callSid>}, which a node subscribes to only while one of its browsers follows the call
 * ({@link #follow}); call statuses and events without a call go to {@code <channel>}, which every node hears. So
 * a browser on any node sees the calls it follows while the media stays on the node that holds the Twilio
 * WebSocket, and a node with no browser on a call does not even receive its partials. Every node delivers what
 * it receives (its own events included) to its local subscribers. Pub/sub is fire-and-forget: the database, not
 * the bus, is the record (the UI reloads a call from {@code /api/calls/{sid}} once subscribed).
 * <p>
 * Publishing never waits for Redis: the media socket thread and the recognition threads publish, and a Redis
 * round trip per event (or Lettuce's command timeout, when Redis hangs) would hold them up. {@link #publish}
 * hands the command to Lettuce's async API on a connection of the bus's own and returns; Lettuce writes a
 * connection's commands in the order they were issued, so each publisher's events, and so each call's, keep
 * their order. A connection of its own, so the template's shared connection and its blocking callers never
 * queue in front of (or behind) the events. It is made off the caller's thread (at {@link #start}, then again
 * whenever a publish finds the last attempt failed, at most once a second); events published while there is
 * none are counted as failed, not held. What bounds memory while Redis hangs or is away is Lettuce's command
 * timeout ({@code spring.data.redis.timeout}; Lettuce 7 times out every command by default, buffered ones
 * included), which fails whatever is not answered in time: at most that long's events are held. Lettuce's
 * {@code requestQueueSize} would be a harder bound, but it is a client option, so it would also bound the
 * application's other Redis use; it is left alone. A failed publish is counted ({@code talkhint.events.redis.failed})
 * and logged once per episode, with one line when publishing works again. Standalone or Sentinel Redis (the
 * factory's client is a {@link RedisClient}), not Cluster.
 */
public class RedisEventBus implements EventBus, MessageListener {

	private static final Logger log = LoggerFactory.getLogger(RedisEventBus.class);

	/**
	 * The phase of {@link #lifecycle}: stops after the media socket's transcript flush ({@code Integer.MAX_VALUE - 10}) and the web server's
	 * graceful shutdown, whose events it sends, and before Lettuce's connection factory (phase 0), which shuts the
	 * client down under the bus's connection.
	 */
	static final int PHASE = 1000;

	/** How long {@link #stop} waits for Redis to answer what was published before it closes the connection. */
	static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(5);

	/** How long {@link #start} waits for the first connection, so that the first call's events find it made. */
	static final Duration CONNECT_WAIT = Duration.ofSeconds(5);

	private static final long RETRY_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final LettuceConnectionFactory redis;

	private final JsonMapper json;

	private final String channel;

	private final RedisMessageListenerContainer container;

	private final CopyOnWriteArrayList<Consumer<CallEvent>> subscribers = new CopyOnWriteArrayList<>();

	/** Calls whose channel this node listens to. */
	private final java.util.Set<String> followed = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();

	private final Counter failed;

	/** Whether the last publish failed: the warning is logged when this turns true, one line when it turns false. */
	private final AtomicBoolean failing = new AtomicBoolean();

	/** The publishing connection: being made, made, or failed (then the next publish tries again); null at first. */
	private volatile CompletableFuture<StatefulRedisConnection<String, String>> connection;

	/** Makes connections off the publishers' threads: a thread per attempt, at most one attempt a second. */
	private final SimpleAsyncTaskExecutor connector = new SimpleAsyncTaskExecutor("redis-events-connect-");

	/** When a failed connection may be tried again, as {@link System#nanoTime}. */
	private volatile long retryAt;

	private volatile boolean running;

	/** Set by {@link #stop}: no new connection, and one made too late is closed. */
	private volatile boolean closed;

	public RedisEventBus(LettuceConnectionFactory redis, RedisMessageListenerContainer container, JsonMapper json,
			String channel, MeterRegistry meters) {
		this.redis = redis;
		this.json = json;
		this.channel = channel;
		this.container = container;
		this.connector.setDaemon(true);
		this.failed = Counter.builder("talkhint.events.redis.failed")
			.description("Events this node could not publish to Redis (not connected, an error or a timeout)")
			.register(meters);
		container.addMessageListener(this, new ChannelTopic(channel));
	}

	/**
	 * Makes {@code container} hand each message to its listeners on the thread that received it, one after the
	 * other, in the order Redis sent them. Spring's default executor starts a thread per message, which delivers a
	 * call's events out of order (seen: {@code 0, 1, 2, 4, 3}). Subscribers must be quick, as on the in-process bus:
	 * they are (the browsers' handler and the Twilio inspector only queue or note the event).
	 */
	public static void deliverInOrder(RedisMessageListenerContainer container) {
		container.setTaskExecutor(new SyncTaskExecutor());
	}

	/** The channel an event travels on: the call's own, or the one every node hears. */
	String channelOf(CallEvent event) {
		if (event.callSid() == null || event instanceof CallEvent.CallStatus) {
			return this.channel;
		}
		return callChannel(event.callSid());
	}

	private String callChannel(String callSid) {
		return this.channel + ":call:" + callSid;
	}

	@Override
	public void follow(String callSid) {
		if (this.followed.add(callSid)) {
			this.container.addMessageListener(this, new ChannelTopic(callChannel(callSid)));
		}
	}

	@Override
	public void unfollow(String callSid) {
		if (this.followed.remove(callSid)) {
			this.container.removeMessageListener(this, new ChannelTopic(callChannel(callSid)));
		}
	}

	/** How many calls this node listens to now. */
	public int followedCalls() {
		return this.followed.size();
	}

	/** Events this node received from Redis so far (all channels). */
	public long received() {
		return this.received.get();
	}

	/** Events this node could not publish to Redis so far. */
	public long failed() {
		return (long) this.failed.count();
	}

	/** Hands the event to Lettuce and returns; Redis's answer is handled on Lettuce's thread. */
	@Override
	public void publish(CallEvent event) {
		try {
			String payload = this.json.writeValueAsString(event);
			StatefulRedisConnection<String, String> connection = connection();
			if (connection == null) {
				failed(event, new RedisConnectionException("no connection to Redis (yet)"));
				return;
			}
			connection.async().publish(channelOf(event), payload).whenComplete((receivers, ex) -> {
				if (ex != null) {
					failed(event, ex);
				}
				else if (this.failing.get() && this.failing.compareAndSet(true, false)) {
					log.info("[events] Redis publish works again ({} event(s) failed since the start)", failed());
				}
			});
		}
		catch (RuntimeException ex) {
			failed(event, ex);
		}
	}

	private void failed(CallEvent event, Throwable ex) {
		this.failed.increment();
		if (this.failing.compareAndSet(false, true)) {
			log.warn("[events] Redis publish failed, first {} {}: {}; other nodes miss this node's events until it "
					+ "works again (one line then; each failure counted in talkhint.events.redis.failed)",
					event.type(), event.callSid(), ex.toString());
		}
	}

	/** The connection if made; otherwise starts making one (unless one is on its way or failed under a second ago). */
	private StatefulRedisConnection<String, String> connection() {
		CompletableFuture<StatefulRedisConnection<String, String>> current = this.connection;
		if (current != null && current.isDone() && !current.isCompletedExceptionally()) {
			return current.join();
		}
		boolean retry = current == null
				|| (current.isCompletedExceptionally() && System.nanoTime() - this.retryAt >= 0);
		if (retry && !this.closed) {
			connect(current);
		}
		return null;
	}

	/** Starts a connection attempt on a thread of its own, unless another caller did since {@code seen}. */
	private synchronized CompletableFuture<StatefulRedisConnection<String, String>> connect(
			CompletableFuture<StatefulRedisConnection<String, String>> seen) {
		if (this.connection != seen) {
			return this.connection;
		}
		RedisClient client = (RedisClient) this.redis.getRequiredNativeClient();
		CompletableFuture<StatefulRedisConnection<String, String>> attempt = CompletableFuture
			.supplyAsync(() -> client.connect(StringCodec.UTF8), this.connector);
		attempt.whenComplete((made, ex) -> {
			if (ex != null) {
				this.retryAt = System.nanoTime() + RETRY_PAUSE_NANOS;
			}
			else if (this.closed) {
				made.closeAsync();
			}
		});
		this.connection = attempt;
		return attempt;
	}

	/**
	 * {@link #start} and {@link #stop} as a lifecycle bean of their own, at {@link #PHASE}. Not the bus itself:
	 * Spring stops a lifecycle bean's dependents before it, so a lifecycle bus would be stopped along with the
	 * listener container it is built on (phase {@code Integer.MAX_VALUE}, before the media flush publishes its
	 * last finals), and would take every bean that uses the bus, the journal among them, down with it (seen).
	 */
	public SmartLifecycle lifecycle() {
		return new SmartLifecycle() {

			@Override
			public void start() {
				RedisEventBus.this.start();
			}

			@Override
			public void stop() {
				RedisEventBus.this.stop();
			}

			@Override
			public boolean isRunning() {
				return RedisEventBus.this.isRunning();
			}

			@Override
			public int getPhase() {
				return PHASE;
			}

		};
	}

	/** Connects, waiting up to {@link #CONNECT_WAIT}: a Redis that is down is logged by the first publish. */
	public void start() {
		this.closed = false;
		this.running = true;
		CompletableFuture<StatefulRedisConnection<String, String>> current = this.connection;
		if (current == null || current.isCompletedExceptionally()) {
			current = connect(current);
		}
		try {
			current.get(CONNECT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			// not connected (yet): each publish until then is counted, the first logged
		}
	}

	/**
	 * Waits (up to {@link #FLUSH_TIMEOUT}) until Redis has answered every event published so far, then closes the
	 * connection. One PING does it: Redis answers a connection's commands in order, so when the PING is answered
	 * every publish before it is. Events published after this are counted as failed.
	 */
	public void stop() {
		this.running = false;
		this.closed = true;
		CompletableFuture<StatefulRedisConnection<String, String>> current = this.connection;
		if (current == null || !current.isDone() || current.isCompletedExceptionally()) {
			return; // an attempt still under way closes its connection when made
		}
		StatefulRedisConnection<String, String> connection = current.join();
		try {
			connection.async().ping().get(FLUSH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			log.warn("[events] shutdown: Redis did not confirm the last events within {} ({}); closing anyway",
					FLUSH_TIMEOUT, ex.toString());
		}
		try {
			connection.closeAsync().get(FLUSH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			log.warn("[events] shutdown: closing the Redis connection: {}", ex.toString());
		}
		this.connection = null;
	}

	public boolean isRunning() {
		return this.running;
	}

	@Override
	public AutoCloseable subscribe(Consumer<CallEvent> subscriber) {
		this.subscribers.add(subscriber);
		return () -> this.subscribers.remove(subscriber);
	}

	@Override
	public void onMessage(Message message, byte[] pattern) {
		this.received.incrementAndGet();
		CallEvent event;
		try {
			// The same JSON the browser gets; its "type" names the record.
			event = this.json.readValue(message.getBody(), CallEvent.class);
		}
		catch (RuntimeException ex) { // JacksonException is unchecked in Jackson 3
			log.warn("[events] unreadable event on Redis channel {}: {}", this.channel, ex.toString());
			return;
		}
		for (Consumer<CallEvent> subscriber : this.subscribers) {
			try {
				subscriber.accept(event);
			}
			catch (RuntimeException ex) {
				log.warn("[events] subscriber failed on {} for {}: {}", event.type(), event.callSid(), ex.toString());
			}
		}
	}

}
