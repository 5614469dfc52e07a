package com.talkhint.event;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.StringRedisTemplate;
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
 */
public class RedisEventBus implements EventBus, MessageListener {

	private static final Logger log = LoggerFactory.getLogger(RedisEventBus.class);

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	private final String channel;

	private final RedisMessageListenerContainer container;

	private final CopyOnWriteArrayList<Consumer<CallEvent>> subscribers = new CopyOnWriteArrayList<>();

	/** Calls whose channel this node listens to. */
	private final java.util.Set<String> followed = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();

	public RedisEventBus(StringRedisTemplate redis, RedisMessageListenerContainer container, JsonMapper json,
			String channel) {
		this.redis = redis;
		this.json = json;
		this.channel = channel;
		this.container = container;
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
		if (event.callSid() == null || event instanceof CallStatus) {
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

	@Override
	public void publish(CallEvent event) {
		try {
			this.redis.convertAndSend(channelOf(event), this.json.writeValueAsString(event));
		}
		catch (RuntimeException ex) {
			log.warn("[events] Redis publish failed for {} {}: {}", event.type(), event.callSid(), ex.toString());
		}
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
